package io.decant.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one canonical text of a column value that verification hashes and compares — the Java
 * reference of what the databases compute (decant-jdbc's hashing SQL renders the same text inside
 * PostgreSQL and MariaDB; property tests hold the three equal). Per kind:
 * <ul>
 *   <li>INTEGER: decimal digits, {@code -} for negatives;</li>
 *   <li>DECIMAL: plain decimal without trailing fraction zeros or exponent ({@code 12.5}, {@code 100},
 *       {@code 0}), so {@code numeric(12,2)} and {@code decimal(14,4)} agree;</li>
 *   <li>BOOLEAN: {@code 1} or {@code 0} (a MariaDB {@code tinyint(1)} too);</li>
 *   <li>TEXT: the length in UTF-8 bytes, {@code :}, the text — so no text can imitate a separator;</li>
 *   <li>TIMESTAMP: UTC wall time {@code YYYY-MM-DD HH:MM:SS}, then {@code .} and the microseconds
 *       without trailing zeros when they are not zero (PostgreSQL's ISO output); zone-less values
 *       are taken as UTC, zoned ones converted; a DATE paired with a timestamp is its midnight;</li>
 *   <li>DATE: {@code YYYY-MM-DD};</li>
 *   <li>BYTES: lower-case hex; UUID: lower-case text;</li>
 *   <li>NULL: {@code N} (never the text of a value of any kind).</li>
 * </ul>
 * A row's text is its columns' texts joined with {@code |}; its 64-bit hash is the first 8 bytes of
 * the MD5 of that text in UTF-8, big-endian. Kinds the databases render differently (JSON, FLOAT,
 * TIME, OTHER) are only encoded in Java: JSON with sorted keys and normalized numbers, FLOAT as
 * Java's shortest double text, TIME as {@code HH:MM:SS.ffffff}.
 */
public final class CanonicalText {
    public static final String NULL = "N";
    public static final char SEPARATOR = '|';
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS", Locale.ROOT);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    private CanonicalText() {
    }

    /** Whether the databases render this kind's canonical text themselves (else Java does). */
    public static boolean hashableInDatabase(ValueKind kind) {
        return switch (kind) {
            case INTEGER, DECIMAL, BOOLEAN, TEXT, TIMESTAMP, DATE, BYTES, UUID -> true;
            default -> false;
        };
    }

    /** The canonical text of {@code value} rendered as {@code kind}. */
    public static String encode(Object value, ValueKind kind) {
        if (value == null) {
            return NULL;
        }
        return switch (kind) {
            case INTEGER -> integer(value);
            case DECIMAL -> decimal(value);
            case BOOLEAN -> bool(value);
            case TEXT, OTHER -> text(value);
            case TIMESTAMP, TIMESTAMP_TZ -> timestamp(TemporalValues.utcWallTime(value));
            case DATE -> DATE.format(TemporalValues.date(value));
            case BYTES -> value instanceof byte[] b ? HexFormat.of().formatHex(b) : text(value);
            case UUID -> value.toString().toLowerCase(Locale.ROOT);
            case FLOAT -> floating(value);
            case JSON -> json(value);
            case TIME -> time(value);
        };
    }

    /** A row's canonical text: the columns' texts joined with {@code |}. */
    public static String row(List<String> columns) {
        return String.join(String.valueOf(SEPARATOR), columns);
    }

    /** The 64-bit hash of a row's canonical text, as the databases compute it. */
    public static long hash(String rowText) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(rowText.getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (md5[i] & 0xff);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }

    private static String integer(Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof BigInteger) {
            return v.toString();
        }
        if (v instanceof Boolean b) {
            return b ? "1" : "0";
        }
        return decimal(v);
    }

    private static String decimal(Object v) {
        BigDecimal d;
        if (v instanceof BigDecimal bd) {
            d = bd;
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof BigInteger) {
            return v.toString();
        } else if (v instanceof Double || v instanceof Float) {
            d = new BigDecimal(v.toString());
        } else {
            d = new BigDecimal(v.toString().trim());
        }
        if (d.signum() == 0) {
            return "0";
        }
        return d.stripTrailingZeros().toPlainString();
    }

    private static String bool(Object v) {
        if (v instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (v instanceof Number n) {
            return new BigDecimal(n.toString()).signum() != 0 ? "1" : "0";
        }
        String s = v.toString().trim().toLowerCase(Locale.ROOT);
        return s.equals("1") || s.equals("t") || s.equals("true") ? "1" : "0";
    }

    private static String text(Object v) {
        String s = v instanceof byte[] b ? HexFormat.of().formatHex(b) : v.toString();
        return s.getBytes(StandardCharsets.UTF_8).length + ":" + s;
    }

    private static String timestamp(LocalDateTime t) {
        String seconds = SECONDS.format(t);
        int micros = t.getNano() / 1000;
        if (micros == 0) {
            return seconds;
        }
        String fraction = String.format(Locale.ROOT, "%06d", micros);
        int end = fraction.length();
        while (fraction.charAt(end - 1) == '0') {
            end--;
        }
        return seconds + "." + fraction.substring(0, end);
    }

    private static String floating(Object v) {
        double d = v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
        return Double.toString(d);
    }

    private static String time(Object v) {
        LocalTime t = TemporalValues.time(v);
        return TIME.format(t);
    }

    private static String json(Object v) {
        try {
            JsonNode node = JSON.readTree(v.toString());
            StringBuilder out = new StringBuilder();
            writeJson(node, out);
            return text(out.toString());
        } catch (JsonProcessingException e) {
            return text(v);
        }
    }

    private static void writeJson(JsonNode n, StringBuilder out) throws JsonProcessingException {
        if (n.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                sorted.put(e.getKey(), e.getValue());
            }
            out.append('{');
            boolean first = true;
            for (var e : sorted.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(JSON.writeValueAsString(e.getKey())).append(':');
                writeJson(e.getValue(), out);
            }
            out.append('}');
        } else if (n.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            n.forEach(items::add);
            out.append('[');
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeJson(items.get(i), out);
            }
            out.append(']');
        } else if (n.isNumber()) {
            out.append(decimal(n.decimalValue()));
        } else {
            out.append(JSON.writeValueAsString(n));
        }
    }
}
