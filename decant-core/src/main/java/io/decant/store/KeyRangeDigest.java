package io.decant.store;

/**
 * What a database computes for a span of keys: how many rows it holds and the XOR of their
 * 64-bit row hashes (the first 64 bits of the MD5 of each row's canonical text). Two spans with
 * equal digests hold the same rows, up to a 2<sup>-64</sup> chance.
 *
 * @param rows the number of rows
 * @param hash XOR of the row hashes (0 for no rows)
 */
public record KeyRangeDigest(long rows, long hash) {
    public static final KeyRangeDigest EMPTY = new KeyRangeDigest(0, 0);
}
