package io.decant.jdbc.backup;

import io.decant.jdbc.dialect.Dialect;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The SQL shapes of whole-table work on one table; values are always {@code ?} parameters. */
final class BulkSql {
    private final Dialect dialect;
    private final String name;
    private final String table;
    private final List<String> key;

    BulkSql(Dialect dialect, String table, List<String> key) {
        this.dialect = dialect;
        this.name = table;
        this.table = dialect.quoteTable(table);
        this.key = key;
    }

    /** Every row, {@code columns} in order, sorted by the key. */
    String selectAll(List<String> columns) {
        return "SELECT " + dialect.columnList(columns) + " FROM " + table + " ORDER BY " + dialect.columnList(key);
    }

    /**
     * The first rows in key order, locked; with {@code after}, only rows whose key is greater.
     * Parameters: the key values to start after (with {@code after}), then how many rows.
     */
    String selectFirstForUpdate(List<String> columns, boolean after) {
        String where = !after ? "" : key.size() == 1 ? " WHERE " + dialect.quote(key.get(0)) + " > ?"
                : " WHERE (" + dialect.columnList(key) + ") > (" + String.join(", ", Collections.nCopies(key.size(), "?")) + ")";
        return "SELECT " + dialect.columnList(columns) + " FROM " + table + where + " ORDER BY " + dialect.columnList(key)
                + " LIMIT ? FOR UPDATE";
    }

    /** Deletes the rows whose key lies between two keys, both included. Parameters: the low key, then the high key. */
    String deleteRange() {
        if (key.size() == 1) {
            String k = dialect.quote(key.get(0));
            return "DELETE FROM " + table + " WHERE " + k + " >= ? AND " + k + " <= ?";
        }
        String tuple = "(" + dialect.columnList(key) + ")";
        String params = "(" + String.join(", ", Collections.nCopies(key.size(), "?")) + ")";
        return "DELETE FROM " + table + " WHERE " + tuple + " >= " + params + " AND " + tuple + " <= " + params;
    }

    String count() {
        return "SELECT COUNT(*) FROM " + table;
    }

    /** Keeps every other session out of the table until the transaction ends, or until {@link #unlock()}. */
    String lockExclusive() {
        return dialect.lockTableSql(name);
    }

    /** Releases the lock of {@link #lockExclusive()} (MariaDB), or empty where it lasts until the transaction ends. */
    Optional<String> unlock() {
        return dialect.unlockTablesSql();
    }

    /** One row if the table holds any. */
    String anyRow() {
        return "SELECT 1 FROM " + table + " LIMIT 1";
    }

    String drop() {
        return "DROP TABLE " + table;
    }

    /** {@code INSERT INTO t (columns) VALUES (?, …), (?, …)} for {@code rows} rows. */
    String insert(List<String> columns, int rows) {
        String one = "(" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
        return "INSERT INTO " + table + " (" + dialect.columnList(columns) + ") VALUES "
                + Collections.nCopies(rows, one).stream().collect(Collectors.joining(", "));
    }
}
