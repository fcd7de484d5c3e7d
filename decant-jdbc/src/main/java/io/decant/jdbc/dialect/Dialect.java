package io.decant.jdbc.dialect;

import io.decant.store.ColumnInfo;
import io.decant.store.TableLocation;
import io.decant.store.ValueKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What differs between database engines for single-row table access. Identifiers given here were
 * validated by the configuration; the dialect quotes every one of them. Values are never part of
 * the SQL text: every statement takes {@code ?} parameters, in the order documented per method.
 */
public interface Dialect {

    /** The engine's name, e.g. {@code PostgreSQL}. */
    String engine();

    /** Quotes one identifier ({@code "x"} or {@code `x`}). */
    String quote(String identifier);

    /** Quotes a table name, qualified ({@code schema.table}) or not. */
    default String quoteTable(String table) {
        TableName name = TableName.parse(table);
        return name.schema().map(s -> quote(s) + ".").orElse("") + quote(name.table());
    }

    /** The statement run on every new pooled connection: the session time zone is UTC. */
    String sessionInitSql();

    /** The table's columns in order, or empty when the table does not exist. */
    Optional<List<ColumnInfo>> describe(Connection connection, String table) throws SQLException;

    /** Where the table physically is (server, database, resolved schema), or empty when it does not exist. */
    Optional<TableLocation> locate(Connection connection, String table) throws SQLException;

    /** The portable kind of a column type as information_schema reports it. */
    ValueKind kindOf(String dataType, String columnType);

    /**
     * Binds a text value into a column of kind {@code kind} that is text-like on the client side
     * ({@link ValueKind#UUID}, {@link ValueKind#JSON} or {@link ValueKind#OTHER}), the way the
     * engine needs it.
     */
    void bindText(PreparedStatement statement, int index, String value, ValueKind kind) throws SQLException;

    /**
     * Whether {@code column} holds wall-clock date-times without a zone (PostgreSQL's
     * {@code timestamp}, MariaDB's {@code DATETIME}), which a store's {@code time-zone:} says how to
     * read, rather than instants shown in the session's zone (PostgreSQL's {@code timestamptz},
     * MariaDB's {@code TIMESTAMP}).
     */
    boolean holdsWallTime(ColumnInfo column);

    /**
     * A SQL expression for the UTC wall time of {@code expression}, a wall time in {@code zone}. The
     * zone was validated by the configuration (a region or an offset) and is written as a literal.
     */
    String wallToUtcSql(String expression, ZoneId zone);

    /**
     * A query with one parameter, a zone region's name, whose single value is NULL (or that fails)
     * when the database does not know that region; used before relying on {@link #wallToUtcSql}.
     */
    String zoneKnownSql();

    /** What to do about a zone region the database does not know (after "does not know the time zone 'x'; "). */
    default String unknownZoneAdvice() {
        return "give a region the server knows, or a fixed offset such as +02:00";
    }

    /** JDBC type to pass to {@code setNull} for a NULL into a column of this kind. */
    int nullType(ValueKind kind);

    /** {@code SELECT columns FROM table WHERE key = ?}; parameters: the key values. */
    default String fetchSql(String table, List<String> columns, List<String> key) {
        return "SELECT " + columnList(columns) + " FROM " + quoteTable(table) + " WHERE " + keyPredicate(key);
    }

    /** {@code INSERT INTO table (columns) VALUES (?, …)}; parameters: the column values. */
    default String insertSql(String table, List<String> columns) {
        return "INSERT INTO " + quoteTable(table) + " (" + columnList(columns) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
    }

    /**
     * {@code UPDATE table SET column = ?, … WHERE key = ?}: overwrites the given non-key columns of an
     * existing row and nothing else. Parameters: the values of {@code columns}, then the key values.
     * (An upsert cannot stand in for it: {@code INSERT … ON CONFLICT} / {@code ON DUPLICATE KEY UPDATE}
     * checks the proposed insert first, and fails on a NOT NULL column it leaves out even when the
     * row exists.)
     */
    default String updateSql(String table, List<String> columns, List<String> key) {
        return "UPDATE " + quoteTable(table) + " SET " + columns.stream().map(c -> quote(c) + " = ?")
                .collect(Collectors.joining(", ")) + " WHERE " + keyPredicate(key);
    }

    /** {@code DELETE FROM table WHERE key = ?}; parameters: the key values. */
    default String deleteSql(String table, List<String> key) {
        return "DELETE FROM " + quoteTable(table) + " WHERE " + keyPredicate(key);
    }

    /** {@code SELECT COUNT(*) FROM table}. */
    default String countSql(String table) {
        return "SELECT COUNT(*) FROM " + quoteTable(table);
    }

    /**
     * Locks the row with this key and says whether its version is newer than a given one:
     * one column, true/false, NULL when either version is NULL; no row when there is none.
     * Parameters: the given version, then the key values.
     */
    default String newerVersionForUpdateSql(String table, List<String> key, String version) {
        return "SELECT " + quote(version) + " > ? FROM " + quoteTable(table) + " WHERE " + keyPredicate(key) + " FOR UPDATE";
    }

    /**
     * Inserts a row, or overwrites the non-key columns of the row with its key.
     * Parameters: the values of {@code columns}, in order.
     */
    String upsertSql(String table, List<String> columns, List<String> key);

    /**
     * Like {@link #upsertSql}, but an existing row is only overwritten when the incoming version is
     * equal or newer (or the existing version is NULL). Parameters: the values of {@code columns}.
     */
    String upsertIfNotOlderSql(String table, List<String> columns, List<String> key, String version);

    // --- database-generated keys -------------------------------------------------------------

    /**
     * The generator of {@code table}'s key column {@code column}: the sequence {@code sequence} when
     * given (empty when it does not exist), else the column's identity, serial sequence, sequence
     * default or {@code AUTO_INCREMENT}; empty when the column's values are not generated.
     */
    Optional<KeyGenerator> keyGenerator(Connection connection, String table, String column, Optional<String> sequence)
            throws SQLException;

    /** The value {@code generator} hands out next, or the end of what it has cached (above every value handed out). */
    long nextValue(Connection connection, KeyGenerator generator) throws SQLException;

    /** The statement that makes {@code generator} hand out {@code next} next, for an operator to run. */
    String moveToSql(KeyGenerator generator, long next);

    /** Columns of tables other than its own whose defaults draw from {@code generator}, e.g. {@code public.invoices.id}. */
    List<String> otherUsers(Connection connection, KeyGenerator generator) throws SQLException;

    /** {@code SELECT MAX(column) FROM table}. */
    default String maxSql(String table, String column) {
        return "SELECT MAX(" + quote(column) + ") FROM " + quoteTable(table);
    }

    /** {@code "a", "b", "c"}. */
    default String columnList(List<String> columns) {
        return columns.stream().map(this::quote).collect(Collectors.joining(", "));
    }

    /** {@code ?, ?, ?} for {@code n} values. */
    static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    /** {@code "k1" = ? AND "k2" = ?}. */
    default String keyPredicate(List<String> key) {
        return key.stream().map(k -> quote(k) + " = ?").collect(Collectors.joining(" AND "));
    }
}
