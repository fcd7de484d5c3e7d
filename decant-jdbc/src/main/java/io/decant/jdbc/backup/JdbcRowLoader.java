package io.decant.jdbc.backup;

import io.decant.jdbc.ColumnValues;
import io.decant.jdbc.StoreFailures;
import io.decant.store.ColumnInfo;
import io.decant.store.RowLoader;
import io.decant.store.RowSink;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads rows in one transaction with multi-row {@code INSERT}s of up to {@link #rowsPerStatement}
 * rows (bounded by the engines' parameter limits); only one statement's rows are held in memory.
 */
final class JdbcRowLoader implements RowLoader {
    private static final int MAX_ROWS = 500;
    private static final int MAX_PARAMETERS = 30_000;

    private final JdbcBulkTable table;
    private final Connection connection;
    private final List<ColumnInfo> columns;
    private final ColumnValues values;
    private final int rowsPerStatement;
    private final List<Object[]> pending;
    private PreparedStatement full;
    private boolean committed;

    JdbcRowLoader(JdbcBulkTable table, Connection connection, List<ColumnInfo> columns, ColumnValues values) {
        this.table = table;
        this.connection = connection;
        this.columns = columns;
        this.values = values;
        this.rowsPerStatement = Math.max(1, Math.min(MAX_ROWS, MAX_PARAMETERS / columns.size()));
        this.pending = new ArrayList<>(rowsPerStatement);
    }

    @Override
    public void add(Object[] row) {
        pending.add(row);
        if (pending.size() == rowsPerStatement) {
            flush();
        }
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        try {
            PreparedStatement ps;
            if (pending.size() == rowsPerStatement) {
                if (full == null) {
                    full = connection.prepareStatement(table.sql().insert(names(), rowsPerStatement));
                }
                ps = full;
            } else {
                ps = connection.prepareStatement(table.sql().insert(names(), pending.size()));
            }
            int p = 1;
            for (Object[] row : pending) {
                for (int c = 0; c < row.length; c++) {
                    values.bind(ps, p++, row[c], columns.get(c));
                }
            }
            ps.executeUpdate();
            if (ps != full) {
                ps.close();
            }
            pending.clear();
        } catch (SQLException e) {
            throw StoreFailures.wrap(table.storeName(), "loading rows into " + table.ref().table(), e);
        }
    }

    private List<String> names() {
        return columns.stream().map(ColumnInfo::name).toList();
    }

    @Override
    public long stream(RowSink sink) {
        flush();
        return table.streamOn(connection, columns, sink);
    }

    @Override
    public void commit() {
        flush();
        try {
            connection.commit();
            committed = true;
        } catch (SQLException e) {
            throw StoreFailures.wrap(table.storeName(), "committing rows loaded into " + table.ref().table(), e);
        }
    }

    @Override
    public void close() {
        try {
            if (full != null) {
                full.close();
            }
            if (!committed) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // closing the connection below ends the transaction either way
        } finally {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // returned to the pool or discarded
            }
        }
    }
}
