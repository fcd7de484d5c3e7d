package io.decant.jdbc.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

/**
 * The control store's tables, as numbered steps. A step is applied once and recorded in
 * {@code decant_schema_version}; steps only ever get added. DDL is written once for both engines
 * with placeholders: {@code ${ID}} an auto-generated bigint primary key, {@code ${TS}} a UTC
 * timestamp with microseconds, {@code ${LONGTEXT}} text of any length, {@code ${KEYTEXT}} an
 * encoded key, {@code ${TABLE}} the table options.
 */
public final class ControlSchema {

    /** One schema version: the statements that bring the previous version to it. */
    record Step(int version, List<String> ddl) {
    }

    static final List<Step> STEPS = List.of(
            new Step(1, List.of(
                    "CREATE TABLE IF NOT EXISTS decant_migrations (name varchar(64) NOT NULL PRIMARY KEY,"
                            + " phase varchar(16) NOT NULL, version bigint NOT NULL, changed_at ${TS} NOT NULL,"
                            + " dual_write_version bigint NOT NULL DEFAULT 0)${TABLE}",
                    "CREATE TABLE IF NOT EXISTS decant_audit (id ${ID}, migration varchar(64) NOT NULL, at ${TS} NOT NULL,"
                            + " actor varchar(255) NOT NULL, action varchar(32) NOT NULL, from_phase varchar(16),"
                            + " to_phase varchar(16), version bigint NOT NULL, reason ${LONGTEXT},"
                            + " forced boolean NOT NULL DEFAULT FALSE, detail ${LONGTEXT})${TABLE}",
                    "CREATE INDEX IF NOT EXISTS decant_audit_by_migration ON decant_audit (migration, id)",
                    "CREATE TABLE IF NOT EXISTS decant_instances (instance_id varchar(128) NOT NULL, migration varchar(64) NOT NULL,"
                            + " host varchar(255) NOT NULL, pid bigint NOT NULL, started_at ${TS} NOT NULL,"
                            + " heartbeat_at ${TS} NOT NULL, acked_version bigint NOT NULL DEFAULT 0, acked_phase varchar(16),"
                            + " PRIMARY KEY (instance_id, migration))${TABLE}",
                    "CREATE INDEX IF NOT EXISTS decant_instances_by_migration ON decant_instances (migration)",
                    "CREATE TABLE IF NOT EXISTS decant_journal (id ${ID}, migration varchar(64) NOT NULL,"
                            + " key_text ${KEYTEXT} NOT NULL, direction varchar(16) NOT NULL,"
                            + " deferred boolean NOT NULL DEFAULT FALSE, seq bigint NOT NULL DEFAULT 1,"
                            + " enqueued_at ${TS} NOT NULL, attempts integer NOT NULL DEFAULT 0, last_error ${LONGTEXT},"
                            + " claimed_by varchar(128), claimed_until ${TS},"
                            + " CONSTRAINT decant_journal_key UNIQUE (migration, key_text))${TABLE}",
                    "CREATE INDEX IF NOT EXISTS decant_journal_by_claim ON decant_journal (migration, deferred, id)",
                    "CREATE TABLE IF NOT EXISTS decant_intents (id ${ID}, migration varchar(64) NOT NULL,"
                            + " key_text ${KEYTEXT} NOT NULL, direction varchar(16) NOT NULL,"
                            + " instance_id varchar(128) NOT NULL, created_at ${TS} NOT NULL)${TABLE}",
                    "CREATE INDEX IF NOT EXISTS decant_intents_by_age ON decant_intents (migration, created_at)",
                    "CREATE TABLE IF NOT EXISTS decant_shadow_counts (migration varchar(64) NOT NULL,"
                            + " phase_version bigint NOT NULL, matched bigint NOT NULL DEFAULT 0,"
                            + " mismatched bigint NOT NULL DEFAULT 0, ignored bigint NOT NULL DEFAULT 0,"
                            + " errored bigint NOT NULL DEFAULT 0, updated_at ${TS} NOT NULL,"
                            + " PRIMARY KEY (migration, phase_version))${TABLE}",
                    "CREATE TABLE IF NOT EXISTS decant_mismatches (id ${ID}, migration varchar(64) NOT NULL,"
                            + " key_text ${KEYTEXT} NOT NULL, phase_version bigint NOT NULL,"
                            + " legacy_value ${LONGTEXT}, new_value ${LONGTEXT}, at ${TS} NOT NULL)${TABLE}",
                    "CREATE INDEX IF NOT EXISTS decant_mismatches_by_migration ON decant_mismatches (migration, id)",
                    "CREATE TABLE IF NOT EXISTS decant_verifications (id ${ID}, migration varchar(64) NOT NULL,"
                            + " phase_version bigint NOT NULL, started_at ${TS} NOT NULL, finished_at ${TS},"
                            + " full_table boolean NOT NULL, rows_compared bigint NOT NULL,"
                            + " missing_in_target bigint NOT NULL, extra_in_target bigint NOT NULL,"
                            + " differing bigint NOT NULL, repaired bigint NOT NULL)${TABLE}",
                    "CREATE INDEX IF NOT EXISTS decant_verifications_by_migration ON decant_verifications (migration, id)",
                    "CREATE TABLE IF NOT EXISTS decant_backfill (migration varchar(64) NOT NULL PRIMARY KEY,"
                            + " phase_version bigint NOT NULL, started_at ${TS} NOT NULL, completed_at ${TS},"
                            + " rows_copied bigint NOT NULL, rows_estimate bigint NOT NULL,"
                            + " chunks_done bigint NOT NULL, chunks_total bigint NOT NULL, updated_at ${TS} NOT NULL)${TABLE}",
                    "CREATE TABLE IF NOT EXISTS decant_backfill_chunks (migration varchar(64) NOT NULL, chunk_no bigint NOT NULL,"
                            + " phase_version bigint NOT NULL DEFAULT 0, lo_key ${KEYTEXT}, hi_key ${KEYTEXT},"
                            + " status varchar(16) NOT NULL DEFAULT 'PENDING', lease_owner varchar(128), lease_until ${TS},"
                            + " rows_copied bigint NOT NULL DEFAULT 0, attempts integer NOT NULL DEFAULT 0,"
                            + " last_error ${LONGTEXT}, updated_at ${TS},"
                            + " PRIMARY KEY (migration, chunk_no))${TABLE}",
                    "CREATE INDEX IF NOT EXISTS decant_backfill_chunks_by_status ON decant_backfill_chunks (migration, status, chunk_no)")),
            // repairs look up the intents of one key (is a dual write of it in flight?)
            new Step(2, List.of(
                    "CREATE INDEX IF NOT EXISTS decant_intents_by_key ON decant_intents (migration, key_text)")),
            // the backfill's chunk leases and the verification's span leases, created by init rather than
            // on first use (the user the backfill runs as may not be allowed to create tables);
            // decant_backfill_chunks, from before the leases had tables of their own, was never used
            new Step(3, Stream.of(List.of("DROP TABLE IF EXISTS decant_backfill_chunks"), JdbcChunkLeases.DDL,
                    JdbcVerifySpans.DDL).flatMap(List::stream).toList()),
            // journal entries record why they exist (a certain direction is followed, versions settle only
            // uncertain ones) and when their direction was set (stale intents are ordered against it);
            // instances renew a lease with every phase poll (fencing: gone only once it certainly expired);
            // a NEW_ONLY write holds an intent of its own (single_write) while it is in flight
            new Step(4, List.of(
                    "ALTER TABLE decant_journal ADD COLUMN IF NOT EXISTS origin varchar(24) NOT NULL DEFAULT 'SECOND_WRITE_FAILED'",
                    "ALTER TABLE decant_journal ADD COLUMN IF NOT EXISTS directed_at ${TS}",
                    "ALTER TABLE decant_instances ADD COLUMN IF NOT EXISTS lease_at ${TS}",
                    "ALTER TABLE decant_intents ADD COLUMN IF NOT EXISTS single_write boolean NOT NULL DEFAULT FALSE")),
            // an instance's unbroken lease has a token: journal writes that can turn an entry around are
            // accepted only under the token their call started with (a lapse or a sweeper replaces it)
            new Step(5, List.of(
                    "ALTER TABLE decant_instances ADD COLUMN IF NOT EXISTS lease_token bigint")),
            // a verification in NEW_ONLY counts the differences at keys written since the flip apart
            new Step(6, List.of(
                    "ALTER TABLE decant_verify_span ADD COLUMN IF NOT EXISTS written_since_flip bigint NOT NULL DEFAULT 0")),
            // the tables init registered a migration with, as the databases resolve them: a migration past
            // LEGACY_ONLY cannot silently move to other tables while its evidence keeps counting
            new Step(7, List.of(
                    "ALTER TABLE decant_migrations ADD COLUMN IF NOT EXISTS table_names varchar(600)")));

    /** The newest schema version this build knows. */
    public static final int LATEST = STEPS.get(STEPS.size() - 1).version();

    private ControlSchema() {
    }

    /** Applies the missing steps under the schema lock; returns the version in place. */
    static int migrate(Connection c, ControlSql sql) throws SQLException {
        sql.lockSchema(c);
        try {
            try (Statement s = c.createStatement()) {
                s.execute(sql.ddl("CREATE TABLE IF NOT EXISTS decant_schema_version (version integer NOT NULL PRIMARY KEY,"
                        + " applied_at ${TS} NOT NULL)${TABLE}"));
            }
            int current = version(c, sql);
            for (Step step : STEPS) {
                if (step.version() > current) {
                    apply(c, sql, step);
                    current = step.version();
                }
            }
            return current;
        } finally {
            sql.unlockSchema(c);
        }
    }

    private static void apply(Connection c, ControlSql sql, Step step) throws SQLException {
        // PostgreSQL runs a step in one transaction; MariaDB commits each DDL statement on its own,
        // which is why every statement is idempotent (IF NOT EXISTS)
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                for (String ddl : step.ddl()) {
                    s.execute(sql.ddl(ddl));
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO decant_schema_version (version, applied_at) VALUES (?, " + sql.now() + ")")) {
                ps.setInt(1, step.version());
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Drops every decant_* table of the current schema (database on MariaDB); returns their names. */
    static List<String> drop(Connection c, ControlSql sql) throws SQLException {
        List<String> tables = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = " + sql.currentSchema() + " AND table_name LIKE 'decant\\_%' ORDER BY table_name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        try (Statement s = c.createStatement()) {
            for (String t : tables) {
                if (!t.matches("decant_[a-z_]+")) {
                    throw new SQLException("unexpected control table name " + t);
                }
                s.execute("DROP TABLE IF EXISTS " + t);
            }
        }
        return tables;
    }

    /** The version in place, 0 when the version table does not exist. */
    static int version(Connection c, ControlSql sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM information_schema.tables"
                + " WHERE table_schema = " + sql.currentSchema() + " AND table_name = 'decant_schema_version'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getLong(1) == 0) {
                return 0;
            }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM decant_schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
