package io.decant.store;

import io.decant.spi.Key;
import io.decant.spi.Row;
import java.util.List;
import java.util.Optional;

/**
 * A table as an engine works with it: where it is, its key columns, the columns it reads and
 * writes (in order) and its version column, if any.
 */
public record TableRef(String store, String table, List<String> key, List<String> columns, Optional<String> version) {
    public TableRef {
        key = List.copyOf(key);
        columns = List.copyOf(columns);
        version = version == null ? Optional.empty() : version;
        if (!columns.containsAll(key)) {
            throw new IllegalArgumentException("columns " + columns + " must include the key " + key);
        }
    }

    /** The key of a row of this table. */
    public Key keyOf(Row row) {
        Object[] vals = new Object[key.size()];
        for (int i = 0; i < vals.length; i++) {
            vals[i] = row.get(key.get(i));
        }
        return Key.of(vals);
    }

    @Override
    public String toString() {
        return store + "." + table;
    }
}
