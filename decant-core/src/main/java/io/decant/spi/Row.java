package io.decant.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of one table, by that table's column names, in column order. Values are the JDBC
 * drivers' Java values after the store's normalization (see {@link TableStore}): integers as
 * {@code Long}, exact decimals as {@code BigDecimal}, timestamps as {@code java.time} values,
 * booleans as {@code Boolean}, bytes as {@code byte[]}, JSON and UUID as {@code String}.
 * Used where rows are few (repair, shadow samples, differences); the bulk paths stream inside
 * the stores.
 */
public record Row(Map<String, Object> values) {
    public Row {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Object get(String column) {
        return values.get(column);
    }

    public boolean has(String column) {
        return values.containsKey(column);
    }

    /** Whether two states of a key are the same: both absent, or rows with the same columns and equal values (arrays by content). */
    public static boolean sameState(Optional<Row> a, Optional<Row> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() == b.isEmpty();
        }
        Map<String, Object> x = a.get().values();
        Map<String, Object> y = b.get().values();
        if (!x.keySet().equals(y.keySet())) {
            return false;
        }
        for (var e : x.entrySet()) {
            if (!Objects.deepEquals(e.getValue(), y.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
