package io.decant.jdbc.backfill;

import io.decant.jdbc.dialect.Dialect;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The statements that write a chunk into the target: plain inserts for an empty key range, and the
 * merge for a range that already holds rows — every non-key column overwritten, but where a version
 * column is configured only when the incoming version is equal or newer (or the stored one NULL).
 */
final class ChunkSql {
    private final Dialect dialect;
    private final String table;
    private final List<String> columns;
    private final List<String> key;
    private final Optional<String> version;

    ChunkSql(Dialect dialect, String table, List<String> columns, List<String> key, Optional<String> version) {
        this.dialect = dialect;
        this.table = dialect.quoteTable(table);
        this.columns = List.copyOf(columns);
        this.key = List.copyOf(key);
        this.version = version;
    }

    String table() {
        return table;
    }

    String columnList() {
        return dialect.columnList(columns);
    }

    /** {@code COPY table (cols) FROM STDIN (FORMAT binary|text)} into {@code into} (the table or a staging table). */
    String copyIn(String into, boolean binary) {
        return "COPY " + into + " (" + columnList() + ") FROM STDIN (FORMAT " + (binary ? "binary" : "text") + ")";
    }

    /** PostgreSQL: a session-local staging table with the target's column types, emptied at every commit. */
    String createStage(String stage) {
        return "CREATE TEMP TABLE IF NOT EXISTS " + stage + " ON COMMIT DELETE ROWS AS SELECT " + columnList()
                + " FROM " + table + " WITH NO DATA";
    }

    /** PostgreSQL: moves the staged rows into the table, keeping newer versions. */
    String mergeFromStage(String stage) {
        return mergeFromStage(stage, false);
    }

    /**
     * PostgreSQL: moves the staged rows into the table, keeping newer versions; with
     * {@code overwriteOwnCopy}, a stored row whose current version was written by the transaction
     * whose id (32 bits, as text) is the one parameter is overwritten whatever its version: it is
     * the backfill's own unchecked copy, which the source's current row always supersedes.
     */
    String mergeFromStage(String stage, boolean overwriteOwnCopy) {
        String insert = "INSERT INTO " + table + " (" + columnList() + ") SELECT " + columnList() + " FROM " + stage
                + " ON CONFLICT (" + dialect.columnList(key) + ")";
        List<String> sets = new ArrayList<>();
        for (String c : columns) {
            if (!key.contains(c)) {
                sets.add(dialect.quote(c) + " = EXCLUDED." + dialect.quote(c));
            }
        }
        if (sets.isEmpty()) {
            return insert + " DO NOTHING";
        }
        String merge = insert + " DO UPDATE SET " + String.join(", ", sets);
        if (version.isPresent()) {
            String v = dialect.quote(version.get());
            merge += " WHERE " + (overwriteOwnCopy ? table + ".xmin = CAST(? AS xid) OR " : "")
                    + table + "." + v + " IS NULL OR EXCLUDED." + v + " >= " + table + "." + v;
        }
        return merge;
    }

    /** Whether {@link #mergeFromStage(String, boolean)} with {@code overwriteOwnCopy} takes its parameter. */
    boolean mergeTakesOwnCopy() {
        return version.isPresent() && columns.stream().anyMatch(c -> !key.contains(c));
    }

    /** PostgreSQL: a session-local staging table of the target's key columns, emptied at every commit. */
    String createKeyStage(String keyStage) {
        return "CREATE TEMP TABLE IF NOT EXISTS " + keyStage + " ON COMMIT DELETE ROWS AS SELECT " + dialect.columnList(key)
                + " FROM " + table + " WITH NO DATA";
    }

    /** {@code COPY keyStage (key columns) FROM STDIN}, text format. */
    String copyKeysIn(String keyStage) {
        return "COPY " + keyStage + " (" + dialect.columnList(key) + ") FROM STDIN";
    }

    /**
     * PostgreSQL: deletes the rows of a key range (the predicate {@code where} over the key columns,
     * its values bound first) whose current version was written by the transaction whose id (32
     * bits, as text) is the last parameter, and whose key is not in {@code keyStage}.
     */
    String deleteOwnCopiesMissingFrom(String keyStage, Optional<String> where) {
        List<String> same = new ArrayList<>();
        for (String k : key) {
            same.add(keyStage + "." + dialect.quote(k) + " = decant_t." + dialect.quote(k));
        }
        return "DELETE FROM " + table + " AS decant_t WHERE " + where.map(w -> w + " AND ").orElse("")
                + "decant_t.xmin = CAST(? AS xid) AND NOT EXISTS (SELECT 1 FROM " + keyStage + " WHERE "
                + String.join(" AND ", same) + ")";
    }

    /** MariaDB: a multi-row insert of {@code rows} rows, merging into existing rows when {@code merge}. */
    String insertRows(int rows, boolean merge) {
        String one = "(" + Dialect.placeholders(columns.size()) + ")";
        String sql = "INSERT INTO " + table + " (" + columnList() + ") VALUES " + String.join(", ", Collections.nCopies(rows, one));
        return merge ? sql + onDuplicateKey() : sql;
    }

    private String onDuplicateKey() {
        List<String> sets = new ArrayList<>();
        Optional<String> v = version.map(dialect::quote);
        String newer = v.map(q -> q + " IS NULL OR VALUES(" + q + ") >= " + q).orElse(null);
        for (String c : columns) {
            if (key.contains(c) || version.filter(c::equals).isPresent()) {
                continue;
            }
            String q = dialect.quote(c);
            sets.add(q + " = " + (newer == null ? "VALUES(" + q + ")" : "IF(" + newer + ", VALUES(" + q + "), " + q + ")"));
        }
        // the version column last: MariaDB applies assignments left to right, so the guard above
        // still compares against the stored version
        v.filter(q -> columns.contains(version.get()))
                .ifPresent(q -> sets.add(q + " = IF(" + newer + ", VALUES(" + q + "), " + q + ")"));
        if (sets.isEmpty()) {
            String k = dialect.quote(key.get(0));
            sets.add(k + " = " + k);
        }
        return " ON DUPLICATE KEY UPDATE " + String.join(", ", sets);
    }

    /** {@code SELECT 1 FROM table WHERE range LIMIT 1}: whether the target holds any row of a chunk. */
    String anyRow(Optional<String> where) {
        return "SELECT 1 FROM " + table + where.map(w -> " WHERE " + w).orElse("") + " LIMIT 1";
    }
}
