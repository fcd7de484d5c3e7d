package io.decant.jdbc.backup;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.jdbc.ColumnValues;
import io.decant.jdbc.Database;
import io.decant.jdbc.StoreFailures;
import io.decant.jdbc.dialect.Dialect;
import io.decant.store.BatchCheck;
import io.decant.store.BulkTable;
import io.decant.store.ColumnDefinition;
import io.decant.store.ColumnInfo;
import io.decant.store.RowLoader;
import io.decant.store.RowSink;
import io.decant.store.TableRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link BulkTable} over JDBC. Streams read in one REPEATABLE READ, read-only transaction with a
 * fetch size (a server-side cursor on PostgreSQL, a streaming result on MariaDB), so memory stays
 * flat. Batch deletes lock the first rows in key order, let the caller approve them, and delete
 * exactly their key range, refusing (rolling back) when the range holds any other row.
 */
public final class JdbcBulkTable implements BulkTable {
    private static final int FETCH_ROWS = 2000;

    private final Database store;
    private final DataSource pool;
    private final Dialect dialect;
    private final TableRef ref;
    private final ColumnValues values;
    private final BulkSql sql;
    private final boolean postgres;

    public JdbcBulkTable(Database store, TableRef ref) {
        this.store = store;
        this.pool = store.dataSource();
        this.dialect = store.dialect();
        this.ref = ref;
        this.values = new ColumnValues(dialect, store.config().timeZone());
        this.sql = new BulkSql(dialect, ref.table(), ref.key());
        this.postgres = store.config().isPostgres();
    }

    @Override
    public TableRef ref() {
        return ref;
    }

    @Override
    public String engine() {
        return dialect.engine();
    }

    @Override
    public String productVersion() {
        return store.productVersion();
    }

    String storeName() {
        return store.config().name();
    }

    BulkSql sql() {
        return sql;
    }

    @Override
    public Optional<List<ColumnDefinition>> columns() {
        try (Connection c = pool.getConnection()) {
            Optional<List<ColumnInfo>> described = dialect.describe(c, ref.table());
            if (described.isEmpty()) {
                return Optional.empty();
            }
            Map<String, String> declared = DeclaredTypes.of(c, dialect, ref.table(), postgres);
            List<ColumnDefinition> out = new ArrayList<>();
            for (ColumnInfo i : described.get()) {
                out.add(new ColumnDefinition(i.name(), i.typeName(), declared.getOrDefault(i.name(), i.typeName()),
                        i.kind(), i.nullable()));
            }
            return Optional.of(List.copyOf(out));
        } catch (SQLException e) {
            throw fail("describing " + ref.table(), e);
        }
    }

    @Override
    public long stream(List<ColumnDefinition> columns, RowSink sink) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                return streamOn(c, infos(columns), sink);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw fail("reading every row of " + ref.table(), e);
        }
    }

    /** Streams every row in key order on a connection whose transaction the caller holds. */
    long streamOn(Connection c, List<ColumnInfo> columns, RowSink sink) {
        try (PreparedStatement ps = c.prepareStatement(sql.selectAll(names(columns)), ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(FETCH_ROWS);
            long rows = 0;
            try (ResultSet rs = ps.executeQuery()) {
                Object[] row = new Object[columns.size()];
                while (rs.next()) {
                    for (int i = 0; i < row.length; i++) {
                        row[i] = values.read(rs, i + 1, columns.get(i));
                    }
                    sink.accept(row);
                    rows++;
                }
            }
            return rows;
        } catch (SQLException e) {
            throw fail("reading every row of " + ref.table(), e);
        }
    }

    @Override
    public long count() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.count())) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw fail("counting the rows of " + ref.table(), e);
        }
    }

    @Override
    public int deleteBatch(List<ColumnDefinition> columns, List<Object> after, int maxRows, BatchCheck check) {
        List<ColumnInfo> infos = infos(columns);
        int[] keyIndex = keyIndexes(columns);
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Object[]> rows = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(sql.selectFirstForUpdate(names(infos), after != null))) {
                    int p = 1;
                    if (after != null) {
                        for (int k = 0; k < keyIndex.length; k++) {
                            values.bind(ps, p++, after.get(k), infos.get(keyIndex[k]));
                        }
                    }
                    ps.setInt(p, maxRows);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Object[] row = new Object[infos.size()];
                            for (int i = 0; i < row.length; i++) {
                                row[i] = values.read(rs, i + 1, infos.get(i));
                            }
                            rows.add(row);
                        }
                    }
                }
                if (rows.isEmpty()) {
                    c.rollback();
                    return 0;
                }
                check.approve(rows);
                int deleted;
                try (PreparedStatement ps = c.prepareStatement(sql.deleteRange())) {
                    int p = 1;
                    for (Object[] bound : List.of(rows.get(0), rows.get(rows.size() - 1))) {
                        for (int k : keyIndex) {
                            values.bind(ps, p++, bound[k], infos.get(k));
                        }
                    }
                    deleted = ps.executeUpdate();
                }
                if (deleted != rows.size()) {
                    c.rollback();
                    throw new DecantException(ErrorCode.FAILURE, "the key range of a delete batch in " + ref.table()
                            + " held " + deleted + " rows where " + rows.size() + " were locked and checked; the batch was"
                            + " rolled back (is something still writing to the legacy table?)");
                }
                c.commit();
                return deleted;
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw fail("deleting a batch of " + ref.table(), e);
        }
    }

    @Override
    public boolean dropIfEmpty() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            if (postgres) {
                c.setAutoCommit(false);
                try {
                    s.execute(sql.lockExclusive());
                    if (hasRows(s)) {
                        c.rollback();
                        return false;
                    }
                    s.execute(sql.drop());
                    c.commit();
                    return true;
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                }
            }
            s.execute(sql.lockExclusive());
            try {
                if (hasRows(s)) {
                    return false;
                }
                s.execute(sql.drop());
                return true;
            } finally {
                s.execute("UNLOCK TABLES");
            }
        } catch (SQLException e) {
            throw fail("dropping " + ref.table(), e);
        }
    }

    private boolean hasRows(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql.anyRow())) {
            return rs.next();
        }
    }

    @Override
    public void create(List<ColumnDefinition> columns) {
        execute(TableDdl.create(dialect, ref.table(), columns, ref.key(), postgres), "creating " + ref.table());
    }

    @Override
    public RowLoader loader(List<ColumnDefinition> columns) {
        try {
            Connection c = pool.getConnection();
            try {
                c.setAutoCommit(false);
                return new JdbcRowLoader(this, c, infos(columns), values);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        } catch (SQLException e) {
            throw fail("starting to load rows into " + ref.table(), e);
        }
    }

    private void execute(String statement, String what) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw fail(what, e);
        }
    }

    private int[] keyIndexes(List<ColumnDefinition> columns) {
        int[] idx = new int[ref.key().size()];
        for (int k = 0; k < idx.length; k++) {
            String name = ref.key().get(k);
            idx[k] = -1;
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equals(name)) {
                    idx[k] = i;
                }
            }
            if (idx[k] < 0) {
                throw new DecantException(ErrorCode.FAILURE, "key column '" + name + "' is not among the columns of " + ref.table());
            }
        }
        return idx;
    }

    private static List<ColumnInfo> infos(List<ColumnDefinition> columns) {
        return columns.stream().map(d -> new ColumnInfo(d.name(), d.typeName(), d.kind(), d.nullable())).toList();
    }

    private static List<String> names(List<ColumnInfo> columns) {
        return columns.stream().map(ColumnInfo::name).toList();
    }

    private DecantException fail(String what, SQLException e) {
        return StoreFailures.wrap(storeName(), what, e);
    }
}
