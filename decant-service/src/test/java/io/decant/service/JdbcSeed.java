package io.decant.service;

import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.service.contract.ContractSeed;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/** Seeds the contract table with plain JDBC, past the protocol. */
final class JdbcSeed implements ContractSeed {
    private final DataSource db;
    private final Engine engine;
    private final String table;

    JdbcSeed(DataSource db, Engine engine, String table) {
        this.db = db;
        this.engine = engine;
        this.table = table;
    }

    @Override
    public void reset() {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM " + table);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void insert(List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<String> columns = new ArrayList<>(rows.get(0).keySet());
        String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (Map<String, Object> row : rows) {
                for (int i = 0; i < columns.size(); i++) {
                    bind(ps, i + 1, columns.get(i), row.get(columns.get(i)));
                }
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void bind(PreparedStatement ps, int i, String column, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.NULL);
        } else if (v instanceof Instant t) {
            ps.setObject(i, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
        } else if (engine == Engine.POSTGRES && column.equals("ref")) {
            ps.setObject(i, UUID.fromString((String) v));
        } else if (engine == Engine.POSTGRES && column.equals("doc")) {
            ps.setObject(i, v, Types.OTHER);
        } else {
            ps.setObject(i, v);
        }
    }
}
