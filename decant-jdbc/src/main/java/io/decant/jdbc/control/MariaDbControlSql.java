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
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The control store's engine-specific SQL on MariaDB (10.6 or later: SKIP LOCKED, RETURNING).
 * Timestamps are {@code DATETIME(6)} holding UTC (the session time zone is UTC); keys are
 * compared case- and accent-sensitively ({@code utf8mb4_bin}).
 */
public final class MariaDbControlSql implements ControlSql {

    @Override
    public boolean dataModifyingCtes() {
        return false;
    }

    @Override
    public boolean arrayParameters() {
        return false;
    }

    @Override
    public Optional<String> relaxedCommit() {
        return Optional.empty();
    }

    @Override
    public Optional<List<NewOnlyRecord>> recordNewOnlyWritesInOneStatement(Connection c, String migration, List<Key> keys,
                                                                         String instanceId) {
        return Optional.empty();
    }

    @Override
    public String now() {
        return "CURRENT_TIMESTAMP(6)";
    }

    @Override
    public String nowMinusMicros() {
        return "(CURRENT_TIMESTAMP(6) - INTERVAL ? MICROSECOND)";
    }

    @Override
    public String nowPlusMicros() {
        return "(CURRENT_TIMESTAMP(6) + INTERVAL ? MICROSECOND)";
    }

    @Override
    public String microsSince(String column) {
        return "TIMESTAMPDIFF(MICROSECOND, " + column + ", CURRENT_TIMESTAMP(6))";
    }

    @Override
    public String forShare() {
        return "LOCK IN SHARE MODE";
    }

    @Override
    public String currentSchema() {
        return "DATABASE()";
    }

    @Override
    public String ddl(String template) {
        return template.replace("${ID}", "bigint NOT NULL AUTO_INCREMENT PRIMARY KEY")
                .replace("${TS}", "datetime(6)")
                .replace("${LONGTEXT}", "mediumtext")
                .replace("${KEYTEXT}", "varchar(512)")
                .replace("${TABLE}", " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
    }

    @Override
    public void lockSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT GET_LOCK(LEFT(CONCAT('decant_schema.', DATABASE()), 64), 300)")) {
            if (!rs.next() || rs.getInt(1) != 1) {
                throw new SQLException("timed out waiting for the schema lock held by another `decant init`");
            }
        }
    }

    @Override
    public void unlockSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT RELEASE_LOCK(LEFT(CONCAT('decant_schema.', DATABASE()), 64))");
        }
    }

    @Override
    public String onConflictDoNothing(String conflictColumns, String anyColumn) {
        return " ON DUPLICATE KEY UPDATE " + anyColumn + " = " + anyColumn;
    }

    @Override
    public String onConflictUpdate(String table, String conflictColumns, String assignments) {
        return " ON DUPLICATE KEY UPDATE "
                + assignments.replaceAll("NEW\\((\\w+)\\)", "VALUES($1)").replaceAll("OLD\\((\\w+)\\)", "$1");
    }

    @Override
    public Instant instant(ResultSet rs, int index) throws SQLException {
        LocalDateTime t = rs.getObject(index, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    @Override
    public void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP);
        } else {
            ps.setObject(index, LocalDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }
}
