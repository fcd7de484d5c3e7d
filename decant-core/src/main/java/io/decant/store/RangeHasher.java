package io.decant.store;

import io.decant.spi.Key;
import io.decant.spi.Row;
import java.util.List;
import java.util.function.Consumer;

/**
 * Verification's access to one table: cuts its key space into spans and computes, inside the
 * database, the digest of a span or the hash of each of its rows, over the canonical text of
 * {@link CanonicalText}. PostgreSQL and MariaDB compute identical hashes for equal values, so the
 * two stores of a migration are compared without moving their rows; two stores of one engine may
 * agree on a faster hash of the same text ({@link #rowHashFunctions()}). Implementations hold the SQL;
 * the verify engine holds none.
 */
public interface RangeHasher {

    /** Receives one row's key and 64-bit hash. */
    @FunctionalInterface
    interface RowHashSink {
        void accept(Key key, long hash);
    }

    /**
     * The row hash {@link CanonicalText} defines — the first 64 bits of the MD5 of a row's canonical
     * text — which every hasher computes, so that any two stores can be compared.
     */
    String PORTABLE_ROW_HASH = "md5";

    /**
     * The row hash functions this hasher computes inside its database, fastest first, ending with
     * {@link #PORTABLE_ROW_HASH}. Two hashers use the first function both list on which their
     * {@linkplain #probe probes} agree (an engine's native hash is often twice as fast as an MD5,
     * but only another store of the same engine computes it).
     */
    default List<String> rowHashFunctions() {
        return List.of(PORTABLE_ROW_HASH);
    }

    /**
     * The hash {@code function} gives, in this database, a fixed probe text of a few kinds of
     * characters: two hashers that give the same probe compute the function alike.
     */
    default long probe(String function) {
        if (!PORTABLE_ROW_HASH.equals(function)) {
            throw new IllegalArgumentException("this hasher does not compute " + function);
        }
        return CanonicalText.hash(PROBE_TEXT);
    }

    /** The text {@link #probe} hashes. */
    String PROBE_TEXT = "1|-12.5|7:décant€|2026-11-26 07:43:54.5|N|0|ff00";

    /**
     * This hasher, hashing rows with {@code function} (one of {@link #rowHashFunctions()}) from now
     * on in {@link #digests} and {@link #rowHashes}.
     */
    default RangeHasher withRowHash(String function) {
        if (!PORTABLE_ROW_HASH.equals(function)) {
            throw new IllegalArgumentException("this hasher does not compute " + function);
        }
        return this;
    }

    /**
     * Streams, ascending, the keys that cut {@code within} into spans of about {@code rowsPerSpan}
     * rows each. They are picked inside the database (only every {@code rowsPerSpan}-th key reaches
     * the caller), and arrive while the database is still counting, so spans can be compared at once.
     */
    void splitKeys(KeySpan within, int rowsPerSpan, Consumer<Key> cuts);

    /**
     * Whether {@link #splitKeys} counts keys in one streaming pass, giving cuts while it still counts
     * (PostgreSQL's window does; MariaDB materializes it, so its hasher counts a page at a time at
     * about 2.5 times the server CPU). Verify cuts a table whose keys are integers on both sides with
     * the target's keys when only the target's hasher does.
     */
    default boolean splitsInOnePass() {
        return false;
    }

    /** The span's row count and digest ({@link KeyRangeDigest}) over {@code columns}, in that order. */
    default KeyRangeDigest digest(KeySpan span, List<HashColumn> columns) {
        return digests(span, List.of(), columns).get(0);
    }

    /**
     * The digests of the parts of {@code span} cut at {@code cuts} (ascending keys inside the span;
     * part {@code i} ends at cut {@code i} included), in one pass over the span: {@code cuts.size() + 1}
     * digests. A span whose digests differ is then compared row by row only in the parts that differ.
     */
    List<KeyRangeDigest> digests(KeySpan span, List<Key> cuts, List<HashColumn> columns);

    /** Every row of the span: its key and its hash over {@code columns}. Order is not guaranteed. */
    void rowHashes(KeySpan span, List<HashColumn> columns, RowHashSink sink);

    /**
     * Every row of the span with the given columns, values normalized as {@link TableStore#fetch}
     * gives them, streamed (for columns that cannot be hashed in the database, and row mappers).
     */
    void rows(KeySpan span, List<String> columns, Consumer<Row> sink);

    /**
     * The rows with these keys (those that exist), with the given columns, values normalized as
     * {@link #rows} gives them: one query per few hundred keys, so rechecking a span's candidate
     * differences costs one round trip per store rather than one per key.
     */
    void rowsAt(List<Key> keys, List<String> columns, Consumer<Row> sink);
}
