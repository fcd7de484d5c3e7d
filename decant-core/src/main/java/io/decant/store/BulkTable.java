package io.decant.store;

import java.util.List;
import java.util.Optional;

/**
 * Whole-table operations for backup, retire and restore, on every column of a table (not only the
 * mapped ones). The store holds the SQL; the engines only call these. Values are normalized by
 * {@link ValueKind}: INTEGER as {@code Long} (or {@code BigInteger} past 64 bits), DECIMAL as
 * {@code BigDecimal} with the stored scale, FLOAT as {@code Double}, BOOLEAN as {@code Boolean},
 * TEXT, JSON and OTHER as {@code String}, TIMESTAMP as {@code LocalDateTime}, TIMESTAMP_TZ as
 * {@code Instant}, DATE as {@code LocalDate}, TIME as {@code LocalTime}, BYTES as {@code byte[]},
 * UUID as {@code java.util.UUID}; NULL as {@code null}. Failures are thrown as
 * {@link io.decant.DecantException} with code FAILURE and the SQL error as cause.
 */
public interface BulkTable {
    /** The table, with its key columns; {@link TableRef#columns()} is ignored. */
    TableRef ref();

    /** e.g. {@code PostgreSQL} or {@code MariaDB}: tables are only recreated on the engine they came from. */
    String engine();

    /** The server's version, e.g. {@code PostgreSQL 15.4}. */
    String productVersion();

    /** Every column of the table, in table order, or empty when the table does not exist. */
    Optional<List<ColumnDefinition>> columns();

    /**
     * Streams every row, reading {@code columns} in that order, sorted by the key, in one read-only
     * snapshot and with memory flat in the table's size. Returns the number of rows.
     */
    long stream(List<ColumnDefinition> columns, RowSink sink);

    /** Exact number of rows. */
    long count();

    /**
     * In one transaction: locks the first {@code maxRows} rows in key order whose key is greater than
     * {@code after} (the key values of the last row deleted before, or null to start at the
     * beginning), reading all {@code columns}; lets {@code check} approve them; deletes exactly
     * their key range (refusing when the range holds any other row) and commits. Returns the rows
     * deleted: 0 when no row is left past {@code after}.
     */
    int deleteBatch(List<ColumnDefinition> columns, List<Object> after, int maxRows, BatchCheck check);

    /**
     * Drops the table if it holds no row, checked under a lock that keeps writers out until the
     * drop. Returns false (and drops nothing) when a row is there.
     */
    boolean dropIfEmpty();

    /** Creates the table with these columns and a primary key on the key columns. */
    void create(List<ColumnDefinition> columns);

    /** Starts loading rows into the (existing) table in one transaction. */
    RowLoader loader(List<ColumnDefinition> columns);
}
