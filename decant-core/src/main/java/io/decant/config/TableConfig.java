package io.decant.config;

import io.decant.DecantException;
import java.util.List;
import java.util.Optional;

/**
 * One side of a migration: a table in a store, its key columns and an optional version column
 * (a column whose value grows with every write, such as {@code updated_at}).
 */
public record TableConfig(String store, String table, List<String> key, Optional<String> version) {
    public TableConfig {
        String where = "table";
        Identifiers.name(store, where + ".store");
        Identifiers.table(table, where + ".table");
        if (key == null || key.isEmpty()) {
            throw DecantException.badConfig("key: at least one key column is required for table '" + table + "'");
        }
        key = List.copyOf(key);
        for (String k : key) {
            Identifiers.column(k, "key of table '" + table + "'");
        }
        if (key.stream().distinct().count() != key.size()) {
            throw DecantException.badConfig("key of table '" + table + "': a column is listed twice in " + key);
        }
        version = version == null ? Optional.empty() : version;
        version.ifPresent(v -> Identifiers.column(v, "version of table '" + table + "'"));
    }

    /** The table name without its schema qualifier. */
    public String bareTable() {
        int dot = table.indexOf('.');
        return dot < 0 ? table : table.substring(dot + 1);
    }

    /** The schema qualifier, if the table was written {@code schema.table}. */
    public Optional<String> schema() {
        int dot = table.indexOf('.');
        return dot < 0 ? Optional.empty() : Optional.of(table.substring(0, dot));
    }
}
