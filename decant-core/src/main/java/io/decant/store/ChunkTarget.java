package io.decant.store;

/**
 * The target's side of a backfill chunk when the source's store cannot reach the target's database
 * itself (the target sits behind a service's API): it receives the chunk's rows, already in the
 * target's shape, and writes them in one transaction of its own when the copy commits. The source
 * keeps the chunk's rows share-locked until {@link ChunkWrite#commit()} returned, so a dual write of
 * those keys (legacy first) reaches the target after the copy.
 */
public interface ChunkTarget {

    /** Starts the write of the rows of {@code range}. */
    ChunkWrite begin(KeyRange range);

    /** How the rows travel, for the operator, e.g. {@code row batches over HTTP}. */
    String method();

    /** The rows of one chunk, written at {@link #commit()}; closing without a commit writes nothing. */
    interface ChunkWrite extends AutoCloseable {
        /** One row: normalized values (as {@link Row} holds them) in the order of the copy's target columns. */
        void add(Object[] values);

        /**
         * Writes every row added, in one target transaction: straight into the range when the target
         * holds none of its rows, else by an upsert that, where the target has a version column, leaves a
         * row with a newer version alone. Returns whether it merged; the rows are durable once it returns.
         */
        boolean commit();

        @Override
        void close();
    }
}
