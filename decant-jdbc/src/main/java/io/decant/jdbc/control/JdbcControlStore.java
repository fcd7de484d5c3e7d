package io.decant.jdbc.control;

import io.decant.control.ChunkLeases;
import io.decant.control.ControlStore;
import io.decant.control.EvidenceLog;
import io.decant.control.InstanceRegistry;
import io.decant.control.IntentLog;
import io.decant.control.PhaseLog;
import io.decant.control.RepairJournal;
import io.decant.control.VerifySpans;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
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
    private final KeyFenceTable keyFences;
    private final JdbcChunkLeases chunkLeases;
    private final JdbcVerifySpans verifySpans;

    /**
     * @param store the store's name, for messages
     * @param pool  connections to it (sessions in UTC)
     * @param sql   its engine's statements ({@code io.decant.jdbc.engine.Engine#controlSql()})
     */
    public JdbcControlStore(String store, DataSource pool, ControlSql sql) {
        this.db = new ControlDb(store, pool, sql);
        this.phases = new PhaseTable(db);
        this.instances = new InstanceTable(db, phases);
        this.journal = new JournalTable(db, instances);
        this.keyFences = new KeyFenceTable(db);
        this.intents = new IntentTable(db, journal, instances, keyFences);
        this.evidence = new EvidenceTables(db);
        this.chunkLeases = new JdbcChunkLeases(db);
        this.verifySpans = new JdbcVerifySpans(db);
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
    public List<String> dropSchema() {
        return db.autocommit("drop the control schema", c -> ControlSchema.drop(c, db.sql));
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
    public PhaseLog phases() {
        return phases;
    }

    @Override
    public InstanceRegistry instances() {
        return instances;
    }

    @Override
    public io.decant.control.KeyFences keyFences() {
        return keyFences;
    }

    @Override
    public RepairJournal journal() {
        return journal;
    }

    @Override
    public IntentLog intents() {
        return intents;
    }

    @Override
    public EvidenceLog evidence() {
        return evidence;
    }

    @Override
    public ChunkLeases chunkLeases() {
        return chunkLeases;
    }

    @Override
    public VerifySpans verifySpans() {
        return verifySpans;
    }
}
