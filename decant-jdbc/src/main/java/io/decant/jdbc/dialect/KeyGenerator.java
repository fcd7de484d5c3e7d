package io.decant.jdbc.dialect;

/**
 * A table key's generator as a {@link Dialect} found it.
 *
 * @param sequence         true for a sequence, false for a table's {@code AUTO_INCREMENT} counter
 * @param name             its qualified name as the database prints it (quoted where needed), e.g.
 *                         {@code public.orders_id_seq}, or the table's for an {@code AUTO_INCREMENT}
 * @param table            the table whose key it generates, as configured
 * @param droppedWithTable whether dropping that table drops it (a serial or identity column's sequence)
 */
public record KeyGenerator(boolean sequence, String name, String table, boolean droppedWithTable) {
}
