package io.decant.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The SQL that answers a query method of a {@link Migrated} repository from the new store, from
 * {@code READ_NEW} on: plain SQL on the migration's target table (its column names), the method's
 * arguments bound to {@code ?} in order, every mapped column selected; the rows are mapped back to
 * the entity through the decant.yaml's column mapping. The target store must be bound to a DataSource
 * ({@code decant.stores.<name>.data-source}). The method returns a {@code List} (or a {@code Set},
 * {@code Collection}, {@code Iterable}) of the entity, an {@code Optional} of it or the entity: in
 * {@code SHADOW_READ} and {@code READ_NEW} both stores answer, and the two answers are compared as sets
 * (a single result as a set of at most one), in any order, the entities matched by id and compared by
 * value ({@link DecantRepository#readAll}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface NewStoreQuery {
    String value();
}
