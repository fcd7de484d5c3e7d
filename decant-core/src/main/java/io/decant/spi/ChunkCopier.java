package io.decant.spi;

/**
 * Copies chunks of a source table into a target table. For each chunk, in one source transaction:
 * the chunk's rows are read share-locked, written to the target and the target committed, and only
 * then the source transaction ends, so a concurrent write to those keys (legacy first) waits for
 * the chunk and lands after the copy. Target rows are never deleted. Safe to call from several
 * threads at once.
 */
public interface ChunkCopier {
    /** Copies the rows of {@code range}; fails with FAILURE (the SQL error as cause), leaving nothing half-written. */
    ChunkCopy copy(KeyRange range);

    /** How the rows travel, for the operator, e.g. {@code binary COPY pipe}. */
    String method();
}
