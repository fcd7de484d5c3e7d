package io.decant.store;

/**
 * What a database computes for a span of keys: how many rows it holds and a 64-bit digest of their
 * canonical texts under the row hash function two stores agreed on — the XOR of the rows' 64-bit
 * hashes, or for {@code sha256-concat} the first 64 bits of one SHA-256 over the texts in key order.
 * Two spans with equal digests hold the same rows, up to a 2<sup>-64</sup> chance.
 *
 * @param rows the number of rows
 * @param hash the digest (0 for no rows)
 */
public record KeyRangeDigest(long rows, long hash) {
    public static final KeyRangeDigest EMPTY = new KeyRangeDigest(0, 0);
}
