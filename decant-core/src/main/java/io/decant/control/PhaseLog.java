package io.decant.control;

import io.decant.Phase;
import java.util.List;
import java.util.Optional;

/**
 * The phase log: migrations, their phase and version, and the audit lines of each change. Every method is atomic; times
 * come from the control store's clock, so instances on different hosts agree.
 */
public interface PhaseLog {
    /** Registers a migration in LEGACY_ONLY at version 1 if it is not registered yet; returns its state. */
    MigrationState register(String migration);

    /**
     * The tables a migration was registered with by {@code init} ("store:schema.table -> store:schema.table",
     * as the databases resolve the configured names), or empty when none were recorded (or the schema
     * predates them).
     */
    Optional<String> registeredTables(String migration);

    /** Records the migration's tables ({@link PhaseLog#registeredTables(String)}); the migration must be registered. */
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
}
