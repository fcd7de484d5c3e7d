package io.decant.jdbc.control;

import io.decant.control.NewOnlyRecord;
import io.decant.spi.Key;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** The control store's engine-specific SQL on PostgreSQL. */
public final class PostgresControlSql implements ControlSql {
    /** Advisory lock key for schema changes ("decant" in ASCII). */
    private static final long SCHEMA_LOCK = 0x646563616e74L;

    @Override
    public boolean dataModifyingCtes() {
        return true;
    }

    @Override
    public boolean arrayParameters() {
        return true;
    }

    @Override
    public Optional<String> relaxedCommit() {
        return Optional.of("SET LOCAL synchronous_commit = off");
    }

    @Override
    public Optional<List<NewOnlyRecord>> recordNewOnlyWritesInOneStatement(Connection c, String migration, List<Key> keys,
                                                                         String instanceId) throws SQLException {
        return Optional.of(PostgresNewOnlyRecord.record(c, migration, keys, instanceId));
    }

    @Override
    public String now() {
        return "now()";
    }

    @Override
    public String nowMinusMicros() {
        return "(now() - CAST(? AS double precision) * interval '1 microsecond')";
    }

    @Override
    public String nowPlusMicros() {
        return "(now() + CAST(? AS double precision) * interval '1 microsecond')";
    }

    @Override
    public String microsSince(String column) {
        return "CAST(EXTRACT(EPOCH FROM (now() - " + column + ")) * 1000000 AS bigint)";
    }

    @Override
    public String forShare() {
        return "FOR SHARE";
    }

    @Override
    public String currentSchema() {
        return "current_schema()";
    }

    @Override
    public String ddl(String template) {
        return template.replace("${ID}", "bigserial PRIMARY KEY")
                .replace("${TS}", "timestamptz")
                .replace("${LONGTEXT}", "text")
                .replace("${KEYTEXT}", "varchar(512)")
                .replace("${TABLE}", "");
    }

    @Override
    public void lockSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + SCHEMA_LOCK + ")");
        }
    }

    @Override
    public void unlockSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_unlock(" + SCHEMA_LOCK + ")");
        }
    }

    @Override
    public String onConflictDoNothing(String conflictColumns, String anyColumn) {
        return " ON CONFLICT (" + conflictColumns + ") DO NOTHING";
    }

    @Override
    public String onConflictUpdate(String table, String conflictColumns, String assignments) {
        return " ON CONFLICT (" + conflictColumns + ") DO UPDATE SET "
                + assignments.replaceAll("NEW\\((\\w+)\\)", "EXCLUDED.$1").replaceAll("OLD\\((\\w+)\\)", table + ".$1");
    }

    @Override
    public Instant instant(ResultSet rs, int index) throws SQLException {
        OffsetDateTime t = rs.getObject(index, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    @Override
    public void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }
}
