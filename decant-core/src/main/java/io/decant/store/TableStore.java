package io.decant.store;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.spi.Key;
import io.decant.spi.Row;
import java.util.List;
import java.util.Optional;

/**
 * One table in one store, as the engines see it. Implementations hold all SQL; engines only call
 * these operations. Every operation is its own short transaction unless said otherwise. Failures
 * are thrown as {@link io.decant.DecantException} with code FAILURE and the SQL error as cause.
 */
public interface TableStore {
    TableRef ref();

    /** The table's columns as the database describes them, or empty when the table does not exist. */
    Optional<List<ColumnInfo>> describe();

    /** Where the table physically is, or empty when it does not exist. */
    Optional<TableLocation> locate();

    /** Fails (FAILURE) unless the store answers a trivial query. */
    void ping();

    /** The row with this key, reading {@link TableRef#columns()}; empty when there is none. */
    Optional<Row> fetch(Key key);

    /** Inserts the row, or updates the existing row with its key; only the row's columns are written. */
    void upsert(Row row);

    /**
     * Inserts the row without its key, which the database generates (an identity, serial or
     * {@code AUTO_INCREMENT} column, a sequence default), and returns that key. The table's key must be
     * a single column; the row's key columns, if it holds them, are not written. A store that cannot
     * report a generated key refuses (FAILURE), as this default does.
     */
    default Object insertGenerated(Row row) {
        throw new DecantException(ErrorCode.FAILURE, "table " + ref().table()
                + ": this store cannot insert a row with a key the database generates");
    }

    /**
     * Like {@link #upsert(Row)}, but an existing row whose version column holds a newer value than
     * {@code row}'s is left alone. Returns false when the existing row was newer.
     */
    boolean upsertIfNotOlder(Row row, String versionColumn);

    /**
     * Compare-and-set of one key's state, in one transaction: when the key's current state (as
     * {@link #fetch} reads it) equals {@code expected} ({@link Row#sameState}), it becomes
     * {@code replacement} — the row upserted, or the key deleted when empty — and true is returned;
     * otherwise nothing is written and false is returned. A present row is locked between the
     * comparison and the write; an absent one is inserted only if nobody inserted it meanwhile.
     */
    boolean replace(Key key, Optional<Row> expected, Optional<Row> replacement);

    /** Deletes the row with this key; false when there was none. */
    boolean delete(Key key);

    /** Number of rows (exact; may scan). */
    long count();

    /**
     * For each bound, how many rows hold a value outside it in the bound's column, in one scan of the
     * table; empty when this store cannot count them (then a value that does not fit is found only
     * when the row is written). NULLs are inside every bound.
     */
    default Optional<List<Long>> countOutside(List<ValueBound> bounds) {
        return Optional.empty();
    }
}
