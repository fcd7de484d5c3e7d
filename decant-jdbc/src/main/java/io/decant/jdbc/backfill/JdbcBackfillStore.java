package io.decant.jdbc.backfill;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.jdbc.ColumnValues;
import io.decant.jdbc.JdbcTableStore;
import io.decant.jdbc.StoreFailures;
import io.decant.jdbc.engine.Database;
import io.decant.spi.Key;
import io.decant.store.BackfillStore;
import io.decant.store.ChunkCopier;
import io.decant.store.ChunkTarget;
import io.decant.store.ColumnInfo;
import io.decant.store.CopySpec;
import io.decant.store.KeyRange;
import io.decant.store.SourceLoad;
import io.decant.store.TableRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The backfill's view of one JDBC store. Chunk boundaries come from walking the key index in
 * steps ({@code WHERE key > ? ORDER BY key LIMIT 1 OFFSET step-1}), each step an index scan of
 * {@code step} entries, so planning reads only the key index: on PostgreSQL all the steps of one
 * call in one recursive statement ({@link RangeSql#keyWalk}), elsewhere one statement per step.
 */
public final class JdbcBackfillStore implements BackfillStore {
    private final Database store;

    public JdbcBackfillStore(Database store) {
        this.store = store;
    }

    @Override
    public List<Key> keyBoundaries(TableRef table, Optional<Key> after, int step, int max) {
        JdbcTableStore t = store.table(table);
        List<ColumnInfo> key = table.key().stream().map(t::column).toList();
        ColumnValues values = t.values();
        RangeSql range = new RangeSql(store.engine(), key, values);
        String quoted = store.dialect().quoteTable(table.table());
        if (store.engine().lateralSubqueries() && !quoted.equals(store.dialect().quote(RangeSql.WALK))) {
            return walk(quoted, key, values, range, after, step, max);
        }
        List<Key> boundaries = new ArrayList<>();
        Optional<Key> from = after;
        try (Connection c = store.dataSource().getConnection()) {
            while (boundaries.size() < max) {
                KeyRange r = new KeyRange(from, Optional.empty());
                String sql = "SELECT " + range.keyList() + " FROM " + store.dialect().quoteTable(table.table())
                        + range.where(r).map(w -> " WHERE " + w).orElse("") + " ORDER BY " + range.keyList()
                        + " LIMIT 1 OFFSET ?";
                Key next = null;
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    int i = range.bind(ps, 1, r);
                    ps.setInt(i, step - 1);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            next = readKey(rs, key, values);
                        }
                    }
                }
                if (next == null) {
                    break;
                }
                boundaries.add(next);
                from = Optional.of(next);
            }
        } catch (SQLException e) {
            throw StoreFailures.wrap(store.config().name(), "walking the key of " + table.table(), e);
        }
        return boundaries;
    }

    /** {@link #keyBoundaries} in one statement ({@link RangeSql#keyWalk}). */
    private List<Key> walk(String quotedTable, List<ColumnInfo> key, ColumnValues values, RangeSql range, Optional<Key> after,
                           int step, int max) {
        KeyRange from = new KeyRange(after, Optional.empty());
        List<Key> boundaries = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(range.keyWalk(quotedTable, from))) {
            int i = range.bind(ps, 1, from);
            ps.setInt(i++, step - 1);
            ps.setInt(i++, step - 1);
            ps.setInt(i, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    boundaries.add(readKey(rs, key, values));
                }
            }
        } catch (SQLException e) {
            throw StoreFailures.wrap(store.config().name(), "walking the key of " + quotedTable, e);
        }
        return boundaries;
    }

    /** The key in the current row of {@code rs}, its columns first. */
    private static Key readKey(ResultSet rs, List<ColumnInfo> key, ColumnValues values) throws SQLException {
        Object[] vals = new Object[key.size()];
        for (int k = 0; k < vals.length; k++) {
            vals[k] = values.read(rs, k + 1, key.get(k));
        }
        return Key.of(vals);
    }

    @Override
    public long countRows(TableRef table, KeyRange range, long limit) {
        JdbcTableStore t = store.table(table);
        List<ColumnInfo> key = table.key().stream().map(t::column).toList();
        RangeSql sql = new RangeSql(store.engine(), key, t.values());
        String query = "SELECT COUNT(*) FROM (SELECT 1 AS one FROM " + store.dialect().quoteTable(table.table())
                + sql.where(range).map(w -> " WHERE " + w).orElse("") + " LIMIT ?) counted";
        try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(query)) {
            int i = sql.bind(ps, 1, range);
            ps.setLong(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw StoreFailures.wrap(store.config().name(), "counting rows of " + table.table(), e);
        }
    }

    @Override
    public ChunkCopier copier(CopySpec spec, ChunkTarget target) {
        return new StreamedChunkCopier(store, spec, target);
    }

    /** One cheap look at how busy the server is, as its engine measures it. */
    @Override
    public SourceLoad measureLoad() {
        try (Connection c = store.dataSource().getConnection()) {
            return store.engine().measureLoad(c);
        } catch (SQLException e) {
            throw StoreFailures.wrap(store.config().name(), "measuring the load of the server", e);
        }
    }

}
