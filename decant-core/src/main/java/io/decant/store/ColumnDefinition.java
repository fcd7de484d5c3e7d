package io.decant.store;

/**
 * A column as a backup keeps it: enough to read and bind its values ({@code kind}) and to create
 * the column again on the same engine ({@code declaredType}).
 *
 * @param name         the column's name
 * @param typeName     the database's own type name, as {@link ColumnInfo#typeName()}
 * @param declaredType the full declared type, e.g. {@code numeric(12,2)} or {@code varchar(40)}
 * @param kind         the portable kind of the type
 * @param nullable     whether NULL is allowed
 */
public record ColumnDefinition(String name, String typeName, String declaredType, ValueKind kind, boolean nullable) {
}
