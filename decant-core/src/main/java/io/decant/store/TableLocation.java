package io.decant.store;

/**
 * Where a table physically is, as its database resolves the configured name: two configured
 * names ({@code orders} and {@code public.orders}, or one table reached through two stores) are
 * the same table exactly when their locations are equal.
 *
 * @param server        the database server and database, e.g. PostgreSQL's system identifier and
 *                      database name, or MariaDB's host, port and data directory
 * @param qualifiedName the schema-qualified table name the configured name resolves to
 */
public record TableLocation(String server, String qualifiedName) {
    @Override
    public String toString() {
        return qualifiedName;
    }
}
