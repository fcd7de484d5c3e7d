package io.decant.store;

/**
 * Loads rows into a table inside one transaction: {@link #add} rows (in column order, values as
 * {@link RowSink} gives them), read back what the transaction now holds with {@link #stream}, then
 * {@link #commit()}. Closing without a commit rolls everything back.
 */
public interface RowLoader extends AutoCloseable {
    void add(Object[] values);

    /** Streams the table's rows as this transaction sees them, in key order (pending rows are written first). */
    long stream(RowSink sink);

    void commit();

    @Override
    void close();
}
