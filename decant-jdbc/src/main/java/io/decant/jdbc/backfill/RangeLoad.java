package io.decant.jdbc.backfill;

import io.decant.jdbc.JdbcTableStore;
import io.decant.jdbc.StoreFailures;
import io.decant.store.ChunkCopy;
import io.decant.store.ColumnInfo;
import io.decant.store.KeyRange;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Loads a stream of rows (values already normalized, in column order) into one key range of a
 * table, in one transaction, the way a backfill chunk lands in its target: straight into the table
 * when the range holds no row yet (text {@code COPY} on PostgreSQL, multi-row {@code INSERT} on
 * MariaDB), else through the version-guarded merge of {@link ChunkSql}. A row whose key is already
 * there makes the straight load fail with a unique violation and roll back; loading again with
 * {@code forceMerge} then merges. Rows come from a source that is read once, as they arrive.
 */
public final class RangeLoad {
    private static final int MAX_PARAMETERS = 60_000;

    /** The rows to load: each call gives the next row's values, or null after the last row. */
    @FunctionalInterface
    public interface Rows {
        Object[] next() throws IOException;
    }

    private final JdbcTableStore table;
    private final DataSource pool;
    private final boolean postgres;
    private final List<ColumnInfo> columns;
    private final RangeSql range;
    private final ChunkSql write;
    private final String stage;
    private final int insertRows;

    /**
     * Loads {@code columns} of {@code table} (they must include the key), guarding the merge by
     * {@code version} when present; {@code pool}'s sessions run in UTC.
     */
    public RangeLoad(JdbcTableStore table, DataSource pool, List<String> columns, Optional<String> version) {
        this.table = table;
        this.pool = pool;
        this.postgres = table.dialect().engine().equals("PostgreSQL");
        this.columns = columns.stream().map(table::column).toList();
        List<String> names = this.columns.stream().map(ColumnInfo::name).toList();
        List<String> key = table.ref().key().stream().map(k -> table.column(k).name()).toList();
        this.range = new RangeSql(table.dialect(), postgres, table.ref().key().stream().map(table::column).toList(), table.values());
        this.write = new ChunkSql(table.dialect(), table.ref().table(), names, key, version.map(v -> table.column(v).name()));
        this.stage = table.dialect().quote("decant_load_" + Integer.toHexString((table.ref().table() + names).hashCode()));
        this.insertRows = Math.max(1, Math.min(1000, MAX_PARAMETERS / names.size()));
    }

    /**
     * Loads {@code rows} into {@code range} in one transaction; merged when {@code forceMerge} or
     * the range already holds a row. Nothing is written when it fails (a unique violation when a
     * straight load met a row written meanwhile: see {@link StoreFailures#isUniqueViolation}).
     */
    public ChunkCopy load(KeyRange keys, boolean forceMerge, Rows rows) throws SQLException, IOException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean merge = forceMerge || holdsRows(c, keys);
                long loaded = postgres ? copy(c, merge, rows) : insert(c, merge, rows);
                if (merge && postgres) {
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate(write.mergeFromStage(stage));
                    }
                }
                c.commit();
                return new ChunkCopy(loaded, merge);
            } catch (SQLException | IOException | RuntimeException e) {
                LockedChunkCopy.quietRollback(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private boolean holdsRows(Connection c, KeyRange keys) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(write.anyRow(range.where(keys)))) {
            range.bind(ps, 1, keys);
            try (var rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private long copy(Connection c, boolean merge, Rows rows) throws SQLException, IOException {
        String into = write.table();
        if (merge) {
            try (Statement s = c.createStatement()) {
                s.execute(write.createStage(stage));
            }
            into = stage;
        }
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(write.copyIn(into, false));
        CopyTextBuffer buf = new CopyTextBuffer();
        long loaded = 0;
        try {
            for (Object[] row = rows.next(); row != null; row = rows.next()) {
                for (int i = 0; i < columns.size(); i++) {
                    buf.value(table.values().forColumn(row[i], columns.get(i)), columns.get(i).kind());
                }
                buf.endRow(in);
                loaded++;
            }
            buf.flush(in);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
        return loaded;
    }

    private long insert(Connection c, boolean merge, Rows rows) throws SQLException, IOException {
        int width = columns.size();
        Object[][] pending = new Object[insertRows][];
        int n = 0;
        long loaded = 0;
        try (PreparedStatement full = c.prepareStatement(write.insertRows(insertRows, merge))) {
            for (Object[] row = rows.next(); row != null; row = rows.next()) {
                pending[n++] = row;
                loaded++;
                if (n == insertRows) {
                    bind(full, pending, n, width);
                    full.executeUpdate();
                    n = 0;
                }
            }
        }
        if (n > 0) {
            try (PreparedStatement last = c.prepareStatement(write.insertRows(n, merge))) {
                bind(last, pending, n, width);
                last.executeUpdate();
            }
        }
        return loaded;
    }

    private void bind(PreparedStatement ps, Object[][] rows, int n, int width) throws SQLException {
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < width; i++) {
                table.values().bind(ps, r * width + i + 1, rows[r][i], columns.get(i));
            }
        }
    }
}
