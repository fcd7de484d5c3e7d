package io.decant.service.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.decant.store.CanonicalText;
import io.decant.store.ValueKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/** The protocol's value encoding as the kit writes and checks it, written apart from any server's. */
final class KitValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private KitValues() {
    }

    static JsonNode encode(Object v, ValueKind kind) {
        if (v == null) {
            return NODES.nullNode();
        }
        return switch (kind) {
            case INTEGER -> NODES.numberNode((Long) v);
            case DECIMAL -> NODES.textNode(((BigDecimal) v).toPlainString());
            case FLOAT -> NODES.numberNode((Double) v);
            case BOOLEAN -> NODES.booleanNode((Boolean) v);
            case BYTES -> NODES.textNode(Base64.getEncoder().encodeToString((byte[]) v));
            default -> NODES.textNode(v.toString()); // TEXT, JSON, UUID; java.time's toString is ISO-8601
        };
    }

    /** Null when {@code actual} is the protocol's encoding of {@code expected}, else what differs. */
    static String mismatch(Object expected, JsonNode actual, ValueKind kind) {
        if (expected == null) {
            return actual == null || actual.isNull() ? null : "expected null, got " + actual;
        }
        if (actual == null || actual.isNull()) {
            return "expected " + show(expected) + ", got null";
        }
        boolean same = switch (kind) {
            case INTEGER -> actual.isIntegralNumber() && actual.longValue() == (Long) expected;
            case DECIMAL -> actual.isTextual() && !actual.textValue().matches(".*[eE].*")
                    && new BigDecimal(actual.textValue()).compareTo((BigDecimal) expected) == 0;
            case FLOAT -> actual.isNumber() && actual.doubleValue() == (Double) expected;
            case BOOLEAN -> actual.isBoolean() && actual.booleanValue() == (Boolean) expected;
            case TEXT -> actual.isTextual() && actual.textValue().equals(expected);
            case UUID -> actual.isTextual() && actual.textValue().equals(expected.toString().toLowerCase(Locale.ROOT));
            case JSON -> actual.isTextual()
                    && CanonicalText.encode(actual.textValue(), ValueKind.JSON).equals(CanonicalText.encode(expected, ValueKind.JSON));
            case TIMESTAMP -> actual.isTextual() && LocalDateTime.parse(actual.textValue()).equals(expected);
            case TIMESTAMP_TZ -> actual.isTextual() && actual.textValue().endsWith("Z")
                    && OffsetDateTime.parse(actual.textValue()).toInstant().equals(expected);
            case DATE -> actual.isTextual() && LocalDate.parse(actual.textValue()).equals(expected);
            case BYTES -> actual.isTextual() && Arrays.equals(Base64.getDecoder().decode(actual.textValue()), (byte[]) expected);
            default -> actual.asText().equals(expected.toString());
        };
        return same ? null : "expected " + show(expected) + ", got " + actual;
    }

    private static String show(Object v) {
        return v instanceof byte[] b ? Base64.getEncoder().encodeToString(b) : v instanceof Instant || v instanceof String ? "\"" + v + "\"" : v.toString();
    }
}
