package io.decant.internal.verify;

import io.decant.DecantException;
import io.decant.store.RangeHasher;

/**
 * The row hash two stores compare with: the first function of the source's
 * {@link RangeHasher#rowHashFunctions()} that the target computes too and on whose probe both
 * agree; the portable MD5 when none does (a PostgreSQL pair agrees on its native hash, a
 * PostgreSQL–MariaDB pair on the SHA-256). A disagreeing or failing probe — two servers whose native
 * hashes differ, as across byte orders, or a server without the function — only costs speed: the
 * next function is tried, and at last the MD5 is used.
 *
 * @param function the function agreed on
 * @param source   the source's hasher, hashing with it
 * @param target   the target's hasher, hashing with it
 */
record RowHashChoice(String function, RangeHasher source, RangeHasher target) {

    static RowHashChoice of(RangeHasher source, RangeHasher target) {
        for (String f : source.rowHashFunctions()) {
            if (f.equals(RangeHasher.PORTABLE_ROW_HASH)) {
                break;
            }
            if (target.rowHashFunctions().contains(f) && agree(source, target, f)) {
                return new RowHashChoice(f, source.withRowHash(f), target.withRowHash(f));
            }
        }
        String md5 = RangeHasher.PORTABLE_ROW_HASH;
        return new RowHashChoice(md5, source.withRowHash(md5), target.withRowHash(md5));
    }

    /** Whether both compute {@code function} alike; a probe that fails (a server without the function) says no. */
    private static boolean agree(RangeHasher source, RangeHasher target, String function) {
        try {
            return source.probe(function) == target.probe(function);
        } catch (DecantException e) {
            return false;
        }
    }
}
