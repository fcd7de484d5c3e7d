package io.decant.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

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
}
