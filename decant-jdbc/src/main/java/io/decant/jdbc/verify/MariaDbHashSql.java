package io.decant.jdbc.verify;

import io.decant.store.ColumnInfo;
import io.decant.store.RangeHasher;
import io.decant.store.ValueKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * MariaDB's (and MySQL's) rendering of the canonical text. Sessions run with
 * {@code time_zone = '+00:00'}, so TIMESTAMP columns read as UTC; DATETIME is taken as UTC.
 */
public final class MariaDbHashSql implements HashSql {
    /** The longest GROUP_CONCAT a session allows (4 GiB, the most a 32-bit server takes). */
    private static final long CONCAT_LIMIT = 4_294_967_295L;
    private final long concatLimit;

    public MariaDbHashSql() {
        this(CONCAT_LIMIT);
    }

    /**
     * With GROUP_CONCAT cut at {@code concatLimit} bytes instead (tests make it cut parts short to see
     * them compared row by row).
     */
    public MariaDbHashSql(long concatLimit) {
        this.concatLimit = concatLimit;
    }

    @Override
    public String encode(String q, ColumnInfo column, ValueKind as) {
        ValueKind actual = column.kind();
        return switch (as) {
            case INTEGER, DECIMAL -> switch (actual) {
                case DECIMAL -> trimmedDecimal(q, column.scale());
                case INTEGER -> integerText(q);
                default -> "CAST(" + q + " AS CHAR)";
            };
            case BOOLEAN -> "CASE WHEN " + q + " <> 0 THEN '1' WHEN " + q + " = 0 THEN '0' END";
            case TEXT -> {
                String text = actual == ValueKind.TEXT ? q : actual == ValueKind.INTEGER ? integerText(q) : "CAST(" + q + " AS CHAR)";
                yield "CONCAT(LENGTH(CONVERT(" + text + " USING utf8mb4)), ':', " + text + ")";
            }
            case TIMESTAMP -> timestamp(q, column);
            case DATE -> "DATE_FORMAT(" + q + ", '%Y-%m-%d')";
            case BYTES -> "LOWER(HEX(" + q + "))";
            case UUID -> "LOWER(CAST(" + q + " AS CHAR))";
            default -> throw new IllegalArgumentException(as + " is not rendered in the database");
        };
    }

    /**
     * An integer column's value as the number's text: {@code + 0}, because a {@code ZEROFILL} column's
     * own text (and its {@code CAST(… AS CHAR)}) keeps the zeros ({@code 00042}), which PostgreSQL's
     * and Java's texts of the number never have; the sum is converted implicitly where it is used.
     */
    private static String integerText(String q) {
        return "(" + q + " + 0)";
    }

    /**
     * A date-time's text, without trailing fraction zeros (nor the point when they are all zero). A
     * DATETIME or TIMESTAMP of known fractional digits converts to text with exactly that many, so its
     * text is trimmed (or, with none, taken) as it is: 0.1 s less of MariaDB's time per 1M values than
     * formatting it; a DATE or a column of unknown digits is formatted. Like integers and decimals, it is
     * converted implicitly (by CONCAT_WS, TRIM, COALESCE) rather than by {@code CAST(… AS CHAR)}: the
     * same text (both take the value's own string form), without the cast's copy — about 0.1 s per 1M
     * values and column, 0.4 s per 1M rows of the benchmark's table.
     */
    private static String timestamp(String q, ColumnInfo column) {
        boolean dateTime = column.kind() == ValueKind.TIMESTAMP || column.kind() == ValueKind.TIMESTAMP_TZ;
        if (dateTime && column.precision() == 0) {
            return q;
        }
        if (dateTime && column.precision() > 0 && column.precision() <= 6) {
            return "TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM " + q + "))";
        }
        return "CASE WHEN MICROSECOND(" + q + ") = 0 THEN DATE_FORMAT(" + q + ", '%Y-%m-%d %H:%i:%s')"
                + " ELSE TRIM(TRAILING '0' FROM DATE_FORMAT(" + q + ", '%Y-%m-%d %H:%i:%s.%f')) END";
    }

    /**
     * A decimal's text without trailing fraction zeros (and without a bare trailing point). A column
     * of a known scale above 0 always prints a point, so its text is trimmed without first looking for
     * one (a quarter less of MariaDB's time for the column); scale 0 prints none.
     */
    private static String trimmedDecimal(String x, int scale) {
        if (scale > 0) {
            return "TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM " + x + "))";
        }
        if (scale == 0) {
            return x;
        }
        return "CASE WHEN INSTR(" + x + ", '.') > 0 THEN TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM " + x + ")) ELSE " + x + " END";
    }

    /** The SHA-256 first: MariaDB's MD5 costs about three times as much per row (docs/benchmarks.md, "Verify"). */
    @Override
    public List<String> rowHashFunctions() {
        return List.of(SHA256_CONCAT, SHA256, RangeHasher.PORTABLE_ROW_HASH);
    }

    @Override
    public String rowText(List<String> encoded) {
        return "CONVERT(CONCAT_WS('|', " + String.join(", ", encoded) + ") USING utf8mb4)";
    }

    /** The MD5 or SHA-256 of the text in hex digits (the first 16 are the hash). */
    @Override
    public String hash(String text, String function) {
        return switch (function) {
            case SHA256, SHA256_CONCAT -> "SHA2(" + text + ", 256)";
            case RangeHasher.PORTABLE_ROW_HASH -> "MD5(" + text + ")";
            default -> throw new IllegalArgumentException("MariaDB does not compute the row hash " + function);
        };
    }

    @Override
    public String digestColumns(String rowHash, String function) {
        hash("", function);
        return "COUNT(*), BIT_XOR(CAST(CONV(LEFT(" + rowHash + ", 16), 16, 10) AS UNSIGNED))";
    }

    @Override
    public String concatDigestColumns(String text, String orderBy) {
        // a line feed itself, not '\\n', which is two characters under NO_BACKSLASH_ESCAPES
        return "COUNT(*), LEFT(SHA2(GROUP_CONCAT(" + text + " ORDER BY " + orderBy + " SEPARATOR '\n'), 256), 16)";
    }

    /** GROUP_CONCAT cuts its result at this length, with a warning. */
    @Override
    public String concatSessionSql() {
        return "SET SESSION group_concat_max_len = " + concatLimit;
    }

    /** Warning 1260: "Row N was cut by GROUP_CONCAT()". */
    @Override
    public boolean concatCutShort(java.sql.SQLWarning warning, SQLException failure) {
        for (java.sql.SQLWarning w = warning; w != null; w = w.getNextWarning()) {
            if (w.getErrorCode() == 1260) {
                return true;
            }
        }
        return false;
    }

    /** The hash read back; SHA2 gives NULL on a server built without it, which no probe agrees with. */
    @Override
    public long rowHashValue(ResultSet rs, int column, String function) throws SQLException {
        hash("", function);
        String hex = rs.getString(column);
        if (hex == null) {
            throw new SQLException("MariaDB computed no " + function + " (NULL)");
        }
        return Long.parseUnsignedLong(hex.substring(0, 16), 16);
    }

    @Override
    public String probe(String function) {
        return "SELECT LEFT(" + hash("CONVERT(? USING utf8mb4)", function) + ", 16)";
    }

    @Override
    public String keyParameter(ColumnInfo column) {
        return "?";
    }

    /** Expanded into ORs so MariaDB's range optimizer uses the primary key. */
    @Override
    public KeyComparison compareKey(List<String> quotedKey, List<String> markers, String op) {
        String strict = op.substring(0, 1);
        List<String> alternatives = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < quotedKey.size(); i++) {
            List<String> terms = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                terms.add(quotedKey.get(j) + " = " + markers.get(j));
                order.add(j);
            }
            boolean last = i == quotedKey.size() - 1;
            terms.add(quotedKey.get(i) + " " + (last ? op : strict) + " " + markers.get(i));
            order.add(i);
            alternatives.add(String.join(" AND ", terms));
        }
        String sql = alternatives.size() == 1 ? alternatives.get(0)
                : alternatives.stream().map(a -> "(" + a + ")").collect(Collectors.joining(" OR ", "(", ")"));
        return new KeyComparison(sql, List.copyOf(order));
    }

    /** A single-column key as {@code IN (…)}; a composite key as ORed equalities, which MariaDB turns into key lookups. */
    @Override
    public String keyIn(List<String> quotedKey, List<String> markers, int count) {
        if (quotedKey.size() == 1) {
            return quotedKey.get(0) + " IN (" + String.join(", ", java.util.Collections.nCopies(count, markers.get(0))) + ")";
        }
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < quotedKey.size(); i++) {
            terms.add(quotedKey.get(i) + " = " + markers.get(i));
        }
        String one = "(" + String.join(" AND ", terms) + ")";
        return "(" + String.join(" OR ", java.util.Collections.nCopies(count, one)) + ")";
    }

    @Override
    public String sessionSql() {
        return null;
    }

    /** The window over 1M keys: 1.5 s before its first row (a temporary table and a filesort). */
    @Override
    public boolean streamsRowNumbers() {
        return false;
    }

    @Override
    public boolean streamsInTransaction() {
        return false;
    }

    @Override
    public int streamingFetchSize() {
        return 5000;
    }
}
