package io.decant.control;

import io.decant.spi.Key;
import io.decant.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Decant's own state, kept in one of the stores (PostgreSQL or MariaDB): migrations and their
 * phase, the audit log, the instance registry, the repair journal, intents, shadow evidence,
 * verification and backfill results. Every method is atomic. Times come from the control store's
 * clock, so instances on different hosts agree.
 */
public interface ControlStore {

    // --- schema -------------------------------------------------------------------------------

    /** Creates or upgrades Decant's tables (versioned, idempotent). Returns the schema version now in place. */
    int migrateSchema();

    /** The schema version in place, or 0 when {@link #migrateSchema()} has never run. */
    int schemaVersion();

    /** The control store's clock. */
    Instant now();

    // --- migrations and phases ----------------------------------------------------------------

    /** Registers a migration in LEGACY_ONLY at version 1 if it is not registered yet; returns its state. */
    MigrationState register(String migration);

    /**
     * The tables a migration was registered with by {@code init} ("store:schema.table -> store:schema.table",
     * as the databases resolve the configured names), or empty when none were recorded (or the schema
     * predates them).
     */
    Optional<String> registeredTables(String migration);

    /** Records the migration's tables ({@link #registeredTables(String)}); the migration must be registered. */
    void registerTables(String migration, String tables);

    /** The migration's state, or empty when it is not registered ({@code decant init} registers it). */
    Optional<MigrationState> state(String migration);

    /** Every registered migration's state. */
    List<MigrationState> states();

    /**
     * Atomically moves the phase from {@code expected} (phase and version) to {@code to}, bumping
     * the version, and appends {@code audit}. Returns the new state, or empty when the state was
     * no longer {@code expected} (another operator moved first); then nothing is written.
     */
    Optional<MigrationState> transition(MigrationState expected, Phase to, AuditEntry audit);

    /** Appends an audit line that is not a phase change (e.g. a forced guard, a restore). */
    void audit(AuditEntry entry);

    /** The newest audit lines, newest first. */
    List<AuditEntry> auditTail(String migration, int limit);

    // --- instances ----------------------------------------------------------------------------

    /** Registers or refreshes an instance: heartbeat now, and the phase version it acts on per migration. */
    void heartbeat(InstanceInfo instance, Collection<InstanceAck> acks);

    /**
     * An instance reads the phases it acts on and renews its lease, in one transaction: every
     * registry row of the instance for {@code migrations} gets {@code lease_at} = now (control
     * store clock). A row whose lease had lapsed (renewed longer than {@code deadAfter} ago), was
     * revoked ({@link #resolveStaleIntents}) or never had a token takes {@code proposedToken} as its new
     * token; the others keep theirs. Returns the states read and each row's token, or empty — and renews
     * nothing — when the instance is not registered for every one of them (it was forgotten, or never
     * joined): it must register again through {@link #heartbeat} before its lease counts.
     */
    Optional<LeaseGrant> renewLease(String instanceId, Collection<String> migrations, Duration deadAfter, long proposedToken);

    /** Removes an instance that is shutting down cleanly. */
    void deregister(String instanceId);

    /** Instances that registered for this migration, with their heartbeat and lease ages by the control store's clock. */
    List<InstanceStatus> instances(String migration);

    /** Removes registry rows of instances whose lease is older than {@code olderThan}. Returns how many. */
    int forgetInstances(Duration olderThan);

    // --- repair journal -----------------------------------------------------------------------

    /**
     * Journals keys for repair. For a certain {@code origin} an existing entry of the same key is
     * superseded: it takes the new direction and origin, its seq grows. For an uncertain origin (a
     * shadow mismatch, a verification difference), which says nothing about which store holds the
     * latest acknowledged write, a new entry takes {@code direction} (the authoritative store's) and
     * an existing entry keeps the direction and origin its writes gave it; its seq grows so a repair
     * in progress runs again. A claimed entry stays claimed (repairs of one key are serialized).
     * {@link JournalOrigin#NEW_ONLY_WRITE} entries are deferred (see {@link #recordNewOnlyWrites}
     * for the call the write path makes); an existing undeferred entry stays undeferred.
     */
    void enqueue(String migration, Collection<Key> keys, Direction direction, JournalOrigin origin);

    /**
     * Like {@link #enqueue} for one key of a certain origin, but only while the calling instance's
     * lease is unbroken ({@link LeaseFence}), checked with its registry row share-locked in the same
     * transaction. Returns false, having written nothing, when it is not.
     */
    boolean enqueueFenced(String migration, Key key, Direction direction, JournalOrigin origin, LeaseFence fence);

    /**
     * Records keys about to be written in NEW_ONLY (new → legacy, {@link JournalOrigin#NEW_ONLY_WRITE}),
     * durably, before the write. In the same transaction the migration's phase is read, share-locked
     * so that it serializes with {@link #transition}: the entries are deferred only while the phase
     * is NEW_ONLY (or RETIRED: a lagging instance's keys are kept for a rollback after a restore). An instance that is no longer in NEW_ONLY (frozen across a rollback, or lagging it)
     * therefore journals its keys as ordinary entries that repair drains. In the same transaction each
     * key gets an intent of {@code instanceId} marked as a single write (returned ids in key order):
     * while it stands, repairs of the key wait ({@link #writeInFlight}), so a drain cannot copy the
     * key's state before the write landed and then drop the entry; the caller deletes it after its write.
     */
    List<NewOnlyRecord> recordNewOnlyWrites(String migration, List<Key> keys, String instanceId);

    /**
     * Claims up to {@code max} undeferred entries that nobody holds (or whose claim expired), for
     * {@code lease}, oldest first. Safe in many processes at once.
     */
    List<JournalEntry> claim(String migration, String worker, int max, Duration lease);

    /** Removes a repaired entry if it was not enqueued again since the claim (same seq); else releases it. */
    void complete(JournalEntry entry);

    /** True while a claimed entry was not enqueued again since the claim (its seq is unchanged). */
    boolean unchanged(JournalEntry entry);

    /** Releases a claimed entry after a failed repair, counting the attempt. */
    void fail(JournalEntry entry, String error);

    /** How long the oldest undeferred entry has waited (since it was last enqueued), by this store's clock; empty when none waits. */
    Optional<Duration> oldestJournalEntryAge(String migration);

    /** The key's journal entry (deferred or not), if it has one. */
    Optional<JournalEntry> journalEntry(String migration, Key key);

    /** Undeferred entries waiting. */
    long journalDepth(String migration);

    /** Deferred entries (keys written in NEW_ONLY). */
    long deferredDepth(String migration);

    /** Which of {@code keys} have a deferred entry (were written in NEW_ONLY since the authority flip). */
    java.util.Set<Key> deferredKeys(String migration, Collection<Key> keys);

    /** Makes deferred entries ordinary, so repair drains them (a rollback from NEW_ONLY). Returns how many. */
    int undefer(String migration);

    /** Removes every entry of the migration, deferred or not (after the legacy rows are retired). */
    int clearJournal(String migration);

    // --- intents ------------------------------------------------------------------------------

    /** Stores intents (one round trip for the batch); returns their ids in order. */
    long[] insertIntents(List<Intent> intents);

    /** Clears intents whose dual writes finished. */
    void deleteIntents(long[] ids);

    /**
     * Intents left by an instance that is gone — not registered, or its lease renewed longer than
     * {@code deadAfter} ago (see {@link InstanceStatus#isLive}) — oldest first: the process may have
     * died, or been fenced, between the two writes. An intent of a live instance is never stale,
     * however old: its dual write may still be waiting for a row lock.
     */
    List<Intent> staleIntents(String migration, Duration deadAfter, int limit);

    /**
     * Turns intents into journal entries ({@link JournalOrigin#STALE_INTENT}) and removes them,
     * atomically. An intent's direction never supersedes a direction that a write gave an existing
     * entry (the intent's call was not acknowledged, or wrote both stores); it only replaces an
     * uncertain one. The entry's seq grows either way.
     */
    void resolveIntents(String migration, List<Intent> intents);

    /**
     * The sweeper's {@link #resolveIntents}: in one transaction it revokes the lease of each of the
     * intents' instances that is still gone (so a call of it that wakes up later cannot journal under
     * that lease, see {@link LeaseFence}), and resolves only the intents of instances gone now — an
     * instance that renewed its lease meanwhile keeps its intents. Returns how many it resolved.
     */
    int resolveStaleIntents(String migration, List<Intent> intents, Duration deadAfter);

    /**
     * True when a dual write of {@code key} that writes {@code secondStore} last may be between its
     * two writes: an intent of the key exists whose direction is not {@code secondStore}'s (it wrote the
     * other store first), or of a NEW_ONLY write (a single write, see {@link #recordNewOnlyWrites}), and
     * whose instance is live (see {@link #staleIntents}).
     *
     * @param secondStore the direction whose first store the writers in question write second: a
     *                    repair copying in this direction looks for writers in the opposite order
     */
    boolean writeInFlight(String migration, Key key, Direction secondStore, Duration deadAfter);

    /** Intents not yet cleared. */
    long intentCount(String migration);

    // --- shadow evidence ----------------------------------------------------------------------

    /** Adds counts seen under a phase version (instances flush their counters periodically). */
    void addShadowCounts(String migration, long phaseVersion, ShadowCounts delta);

    /** Counts seen under a phase version. */
    ShadowCounts shadowCounts(String migration, long phaseVersion);

    /** Keeps a mismatch with both values (the store keeps only the newest few hundred per migration). */
    void sampleMismatch(MismatchSample sample);

    /** The newest sampled mismatches, newest first. */
    List<MismatchSample> mismatchSamples(String migration, int limit);

    // --- verification and backfill evidence ---------------------------------------------------

    /** Stores a verification's outcome; returns its id. */
    long recordVerification(VerificationRecord record);

    /** The newest stored verification. */
    Optional<VerificationRecord> latestVerification(String migration);

    /** Stores or replaces the migration's current backfill record. */
    void recordBackfill(BackfillRecord record);

    /** The migration's current backfill record. */
    Optional<BackfillRecord> latestBackfill(String migration);
}
