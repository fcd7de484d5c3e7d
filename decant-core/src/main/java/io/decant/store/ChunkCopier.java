package io.decant.store;

/**
 * Copies chunks of a source table into a target table so that a concurrent dual write (legacy
 * first, then the target) is never overwritten by an older copy. Two ways satisfy that: the
 * chunk's source rows are share-locked from the read until the target has committed (a write to
 * those keys waits for the chunk and lands after the copy); or the chunk is read from a snapshot
 * without locks and, once the target has committed, the source is checked for rows changed since
 * the snapshot, and those keys are copied again share-locked. A copy of the second kind is
 * recorded in {@link UncheckedCopies} before its target transaction commits, so that a copy whose
 * check never ran (a killed worker) is {@linkplain #settle settled} by whoever takes the chunk
 * over. Target rows written by anyone else are never deleted. Safe to call from several threads.
 */
public interface ChunkCopier {
    /**
     * Copies the rows of {@code range}; fails with FAILURE (the SQL error as cause), leaving either
     * nothing written or a copy recorded in {@code unchecked} for {@link #settle}.
     */
    ChunkCopy copy(KeyRange range, UncheckedCopies unchecked);

    /**
     * Finishes the check of an unchecked copy of {@code range} recorded under {@code mark}: waits
     * until its target transaction has ended, then brings every key of the range that may have
     * changed since its snapshot up to date (share-locked) and removes the copy's own rows of keys
     * the source no longer holds. Safe to run more than once and concurrently with the copy itself.
     */
    void settle(KeyRange range, String mark);

    /** How the rows travel, for the operator, e.g. {@code binary COPY pipe}. */
    String method();
}
