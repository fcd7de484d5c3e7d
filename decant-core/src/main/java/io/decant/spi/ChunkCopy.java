package io.decant.spi;

/**
 * What copying one chunk did.
 *
 * @param rows   source rows copied
 * @param merged true when the chunk met target rows and went through the version-guarded merge;
 *               false when it was loaded straight into an empty key range
 */
public record ChunkCopy(long rows, boolean merged) {
}
