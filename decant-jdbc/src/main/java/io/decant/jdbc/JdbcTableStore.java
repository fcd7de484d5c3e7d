package io.decant.jdbc;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.jdbc.dialect.Dialect;
import io.decant.spi.Key;
import io.decant.spi.Row;
import io.decant.store.ColumnInfo;
import io.decant.store.TableLocation;
import io.decant.store.TableRef;
import io.decant.store.TableStore;
import io.decant.store.ValueBound;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * One table of a JDBC store. Values are read and bound by the described column kinds
 * ({@link ColumnValues}); the description used for conversions is cached and refreshed by every
 * {@link #describe()}.
 */
public final class JdbcTableStore implements TableStore {
    private final String store;
    private final DataSource pool;
    private final Dialect dialect;
    private final TableRef ref;
    private final ColumnValues values;
    private final Map<List<String>, String> upsertSql = new ConcurrentHashMap<>();
    private volatile Columns columns;

    JdbcTableStore(String store, DataSource pool, Dialect dialect, TableRef ref, ZoneId zone) {
        this.store = store;
        this.pool = pool;
        this.dialect = dialect;
        this.ref = ref;
        this.values = new ColumnValues(dialect, zone);
    }

    /**
     * A table reached through {@code pool}, a data source the caller owns (e.g. a service's own
     * pool). Its sessions must run in UTC ({@link Dialect#sessionInitSql()}), as the pools Decant
     * opens do; {@code store} only names it in messages.
     */
    public static JdbcTableStore over(String store, DataSource pool, Dialect dialect, TableRef ref) {
        return new JdbcTableStore(store, pool, dialect, ref, ZoneOffset.UTC);
    }

    /** As {@link #over(String, DataSource, Dialect, TableRef)}, for a table whose zone-less date-times are wall times in {@code zone}. */
    public static JdbcTableStore over(String store, DataSource pool, Dialect dialect, TableRef ref, ZoneId zone) {
        return new JdbcTableStore(store, pool, dialect, ref, zone);
    }

    @Override
    public TableRef ref() {
        return ref;
    }

    /** The dialect of this table's store. */
    public Dialect dialect() {
        return dialect;
    }

    /** Value conversions for this table's store. */
    public ColumnValues values() {
        return values;
    }

    @Override
    public Optional<List<ColumnInfo>> describe() {
        // Always asks the database: guards and init must see schema changes made while a process
        // lives. The cached description only serves value conversion on the read/write paths.
        try (Connection conn = pool.getConnection()) {
            Optional<List<ColumnInfo>> described = dialect.describe(conn, ref.table());
            columns = described.map(Columns::new).orElse(null);
            return described;
        } catch (SQLException e) {
            throw failure("describing table " + ref.table(), e);
        }
    }

    @Override
    public Optional<TableLocation> locate() {
        try (Connection conn = pool.getConnection()) {
            return dialect.locate(conn, ref.table());
        } catch (SQLException e) {
            throw failure("locating table " + ref.table(), e);
        }
    }

    /** The described column of this name (case-insensitively if no exact match); fails if the table or column is missing. */
    public ColumnInfo column(String name) {
        Columns c = columns();
        ColumnInfo info = c.exact.get(name);
        if (info == null) {
            info = c.folded.get(name);
        }
        if (info == null) {
            throw new DecantException(ErrorCode.FAILURE, "table " + ref.table() + " in store '" + store
                    + "' has no column '" + name + "'; fix the column mapping in decant.yaml");
        }
        return info;
    }

    private Columns columns() {
        Columns c = columns;
        if (c == null) {
            if (describe().isEmpty()) {
                throw new DecantException(ErrorCode.FAILURE, "table " + ref.table() + " does not exist in store '"
                        + store + "'; create it, or fix the table name in decant.yaml");
            }
            c = columns;
        }
        return c;
    }

    @Override
    public void ping() {
        try (Connection conn = pool.getConnection(); Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
        } catch (SQLException e) {
            throw failure("ping", e);
        }
    }

    @Override
    public Optional<Row> fetch(Key key) {
        try (Connection conn = pool.getConnection()) {
            return read(conn, dialect.fetchSql(ref.table(), ref.columns(), ref.key()), key);
        } catch (SQLException e) {
            throw failure("fetching key " + key, e);
        }
    }

    /** Runs a fetch statement ({@link Dialect#fetchSql}, possibly locking) for one key. */
    private Optional<Row> read(Connection conn, String sql, Key key) throws SQLException {
        List<ColumnInfo> read = ref.columns().stream().map(this::column).toList();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            bindKey(ps, 1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < read.size(); i++) {
                    row.put(ref.columns().get(i), values.read(rs, i + 1, read.get(i)));
                }
                return Optional.of(new Row(row));
            }
        }
    }

    @Override
    public void upsert(Row row) {
        List<String> names = writable(row);
        String sql = upsertSql.computeIfAbsent(names, n -> dialect.upsertSql(ref.table(), n, ref.key()));
        try (Connection conn = pool.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
            bindRow(ps, 1, row, names);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("upserting key " + ref.keyOf(row), e);
        }
    }

    @Override
    public Object insertGenerated(Row row) {
        if (ref.key().size() != 1) {
            throw new DecantException(ErrorCode.BAD_CONFIG, "table " + ref.table() + " in store '" + store + "' has the key "
                    + ref.key() + ": an insert with a generated key needs a single key column");
        }
        String key = ref.key().get(0);
        List<String> names = new ArrayList<>(row.values().keySet());
        names.removeAll(ref.key());
        names.forEach(this::column);
        ColumnInfo keyColumn = column(key);
        String sql = dialect.insertSql(ref.table(), names);
        try (Connection conn = pool.getConnection(); PreparedStatement ps = conn.prepareStatement(sql, new String[] {keyColumn.name()})) {
            bindRow(ps, 1, row, names);
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                if (!rs.next()) {
                    throw new DecantException(ErrorCode.FAILURE, "table " + ref.table() + " in store '" + store
                            + "': the insert returned no generated key; is " + key + " an identity, serial or AUTO_INCREMENT column?");
                }
                return values.read(rs, 1, keyColumn);
            }
        } catch (SQLException e) {
            throw failure("inserting a row with a generated key", e);
        }
    }

    @Override
    public boolean upsertIfNotOlder(Row row, String versionColumn) {
        List<String> names = writable(row);
        if (!names.contains(versionColumn)) {
            throw new IllegalArgumentException("the row has no value for the version column '" + versionColumn + "'");
        }
        Key key = ref.keyOf(row);
        String check = dialect.newerVersionForUpdateSql(ref.table(), ref.key(), versionColumn);
        String upsert = dialect.upsertIfNotOlderSql(ref.table(), names, ref.key(), versionColumn);
        try (Connection conn = pool.getConnection()) {
            conn.setAutoCommit(false);
            try {
                boolean existingNewer;
                try (PreparedStatement ps = conn.prepareStatement(check)) {
                    values.bind(ps, 1, row.get(versionColumn), column(versionColumn));
                    bindKey(ps, 2, key);
                    try (ResultSet rs = ps.executeQuery()) {
                        existingNewer = rs.next() && rs.getBoolean(1);
                    }
                }
                if (!existingNewer) {
                    try (PreparedStatement ps = conn.prepareStatement(upsert)) {
                        bindRow(ps, 1, row, names);
                        ps.executeUpdate();
                    }
                }
                conn.commit();
                return !existingNewer;
            } catch (SQLException | RuntimeException e) {
                conn.rollback();
                throw e;
            } finally {
                conn.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("upserting key " + key + " if not older", e);
        }
    }

    @Override
    public boolean replace(Key key, Optional<Row> expected, Optional<Row> replacement) {
        replacement.ifPresent(r -> {
            if (!ref.keyOf(r).equals(key)) {
                throw new IllegalArgumentException("the replacement row has key " + ref.keyOf(r) + ", not " + key);
            }
        });
        try (Connection conn = pool.getConnection()) {
            conn.setAutoCommit(false);
            try {
                Optional<Row> current = read(conn, dialect.fetchSql(ref.table(), ref.columns(), ref.key()) + " FOR UPDATE", key);
                boolean replaced = Row.sameState(current, expected) && write(conn, key, current.isPresent(), replacement);
                if (replaced) {
                    conn.commit();
                } else {
                    conn.rollback();
                }
                return replaced;
            } catch (SQLException | RuntimeException e) {
                conn.rollback();
                throw e;
            } finally {
                conn.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("replacing key " + key, e);
        }
    }

    /** Writes the replacement within the caller's transaction; false when an absent row was inserted by someone else meanwhile. */
    private boolean write(Connection conn, Key key, boolean exists, Optional<Row> replacement) throws SQLException {
        if (replacement.isEmpty()) {
            if (exists) {
                try (PreparedStatement ps = conn.prepareStatement(dialect.deleteSql(ref.table(), ref.key()))) {
                    bindKey(ps, 1, key);
                    ps.executeUpdate();
                }
            }
            return true;
        }
        Row row = replacement.get();
        List<String> names = writable(row);
        if (exists) {
            // the row is locked (read FOR UPDATE): a plain UPDATE of the row's non-key columns, which leaves
            // every other column alone. An upsert would fail on a NOT NULL column the row does not carry
            List<String> set = names.stream().filter(n -> !ref.key().contains(n)).toList();
            if (set.isEmpty()) {
                return true;
            }
            try (PreparedStatement ps = conn.prepareStatement(dialect.updateSql(ref.table(), set, ref.key()))) {
                bindKey(ps, bindRow(ps, 1, row, set), key);
                ps.executeUpdate();
            }
            return true;
        }
        try (PreparedStatement ps = conn.prepareStatement(dialect.insertSql(ref.table(), names))) {
            bindRow(ps, 1, row, names);
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (StoreFailures.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean delete(Key key) {
        String sql = dialect.deleteSql(ref.table(), ref.key());
        try (Connection conn = pool.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
            bindKey(ps, 1, key);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw failure("deleting key " + key, e);
        }
    }

    @Override
    public long count() {
        try (Connection conn = pool.getConnection(); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery(dialect.countSql(ref.table()))) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failure("counting rows", e);
        }
    }

    @Override
    public Optional<List<Long>> countOutside(List<ValueBound> bounds) {
        if (bounds.isEmpty()) {
            return Optional.of(List.of());
        }
        BoundScan scan = new BoundScan(dialect, ref.table(), bounds, name -> dialect.quote(column(name).name()));
        try (Connection conn = pool.getConnection(); PreparedStatement ps = conn.prepareStatement(scan.sql())) {
            scan.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                List<Long> counts = new ArrayList<>(bounds.size());
                for (int i = 1; i <= bounds.size(); i++) {
                    counts.add(rs.getLong(i));
                }
                return Optional.of(counts);
            }
        } catch (SQLException e) {
            throw failure("checking that the values fit the target's columns", e);
        }
    }

    /** Binds the key's values by the key columns' kinds from parameter {@code first} on; returns the next index. */
    public int bindKey(PreparedStatement ps, int first, Key key) throws SQLException {
        if (key.size() != ref.key().size()) {
            throw new DecantException(ErrorCode.FAILURE, "key " + key + " has " + key.size() + " values but table "
                    + ref.table() + " has " + ref.key().size() + " key columns " + ref.key());
        }
        int i = first;
        for (int k = 0; k < key.size(); k++) {
            values.bind(ps, i++, key.get(k), column(ref.key().get(k)));
        }
        return i;
    }

    private int bindRow(PreparedStatement ps, int first, Row row, List<String> names) throws SQLException {
        int i = first;
        for (String name : names) {
            values.bind(ps, i++, row.get(name), column(name));
        }
        return i;
    }

    /** The row's columns that are written: all of them, which must include the key. */
    private List<String> writable(Row row) {
        List<String> names = new ArrayList<>(row.values().keySet());
        if (!names.containsAll(ref.key())) {
            throw new IllegalArgumentException("a row written to " + ref.table() + " must hold the key columns " + ref.key()
                    + "; it holds " + names);
        }
        names.forEach(this::column);
        return List.copyOf(names);
    }

    private DecantException failure(String operation, SQLException e) {
        return StoreFailures.wrap(store, operation + " in table " + ref.table(), e);
    }

    /** The described columns, by exact and by case-folded name. */
    private static final class Columns {
        final List<ColumnInfo> list;
        final Map<String, ColumnInfo> exact = new LinkedHashMap<>();
        final Map<String, ColumnInfo> folded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        Columns(List<ColumnInfo> list) {
            this.list = list;
            for (ColumnInfo c : list) {
                exact.put(c.name(), c);
                folded.putIfAbsent(c.name(), c);
            }
        }
    }
}
