package io.decant.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.decant.store.ColumnInfo;
import io.decant.store.ValueKind;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import io.decant.store.IsoText;
import io.decant.store.TemporalValues;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Column values in JSON, by the column's {@link ValueKind} (the protocol's value encoding):
 * INTEGER a JSON integer (a string of digits is accepted too); DECIMAL a string in plain notation
 * with the scale the store holds ({@code "12.50"}); FLOAT a JSON number, or {@code "NaN"},
 * {@code "Infinity"}, {@code "-Infinity"}; BOOLEAN {@code true}/{@code false}; TEXT, JSON, UUID
 * and OTHER strings (JSON as its text); TIMESTAMP an ISO-8601 local date-time in UTC
 * ({@code "2026-03-01T12:00:00.25"}); TIMESTAMP_TZ an ISO-8601 instant ({@code "…Z"}); DATE
 * {@code "2026-03-01"}; TIME {@code "12:00:00.25"}; BYTES standard base64; NULL {@code null}.
 * Read values come back as the JDBC stores normalize them (Long, BigDecimal, Double, Boolean,
 * String, LocalDateTime, Instant, LocalDate, LocalTime, byte[]). A value that is not of its
 * column's kind fails with {@link WireFormatException} naming the column. Both sides of the
 * protocol use this one codec: decant-service's handlers and decant-http's client.
 */
public final class WireValues {
    private WireValues() {
    }

    /** Writes a normalized value of a column of kind {@code kind}. */
    public static void write(JsonGenerator g, Object v, ValueKind kind) throws IOException {
        if (v == null) {
            g.writeNull();
            return;
        }
        switch (kind) {
            case INTEGER -> {
                if (v instanceof BigInteger bi) {
                    g.writeNumber(bi);
                } else if (v instanceof Number n) {
                    g.writeNumber(n.longValue());
                } else if (v instanceof Boolean b) {
                    g.writeNumber(b ? 1 : 0);
                } else {
                    g.writeNumber(new BigInteger(v.toString()));
                }
            }
            case DECIMAL -> g.writeString(v instanceof BigDecimal d ? d.toPlainString() : new BigDecimal(v.toString()).toPlainString());
            case FLOAT -> {
                double d = ((Number) v).doubleValue();
                if (Double.isFinite(d)) {
                    g.writeNumber(d);
                } else {
                    g.writeString(Double.toString(d));
                }
            }
            case BOOLEAN -> g.writeBoolean(v instanceof Boolean b ? b : ((Number) v).longValue() != 0);
            case TIMESTAMP -> g.writeString(IsoText.localDateTime(localDateTime(v)));
            case TIMESTAMP_TZ -> g.writeString(IsoText.instant(instant(v)));
            case DATE -> g.writeString(DateTimeFormatter.ISO_LOCAL_DATE.format((TemporalAccessor) v));
            case TIME -> g.writeString(DateTimeFormatter.ISO_LOCAL_TIME.format((TemporalAccessor) v));
            case BYTES -> g.writeString(Base64.getEncoder().encodeToString((byte[]) v));
            case TEXT, JSON, UUID, OTHER -> g.writeString(v instanceof byte[] b ? HexFormat.of().formatHex(b) : v.toString());
        }
    }

    /** Reads the value at the parser's current token for a column; fails with bad_request naming the column. */
    public static Object read(JsonParser p, ColumnInfo column) throws IOException {
        JsonToken t = p.currentToken();
        Object raw = switch (t) {
            case VALUE_NULL -> null;
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getBigIntegerValue();
            case VALUE_NUMBER_FLOAT -> p.getDecimalValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> throw new WireFormatException("column '" + column.name() + "': a value must be a JSON scalar or null, not " + t);
        };
        return decode(raw, column);
    }

    /** Reads a value from a parsed JSON node for a column. */
    public static Object read(JsonNode n, ColumnInfo column) {
        Object raw;
        if (n == null || n.isNull()) {
            raw = null;
        } else if (n.isTextual()) {
            raw = n.textValue();
        } else if (n.isIntegralNumber()) {
            raw = n.bigIntegerValue();
        } else if (n.isNumber()) {
            raw = n.decimalValue();
        } else if (n.isBoolean()) {
            raw = n.booleanValue();
        } else {
            throw new WireFormatException("column '" + column.name() + "': a value must be a JSON scalar or null");
        }
        return decode(raw, column);
    }

    /** Turns a JSON scalar (String, BigInteger, BigDecimal, Boolean or null) into the column's normalized value. */
    public static Object decode(Object raw, ColumnInfo column) {
        if (raw == null) {
            return null;
        }
        try {
            return switch (column.kind()) {
                case INTEGER -> integer(raw instanceof String s ? new BigDecimal(s.trim()).toBigIntegerExact() : exact(raw));
                case DECIMAL -> raw instanceof String s ? new BigDecimal(s.trim()) : number(raw);
                case FLOAT -> raw instanceof String s ? Double.valueOf(s.trim()) : number(raw).doubleValue();
                case BOOLEAN -> (Boolean) raw;
                case TEXT, JSON, OTHER -> (String) raw;
                case UUID -> java.util.UUID.fromString((String) raw).toString();
                case TIMESTAMP -> timestamp((String) raw);
                case TIMESTAMP_TZ -> timestampTz((String) raw);
                case DATE -> LocalDate.parse((String) raw);
                case TIME -> LocalTime.parse((String) raw);
                case BYTES -> Base64.getDecoder().decode((String) raw);
            };
        } catch (ClassCastException | ArithmeticException | IllegalArgumentException | DateTimeException e) {
            throw new WireFormatException("column '" + column.name() + "' (" + column.kind() + "): " + describe(raw)
                    + " is not a value of this kind; see the protocol's value encoding");
        }
    }

    private static String describe(Object raw) {
        String s = raw.toString();
        return (raw instanceof String ? "\"" : "") + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + (raw instanceof String ? "\"" : "");
    }

    private static BigDecimal number(Object raw) {
        if (raw instanceof BigDecimal d) {
            return d;
        }
        if (raw instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        throw new ClassCastException();
    }

    private static BigInteger exact(Object raw) {
        return number(raw).toBigIntegerExact();
    }

    private static Object integer(BigInteger i) {
        return i.bitLength() < 64 ? (Object) i.longValue() : i;
    }

    private static LocalDateTime timestamp(String s) {
        return TemporalValues.utcWallTime(s);
    }

    private static Instant timestampTz(String s) {
        return TemporalValues.instant(s);
    }

    private static LocalDateTime localDateTime(Object v) {
        return TemporalValues.utcWallTime(v);
    }

    private static Instant instant(Object v) {
        return TemporalValues.instant(v);
    }
}
