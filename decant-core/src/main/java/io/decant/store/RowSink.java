package io.decant.store;

/**
 * Receives rows streamed out of a table, one at a time, as normalized values in column order (see
 * {@link BulkTable#stream(RowSink)}). The array is the callee's to keep only during the call.
 */
@FunctionalInterface
public interface RowSink {
    void accept(Object[] values);
}
