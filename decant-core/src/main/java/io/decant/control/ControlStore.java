package io.decant.control;

import java.time.Instant;

/**
 * Decant's own state, kept in one of the databases (PostgreSQL or MariaDB), reached by role: the
 * phase log, the instance registry, the repair journal, the intents, the evidence, and the leases
 * of backfill chunks and verification spans. An engine takes the roles it uses. Times come from the
 * control store's clock, so instances on different hosts agree.
 */
public interface ControlStore {

    /** Creates or upgrades Decant's tables (versioned, idempotent). Returns the schema version now in place. */
    int migrateSchema();

    /** The schema version in place, or 0 when {@link #migrateSchema()} has never run. */
    int schemaVersion();

    /**
     * Drops every {@code decant_*} table of the control store (its schema, the audit log and all
     * evidence), for {@code decant uninstall} once every migration is RETIRED. Returns the tables
     * dropped.
     */
    java.util.List<String> dropSchema();

    /** The control store's clock. */
    Instant now();

    /** Migrations, their phase, and the audit log. */
    PhaseLog phases();

    /** The library instances, their acknowledged phase versions and leases. */
    InstanceRegistry instances();

    /** Keys waiting for repair. */
    RepairJournal journal();

    /** The dual writes' crash records. */
    IntentLog intents();

    /** Shadow counts, mismatch samples, verification and backfill records. */
    EvidenceLog evidence();

    /** The backfill's plan and chunk leases, shared by every process running it. */
    ChunkLeases chunkLeases();

    /** Verification runs shared by processes through span leases. */
    VerifySpans verifySpans();
}
