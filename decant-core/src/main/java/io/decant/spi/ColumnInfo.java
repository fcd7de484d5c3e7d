package io.decant.spi;

/**
 * A column as the database describes it.
 *
 * @param name     the column's name
 * @param typeName the database's own type name (e.g. {@code int8}, {@code varchar}, {@code datetime})
 * @param kind     the portable kind of the type
 * @param nullable whether NULL is allowed
 */
public record ColumnInfo(String name, String typeName, ValueKind kind, boolean nullable) {
}
