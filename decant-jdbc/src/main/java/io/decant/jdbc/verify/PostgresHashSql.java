package io.decant.jdbc.verify;

import io.decant.store.ColumnInfo;
import io.decant.store.RangeHasher;
import io.decant.store.ValueKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.IntStream;

/**
 * PostgreSQL's rendering of the canonical text. Timestamps and dates use PostgreSQL's own ISO text
 * output (the session's DateStyle is set to ISO first, see {@link #sessionSql()}); zones are
 * converted to UTC explicitly.
 */
public final class PostgresHashSql implements HashSql {
    /**
     * PostgreSQL's own 64-bit text hash ({@code hashtextextended}, PostgreSQL 11+) of the canonical
     * row text: about twice as fast as the MD5, computed alike by every PostgreSQL of one byte order
     * (a pair of stores checks that with a probe before using it).
     */
    static final String NATIVE = "postgresql-hashtextextended";
    /** Columns one {@code concat_ws} joins (PostgreSQL passes at most 100 arguments, the separator one of them). */
    static final int CONCAT_ARGS = 90;

    @Override
    public String encode(String q, ColumnInfo column, ValueKind as) {
        ValueKind actual = column.kind();
        return switch (as) {
            case INTEGER, DECIMAL -> switch (actual) {
                case DECIMAL -> "trim_scale(" + q + ")";
                case INTEGER -> q;
                case BOOLEAN -> bool(q);
                default -> q + "::text";
            };
            case BOOLEAN -> actual == ValueKind.BOOLEAN ? bool(q)
                    : "CASE WHEN " + q + " <> 0 THEN '1' WHEN " + q + " = 0 THEN '0' END";
            case TEXT -> "octet_length(" + q + "::text) || ':' || " + q + "::text";
            case TIMESTAMP -> switch (actual) {
                case TIMESTAMP_TZ -> "(" + q + " AT TIME ZONE 'UTC')";
                case DATE -> q + "::timestamp";
                case TIMESTAMP -> q;
                default -> q + "::text";
            };
            case DATE -> actual == ValueKind.DATE ? q : q + "::text";
            case BYTES -> "encode(" + q + ", 'hex')";
            case UUID -> "lower(" + q + "::text)";
            default -> throw new IllegalArgumentException(as + " is not rendered in the database");
        };
    }

    private static String bool(String q) {
        return "CASE WHEN " + q + " THEN '1' WHEN NOT " + q + " THEN '0' END";
    }

    @Override
    public List<String> rowHashFunctions() {
        return List.of(NATIVE, SHA256_CONCAT, SHA256, RangeHasher.PORTABLE_ROW_HASH);
    }

    /**
     * The column texts joined by {@code concat_ws}, which writes an integer's, a decimal's or a
     * timestamp's text with the type's output function straight into the row's text: 18 % less of
     * PostgreSQL's time per row than a {@code ::text} cast of each column joined by {@code ||} (two
     * copies of each column's text the less), the same text (for these types the cast to text is
     * their output function; the session's DateStyle is ISO).
     */
    @Override
    public String rowText(List<String> encoded) {
        if (encoded.size() > CONCAT_ARGS) { // a function takes at most 100 arguments: joined in groups, then the groups
            List<String> groups = new java.util.ArrayList<>();
            for (int i = 0; i < encoded.size(); i += CONCAT_ARGS) {
                groups.add(rowText(encoded.subList(i, Math.min(encoded.size(), i + CONCAT_ARGS))));
            }
            return rowText(groups);
        }
        return "concat_ws('|', " + String.join(", ", encoded) + ")";
    }

    /** {@code COALESCE} needs text on both sides: an integer, decimal or timestamp is cast first. */
    @Override
    public String nullAsN(String encoded) {
        return "COALESCE((" + encoded + ")::text, 'N')";
    }

    @Override
    public String hash(String text, String function) {
        return switch (function) {
            // COLLATE "C": a nondeterministic collation would hash texts it holds equal ('A', 'a') alike
            case NATIVE -> "hashtextextended((" + text + ") COLLATE \"C\", 0)";
            // the first 8 bytes before they are written out in hex: a tenth less than taking 16 digits of all 64
            case SHA256, SHA256_CONCAT -> "('x' || encode(substring(sha256(convert_to(" + text + ", 'UTF8')) FROM 1 FOR 8), 'hex'))::bit(64)::bigint";
            case RangeHasher.PORTABLE_ROW_HASH -> "('x' || left(md5(" + text + "), 16))::bit(64)::bigint";
            default -> throw new IllegalArgumentException("PostgreSQL does not compute the row hash " + function);
        };
    }

    @Override
    public String digestColumns(String rowHash, String function) {
        return "count(*), bit_xor(" + rowHash + ")";
    }

    @Override
    public String concatDigestColumns(String text, String orderBy) {
        return "count(*), " + hash("string_agg(" + text + ", E'\\n' ORDER BY " + orderBy + ")", SHA256);
    }

    @Override
    public String concatSessionSql() {
        return null;
    }

    /** A text over 1 GB: "out of memory … Cannot enlarge string buffer" (54000, program_limit_exceeded) or 53200. */
    @Override
    public boolean concatCutShort(java.sql.SQLWarning warning, SQLException failure) {
        return failure != null && ("54000".equals(failure.getSQLState()) || "53200".equals(failure.getSQLState()));
    }

    @Override
    public long rowHashValue(ResultSet rs, int column, String function) throws SQLException {
        return rs.getLong(column);
    }

    @Override
    public String probe(String function) {
        return "SELECT " + hash("CAST(? AS text)", function);
    }

    @Override
    public String keyParameter(ColumnInfo column) {
        return column.kind() == ValueKind.UUID ? "CAST(? AS uuid)" : "?";
    }

    @Override
    public KeyComparison compareKey(List<String> quotedKey, List<String> markers, String op) {
        List<Integer> order = IntStream.range(0, quotedKey.size()).boxed().toList();
        if (quotedKey.size() == 1) {
            return new KeyComparison(quotedKey.get(0) + " " + op + " " + markers.get(0), order);
        }
        return new KeyComparison("(" + String.join(", ", quotedKey) + ") " + op + " (" + String.join(", ", markers) + ")", order);
    }

    @Override
    public String keyIn(List<String> quotedKey, List<String> markers, int count) {
        String one = quotedKey.size() == 1 ? markers.get(0) : "(" + String.join(", ", markers) + ")";
        String column = quotedKey.size() == 1 ? quotedKey.get(0) : "(" + String.join(", ", quotedKey) + ")";
        return column + " IN (" + String.join(", ", java.util.Collections.nCopies(count, one)) + ")";
    }

    @Override
    public String sessionSql() {
        return "SET datestyle TO 'ISO, YMD'";
    }

    @Override
    public boolean streamsRowNumbers() {
        return true;
    }

    @Override
    public boolean streamsInTransaction() {
        return true;
    }

    @Override
    public int streamingFetchSize() {
        return 5000;
    }
}
