package io.decant.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.decant.spi.Key;
import io.decant.store.ColumnInfo;
import io.decant.store.KeyRange;
import io.decant.store.KeySpan;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keys, spans and ranges on the wire. A key is a JSON array of its key columns' values in key
 * order, each written as {@link WireValues} writes a value of its column ({@code [42]},
 * {@code ["eu", 7]}). A span is {@code {"lower": key|null, "lowerInclusive": bool, "upper": key|null}}
 * (keys above {@code lower}, or from it when inclusive, up to and including {@code upper}; null is
 * open); a range is {@code {"after": key|null, "upTo": key|null}}. The same code reads and writes
 * them on both sides of the protocol (decant-service's handlers and decant-http's client).
 */
public final class WireKeys {
    private final List<ColumnInfo> key;

    /** Keys of a table whose key columns are {@code key}, in key order. */
    public WireKeys(List<ColumnInfo> key) {
        this.key = List.copyOf(key);
    }

    public Key key(JsonNode n) {
        if (n == null || !n.isArray() || n.size() != key.size()) {
            throw new WireFormatException("a key is a JSON array of " + key.size() + " value(s) in key order "
                    + key.stream().map(ColumnInfo::name).toList() + ", not " + (n == null ? "nothing" : n.toString()));
        }
        Object[] values = new Object[key.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = WireValues.read(n.get(i), key.get(i));
            if (values[i] == null) {
                throw new WireFormatException("key column '" + key.get(i).name() + "' must not be null");
            }
        }
        try {
            return Key.of(values);
        } catch (RuntimeException e) {
            throw new WireFormatException(e.getMessage(), e);
        }
    }

    /** A JSON array of keys (a caller bounds its size first). */
    public List<Key> keys(JsonNode n) {
        if (n == null || !n.isArray()) {
            throw new WireFormatException("'keys' must be a JSON array of keys");
        }
        List<Key> out = new ArrayList<>(n.size());
        n.forEach(k -> out.add(key(k)));
        return out;
    }

    private Optional<Key> optionalKey(JsonNode n) {
        return n == null || n.isNull() ? Optional.empty() : Optional.of(key(n));
    }

    /** A span; a missing span is the whole table. */
    public KeySpan span(JsonNode n) {
        if (n == null || n.isNull()) {
            return KeySpan.ALL;
        }
        if (!n.isObject()) {
            throw new WireFormatException("a span is an object {\"lower\", \"lowerInclusive\", \"upper\"}");
        }
        return new KeySpan(optionalKey(n.get("lower")), n.path("lowerInclusive").asBoolean(false), optionalKey(n.get("upper")));
    }

    /** A range; a missing range is the whole table. */
    public KeyRange range(JsonNode n) {
        if (n == null || n.isNull()) {
            return KeyRange.ALL;
        }
        if (!n.isObject()) {
            throw new WireFormatException("a range is an object {\"after\", \"upTo\"}");
        }
        return new KeyRange(optionalKey(n.get("after")), optionalKey(n.get("upTo")));
    }

    /** Writes a span as an object (the whole table: {@code null}). */
    public static void write(JsonGenerator g, KeySpan span) throws IOException {
        g.writeStartObject();
        g.writeFieldName("lower");
        writeOptional(g, span.lower());
        g.writeBooleanField("lowerInclusive", span.lowerInclusive());
        g.writeFieldName("upper");
        writeOptional(g, span.upper());
        g.writeEndObject();
    }

    /** Writes a range as an object. */
    public static void write(JsonGenerator g, KeyRange range) throws IOException {
        g.writeStartObject();
        g.writeFieldName("after");
        writeOptional(g, range.after());
        g.writeFieldName("upTo");
        writeOptional(g, range.upTo());
        g.writeEndObject();
    }

    private static void writeOptional(JsonGenerator g, Optional<Key> k) throws IOException {
        if (k.isPresent()) {
            write(g, k.get());
        } else {
            g.writeNull();
        }
    }

    /** Writes a key as a JSON array. */
    public static void write(JsonGenerator g, Key k) throws IOException {
        g.writeStartArray();
        for (Object v : k.values()) {
            if (v instanceof Long l) {
                g.writeNumber(l);
            } else if (v instanceof BigInteger bi) {
                g.writeNumber(bi);
            } else if (v instanceof BigDecimal d) {
                g.writeString(d.toPlainString());
            } else {
                g.writeString(v.toString());
            }
        }
        g.writeEndArray();
    }
}
