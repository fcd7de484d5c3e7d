package io.decant.config;

import io.decant.DecantException;
import java.util.List;
import java.util.Optional;

/**
 * One side of a migration: a table in a store, its key columns and an optional version column
 * (a column whose value grows with every write, such as {@code updated_at}).
 *
 * @param keySequence {@code key-sequence:}: the sequence the application draws this table's keys from
 *                    when no column default names it (a JPA {@code SEQUENCE} generator); without it a
 *                    database-generated key is found from the key column (identity, serial,
 *                    {@code AUTO_INCREMENT}, a {@code DEFAULT nextval(…)})
 */
public record TableConfig(String store, String table, List<String> key, Optional<String> version, Optional<String> keySequence) {
    /** A table whose keys, if the database generates them, come from the key column's own generator. */
    public TableConfig(String store, String table, List<String> key, Optional<String> version) {
        this(store, table, key, version, Optional.empty());
    }

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
        keySequence = keySequence == null ? Optional.empty() : keySequence;
        keySequence.ifPresent(q -> Identifiers.table(q, "key-sequence of table '" + table + "'"));
        if (keySequence.isPresent() && key.size() != 1) {
            throw DecantException.badConfig("key-sequence of table '" + table + "': a generated key is a single column, but the"
                    + " key has " + key.size() + " columns " + key);
        }
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
