package io.decant.jdbc.dialect;

import java.util.Optional;

/**
 * A table name as written in configuration: {@code table} or {@code schema.table}.
 *
 * @param schema the schema (PostgreSQL) or database (MariaDB) qualifier, if written
 * @param table  the bare table name
 */
public record TableName(Optional<String> schema, String table) {
    public TableName {
        schema = schema == null ? Optional.empty() : schema;
    }

    public static TableName parse(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? new TableName(Optional.empty(), name)
                : new TableName(Optional.of(name.substring(0, dot)), name.substring(dot + 1));
    }

    @Override
    public String toString() {
        return schema.map(s -> s + "." + table).orElse(table);
    }
}
