package io.decant.jdbc.backfill;

import java.util.OptionalLong;

/**
 * Which rows of a chunk's key range a transfer reads from the source, and how.
 *
 * @param locked       share-locked ({@code FOR SHARE} / {@code LOCK IN SHARE MODE}) until the source
 *                     transaction ends; otherwise plain reads (from the transaction's snapshot)
 * @param writtenSince PostgreSQL only: when present, only the rows whose current version was written
 *                     by a transaction not older than this 32-bit xid (see {@link SnapshotChunkCopy})
 */
record SourceRead(boolean locked, OptionalLong writtenSince) {
    /** Every row of the range, share-locked. */
    static final SourceRead LOCKED = new SourceRead(true, OptionalLong.empty());
    /** Every row of the range, unlocked. */
    static final SourceRead UNLOCKED = new SourceRead(false, OptionalLong.empty());

    /** The rows written since {@code xid} (32 bits), share-locked. */
    static SourceRead lockedWrittenSince(long xid) {
        return new SourceRead(true, OptionalLong.of(xid));
    }
}
