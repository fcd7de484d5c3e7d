package io.decant.jdbc.verify;

import io.decant.store.ColumnInfo;
import io.decant.store.ValueKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The per-engine SQL that renders {@link io.decant.store.CanonicalText} inside the database. Column
 * names reach this class already quoted by the store's dialect. Its two implementations are handed
 * out by the store's engine ({@code io.decant.jdbc.engine.Engine#hashSql()}), the only place that
 * constructs them.
 */
public sealed interface HashSql permits PostgresHashSql, MariaDbHashSql {
    /**
     * The first 64 bits of the SHA-256 of the row text's UTF-8 bytes: computed alike by PostgreSQL
     * (11+) and MariaDB, so a pair of them agrees on it (after a probe) instead of the MD5, which
     * costs MariaDB about three times as much per row.
     */
    String SHA256 = "sha256";

    /**
     * Rows hashed as {@link #SHA256}, but a part of a span digested as one SHA-256 over its row texts
     * in key order, joined by line feeds (the first 64 bits, with the row count), instead of the XOR
     * of each row's SHA-256: one hash per part instead of one per row, about a second less of
     * PostgreSQL's CPU per 1M rows. Offered only for a table whose key sorts alike on both engines and
     * whose rows' text is short ({@code JdbcRangeHasher}); a part whose text the database cannot
     * concatenate whole is compared row by row.
     */
    String SHA256_CONCAT = "sha256-concat";

    /**
     * An expression giving the canonical text of {@code quoted} (a column described by
     * {@code column}) rendered as {@code as}, or NULL for NULL: a text, or a value of a type whose
     * conversion to text is that text (an integer, a decimal, a date-time), left for {@link #rowText}
     * and {@link #nullAsN} to convert, which costs the database less than a cast of its own.
     */
    String encode(String quoted, ColumnInfo column, ValueKind as);

    /** The row hash functions the engine computes, fastest first, ending with the portable MD5. */
    List<String> rowHashFunctions();

    /**
     * An expression giving the hash under {@code function} of the row text of these column texts
     * (read back by {@link #rowHashValue}).
     */
    default String rowHash(List<String> encodedColumns, String function) {
        return hash(rowText(encodedColumns), function);
    }

    /**
     * An expression giving the row text of these column texts: them joined by {@code |}. None may be
     * NULL: a column that can be is given through {@link #nullAsN}.
     */
    String rowText(List<String> encodedColumns);

    /** The column text {@code encoded}, or {@code N} when it is NULL. */
    default String nullAsN(String encoded) {
        return "COALESCE(" + encoded + ", 'N')";
    }

    /** The hash under {@code function} of a text expression (read back by {@link #rowHashValue}). */
    String hash(String text, String function);

    /** The select list of a span digest: row count, then the XOR of the 64-bit row hashes {@code rowHash} gives. */
    String digestColumns(String rowHash, String function);

    /**
     * The select list of a part's digest under {@link #SHA256_CONCAT}, over rows whose text is the
     * column {@code text}, ordered by {@code orderBy}: row count, then the hash (read back by
     * {@link #rowHashValue} as a {@link #SHA256}).
     */
    String concatDigestColumns(String text, String orderBy);

    /** A statement that sets the session up for {@link #concatDigestColumns}, or null. */
    String concatSessionSql();

    /**
     * Whether the concatenated text of a {@link #concatDigestColumns} query came out cut short or
     * could not be made ({@code warning} after its rows, or {@code failure} instead of them): its parts
     * are then compared row by row.
     */
    boolean concatCutShort(java.sql.SQLWarning warning, SQLException failure);

    /** The 64-bit value of a {@link #rowHash} read from {@code rs}. */
    long rowHashValue(ResultSet rs, int column, String function) throws SQLException;

    /** A query of the hash under {@code function} of one bound text parameter. */
    String probe(String function);

    /** The parameter marker for a key value bound into a comparison with {@code column}. */
    String keyParameter(ColumnInfo column);

    /**
     * A comparison of the key columns with bound key values, {@code (a, b) > (?, ?)} in effect;
     * {@code op} is one of {@code >}, {@code >=}, {@code <=}.
     */
    KeyComparison compareKey(List<String> quotedKey, List<String> markers, String op);

    /**
     * SQL comparing the key with bound values, and which key value (by position) each {@code ?} takes, in order.
     */
    record KeyComparison(String sql, List<Integer> bindOrder) {
    }

    /**
     * A condition matching any of {@code count} keys bound in order ({@code (a, b) IN ((?, ?), …)} in
     * effect), written so that the database looks each key up in the primary key.
     */
    String keyIn(List<String> quotedKey, List<String> markers, int count);

    /** A statement that sets the session up for {@link #encode} (run before each query), or null. */
    String sessionSql();

    /**
     * Whether {@code ROW_NUMBER() OVER (ORDER BY key)} over a key range returns its first rows while
     * the database still counts (PostgreSQL); MariaDB materializes and sorts the whole range first.
     */
    boolean streamsRowNumbers();

    /** Whether a streaming read must run outside autocommit (PostgreSQL's cursor-based fetch). */
    boolean streamsInTransaction();

    /** The fetch size that makes the driver stream a large result. */
    int streamingFetchSize();
}
