package io.decant.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Spring Data repository of the legacy table as migrated by the migration named
 * {@link #value()}: the starter wraps the repository bean so that {@code save}, {@code saveAll},
 * {@code delete}, {@code deleteById}, {@code deleteAllById}, {@code findById}, {@code existsById} and
 * {@code findAllById} go through the migration ({@link DecantRepository}; an entity saved without an
 * id is inserted with the id its database generates), and a query method marked {@link NewStoreQuery}
 * is answered by the new store from {@code READ_NEW} on and shadow-compared in {@code SHADOW_READ} and
 * {@code READ_NEW}. Any other method is answered by the legacy repository while legacy is
 * authoritative and refused from {@code READ_NEW} on (it would read stale data).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Migrated {
    /** The migration's name in decant.yaml. */
    String value();
}
