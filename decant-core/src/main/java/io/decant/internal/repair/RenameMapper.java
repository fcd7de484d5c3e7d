package io.decant.internal.repair;

import io.decant.spi.Row;
import io.decant.spi.RowMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** The default row mapper: renames columns as {@code columns:} says (target column → source column). */
public final class RenameMapper implements RowMapper {
    private final Map<String, String> targetToSource;
    private final String[] order;

    public RenameMapper(Map<String, String> targetToSource) {
        this.targetToSource = Map.copyOf(targetToSource);
        this.order = targetToSource.keySet().toArray(String[]::new);
    }

    @Override
    public Row toTarget(Row source) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String t : order) {
            String s = targetToSource.get(t);
            if (source.has(s)) {
                out.put(t, source.get(s));
            }
        }
        return new Row(out);
    }

    @Override
    public Row toSource(Row target) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String t : order) {
            if (target.has(t)) {
                out.put(targetToSource.get(t), target.get(t));
            }
        }
        return new Row(out);
    }
}
