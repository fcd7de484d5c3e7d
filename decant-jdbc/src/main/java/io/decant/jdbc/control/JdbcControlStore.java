package io.decant.jdbc.control;

import io.decant.Phase;
import io.decant.control.AuditEntry;
import io.decant.control.BackfillRecord;
import io.decant.control.ControlStore;
import io.decant.control.Direction;
import io.decant.control.InstanceAck;
import io.decant.control.InstanceInfo;
import io.decant.control.InstanceStatus;
import io.decant.control.Intent;
import io.decant.control.JournalEntry;
import io.decant.control.JournalOrigin;
import io.decant.control.LeaseFence;
import io.decant.control.LeaseGrant;
import io.decant.control.NewOnlyRecord;
import io.decant.spi.Key;
import io.decant.control.MigrationState;
import io.decant.control.MismatchSample;
import io.decant.control.ShadowCounts;
import io.decant.control.VerificationRecord;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * {@link ControlStore} on PostgreSQL or MariaDB, in the {@code decant_*} tables of the store's
 * default schema (PostgreSQL) or database (MariaDB). Each concern has its table group; this class
 * wires them.
 */
public final class JdbcControlStore implements ControlStore {
    private final ControlDb db;
    private final PhaseTable phases;
    private final InstanceTable instances;
    private final JournalTable journal;
    private final IntentTable intents;
    private final EvidenceTables evidence;

    /**
     * @param store    the store's name, for messages
     * @param pool     connections to it (sessions in UTC)
     * @param postgres true for PostgreSQL, false for MariaDB
     */
    public JdbcControlStore(String store, DataSource pool, boolean postgres) {
        this.db = new ControlDb(store, pool, postgres ? new PostgresControlSql() : new MariaDbControlSql());
        this.phases = new PhaseTable(db);
        this.instances = new InstanceTable(db);
        this.journal = new JournalTable(db);
        this.intents = new IntentTable(db, journal);
        this.evidence = new EvidenceTables(db);
    }

    @Override
    public int migrateSchema() {
        return db.autocommit("schema migration", c -> ControlSchema.migrate(c, db.sql));
    }

    @Override
    public int schemaVersion() {
        return db.autocommit("read schema version", c -> ControlSchema.version(c, db.sql));
    }

    @Override
    public Instant now() {
        return db.autocommit("read the clock", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + db.sql.now())) {
                rs.next();
                return db.sql.instant(rs, 1);
            }
        });
    }

    @Override
    public MigrationState register(String migration) {
        return phases.register(migration);
    }

    @Override
    public Optional<String> registeredTables(String migration) {
        return phases.registeredTables(migration);
    }

    @Override
    public void registerTables(String migration, String tables) {
        phases.registerTables(migration, tables);
    }

    @Override
    public Optional<MigrationState> state(String migration) {
        return phases.state(migration);
    }

    @Override
    public List<MigrationState> states() {
        return phases.states();
    }

    @Override
    public Optional<MigrationState> transition(MigrationState expected, Phase to, AuditEntry audit) {
        return phases.transition(expected, to, audit);
    }

    @Override
    public void audit(AuditEntry entry) {
        phases.audit(entry);
    }

    @Override
    public List<AuditEntry> auditTail(String migration, int limit) {
        return phases.auditTail(migration, limit);
    }

    @Override
    public void heartbeat(InstanceInfo instance, Collection<InstanceAck> acks) {
        instances.heartbeat(instance, acks);
    }

    @Override
    public Optional<LeaseGrant> renewLease(String instanceId, Collection<String> migrations, Duration deadAfter,
                                           long proposedToken) {
        return instances.renewLease(instanceId, migrations, deadAfter, proposedToken, phases);
    }

    @Override
    public void deregister(String instanceId) {
        instances.deregister(instanceId);
    }

    @Override
    public List<InstanceStatus> instances(String migration) {
        return instances.instances(migration);
    }

    @Override
    public int forgetInstances(Duration olderThan) {
        return instances.forget(olderThan);
    }

    @Override
    public void enqueue(String migration, Collection<Key> keys, Direction direction, JournalOrigin origin) {
        journal.enqueue(migration, keys, direction, origin);
    }

    @Override
    public boolean enqueueFenced(String migration, Key key, Direction direction, JournalOrigin origin, LeaseFence fence) {
        return db.transaction("journal key " + key + " of " + migration + " (" + origin + ", fenced)", c -> {
            if (!instances.leaseUnbroken(c, migration, fence)) {
                return false;
            }
            journal.enqueue(c, migration, List.of(key), direction, origin, false);
            return true;
        });
    }

    @Override
    public List<NewOnlyRecord> recordNewOnlyWrites(String migration, List<Key> keys, String instanceId) {
        return db.transaction("record " + keys.size() + " key(s) written in NEW_ONLY of " + migration, c -> {
            if (db.sql.postgres()) {
                return PostgresNewOnlyRecord.record(c, migration, keys, instanceId); // one statement
            }
            Set<String> kept = journal.recordNewOnlyWrites(c, migration, keys);
            long[] ids = intents.insert(c, migration, keys, Direction.NEW_TO_LEGACY, instanceId, true);
            List<NewOnlyRecord> out = new ArrayList<>(keys.size());
            for (int i = 0; i < ids.length; i++) {
                out.add(new NewOnlyRecord(ids[i], kept.contains(JournalTable.keyText(keys.get(i)))));
            }
            return out;
        });
    }

    @Override
    public List<JournalEntry> claim(String migration, String worker, int max, Duration lease) {
        return journal.claim(migration, worker, max, lease);
    }

    @Override
    public void complete(JournalEntry entry) {
        journal.complete(entry);
    }

    @Override
    public Set<Key> deferredKeys(String migration, Collection<Key> keys) {
        return journal.deferredKeys(migration, keys);
    }

    @Override
    public boolean unchanged(JournalEntry entry) {
        return journal.unchanged(entry);
    }

    @Override
    public void fail(JournalEntry entry, String error) {
        journal.fail(entry, error);
    }

    @Override
    public Optional<Duration> oldestJournalEntryAge(String migration) {
        return journal.oldestAge(migration);
    }

    @Override
    public Optional<JournalEntry> journalEntry(String migration, Key key) {
        return journal.entry(migration, key);
    }

    @Override
    public long journalDepth(String migration) {
        return journal.depth(migration, false);
    }

    @Override
    public long deferredDepth(String migration) {
        return journal.depth(migration, true);
    }

    @Override
    public int undefer(String migration) {
        return journal.undefer(migration);
    }

    @Override
    public int clearJournal(String migration) {
        return journal.clear(migration);
    }

    @Override
    public long[] insertIntents(List<Intent> list) {
        return intents.insert(list);
    }

    @Override
    public void deleteIntents(long[] ids) {
        intents.delete(ids);
    }

    @Override
    public List<Intent> staleIntents(String migration, Duration deadAfter, int limit) {
        return intents.stale(migration, deadAfter, limit);
    }

    @Override
    public void resolveIntents(String migration, List<Intent> list) {
        intents.resolve(migration, list);
    }

    @Override
    public int resolveStaleIntents(String migration, List<Intent> list, Duration deadAfter) {
        return intents.resolveStale(migration, list, deadAfter, instances);
    }

    @Override
    public boolean writeInFlight(String migration, Key key, Direction secondStore, Duration deadAfter) {
        return intents.inFlight(migration, key, secondStore, deadAfter);
    }

    @Override
    public long intentCount(String migration) {
        return intents.count(migration);
    }

    @Override
    public void addShadowCounts(String migration, long phaseVersion, ShadowCounts delta) {
        evidence.addShadowCounts(migration, phaseVersion, delta);
    }

    @Override
    public ShadowCounts shadowCounts(String migration, long phaseVersion) {
        return evidence.shadowCounts(migration, phaseVersion);
    }

    @Override
    public void sampleMismatch(MismatchSample sample) {
        evidence.sampleMismatch(sample);
    }

    @Override
    public List<MismatchSample> mismatchSamples(String migration, int limit) {
        return evidence.mismatchSamples(migration, limit);
    }

    @Override
    public long recordVerification(VerificationRecord record) {
        return evidence.recordVerification(record);
    }

    @Override
    public Optional<VerificationRecord> latestVerification(String migration) {
        return evidence.latestVerification(migration);
    }

    @Override
    public void recordBackfill(BackfillRecord record) {
        evidence.recordBackfill(record);
    }

    @Override
    public Optional<BackfillRecord> latestBackfill(String migration) {
        return evidence.latestBackfill(migration);
    }
}
