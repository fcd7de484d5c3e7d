package io.decant.store;

/**
 * What copying one chunk did.
 *
 * @param rows   source rows copied
 * @param merged true when the chunk met target rows and went through the version-guarded merge;
 *               false when it was loaded straight into an empty key range
 * @param redone true when the chunk was read from a snapshot without row locks and the check after
 *               its commit found rows changed since, which were then copied again share-locked
 */
public record ChunkCopy(long rows, boolean merged, boolean redone) {
    public ChunkCopy(long rows, boolean merged) {
        this(rows, merged, false);
    }
}
