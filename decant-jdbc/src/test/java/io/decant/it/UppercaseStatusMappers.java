package io.decant.it;

import io.decant.spi.Row;
import io.decant.spi.RowMapper;
import io.decant.spi.RowMapperProvider;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A row mapper found by {@link java.util.ServiceLoader}, as the command line finds one on
 * DECANT_CLASSPATH: renames like {@link TwoStores}' mapping and keeps the status upper-case in
 * the new table.
 */
public final class UppercaseStatusMappers implements RowMapperProvider {
    static final String NAME = "uppercase-status";

    @Override
    public Map<String, RowMapper> rowMappers() {
        return Map.of(NAME, new RowMapper() {
            @Override
            public Row toTarget(Row source) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("order_id", source.get("id"));
                t.put("customer", source.get("customer_id"));
                t.put("total_cents", source.get("total_cents"));
                t.put("status", ((String) source.get("status")).toUpperCase(Locale.ROOT));
                return new Row(t);
            }

            @Override
            public Row toSource(Row target) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("id", target.get("order_id"));
                s.put("customer_id", target.get("customer"));
                s.put("total_cents", target.get("total_cents"));
                s.put("status", ((String) target.get("status")).toLowerCase(Locale.ROOT));
                return new Row(s);
            }
        });
    }
}
