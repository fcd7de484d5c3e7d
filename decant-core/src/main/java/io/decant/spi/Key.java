package io.decant.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.decant.DecantException;
import io.decant.ErrorCode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A row's key: its key columns' values, in key-column order. Values are normalized so that the
 * same key compares equal whatever driver produced it: integers become {@code Long} (or
 * {@code BigInteger}), UUIDs and other text become {@code String}, exact decimals {@code BigDecimal}.
 * {@link #encode()} gives a stable text form (a JSON array) for the control store.
 */
public final class Key implements Comparable<Key> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Object> values;

    private Key(List<Object> values) {
        this.values = values;
    }

    public static Key of(Object... values) {
        List<Object> list = new ArrayList<>(values.length);
        for (Object v : values) {
            list.add(normalize(v));
        }
        return new Key(List.copyOf(list));
    }

    public static Key of(List<?> values) {
        return of(values.toArray());
    }

    public List<Object> values() {
        return values;
    }

    public int size() {
        return values.size();
    }

    public Object get(int i) {
        return values.get(i);
    }

    static Object normalize(Object v) {
        if (v == null) {
            throw new DecantException(ErrorCode.FAILURE, "a key column is NULL; key columns must not be NULL");
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Long || v instanceof String) {
            return v;
        }
        if (v instanceof BigInteger bi) {
            return bi.bitLength() < 64 ? (Object) bi.longValue() : bi;
        }
        if (v instanceof BigDecimal bd) {
            BigDecimal s = bd.stripTrailingZeros();
            if (s.scale() <= 0) {
                return normalize(s.toBigIntegerExact());
            }
            return s;
        }
        if (v instanceof UUID || v instanceof CharSequence) {
            return v.toString();
        }
        throw new DecantException(ErrorCode.BAD_CONFIG, "key values of type " + v.getClass().getSimpleName()
                + " are not supported; use integer, decimal, text or UUID key columns");
    }

    /** The key as a JSON array, e.g. {@code [42]} or {@code ["eu",7]}. */
    public String encode() {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Key decode(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            if (n == null || !n.isArray() || n.isEmpty()) {
                throw new DecantException(ErrorCode.BAD_CONFIG, "'" + text + "' is not a key; write it as a JSON array, e.g. [42]");
            }
            List<Object> vals = new ArrayList<>();
            for (JsonNode e : n) {
                if (e.isIntegralNumber()) {
                    vals.add(e.bigIntegerValue());
                } else if (e.isNumber()) {
                    vals.add(e.decimalValue());
                } else if (e.isTextual()) {
                    vals.add(e.asText());
                } else {
                    throw new DecantException(ErrorCode.BAD_CONFIG, "'" + text + "' is not a key: only numbers and strings are allowed");
                }
            }
            return of(vals);
        } catch (JsonProcessingException e) {
            throw new DecantException(ErrorCode.BAD_CONFIG, "'" + text + "' is not a key; write it as a JSON array, e.g. [42]", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Key k && values.equals(k.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public int compareTo(Key o) {
        for (int i = 0; i < Math.min(values.size(), o.values.size()); i++) {
            Object a = values.get(i);
            Object b = o.values.get(i);
            int c;
            if (a instanceof Number && b instanceof Number) {
                c = new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString()));
            } else if (a.getClass() == b.getClass()) {
                c = ((Comparable) a).compareTo(b);
            } else {
                c = a.toString().compareTo(b.toString());
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(values.size(), o.values.size());
    }

    @Override
    public String toString() {
        return values.size() == 1 ? Objects.toString(values.get(0)) : encode();
    }
}
