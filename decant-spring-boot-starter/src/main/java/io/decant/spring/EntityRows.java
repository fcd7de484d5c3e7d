package io.decant.spring;

import io.decant.DecantException;
import io.decant.spi.Row;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.beans.BeanUtils;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.util.ReflectionUtils;

/**
 * An entity class's fields as a row of the legacy table: a field's column is its
 * {@code @Column(name = …)} or, by Spring Boot's default JPA naming, its name in snake_case
 * ({@code customerId} → {@code customer_id}). Only the columns the migration maps are used;
 * collections, {@code @Transient} and static fields are skipped. Read back, values are converted to
 * the field's type with Spring's conversion service; the entity needs a no-argument constructor.
 *
 * @param <T> the entity class
 */
final class EntityRows<T> {
    private final Class<T> type;
    private final Map<String, Field> columns = new LinkedHashMap<>();
    /** Every field holding a plain value (not an entity, a collection or an embeddable), by its column. */
    private final Map<String, Field> basicColumns = new LinkedHashMap<>();
    private final Field id;

    EntityRows(Class<T> type, List<String> legacyColumns) {
        this.type = type;
        Field idField = null;
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers()) || annotated(f, "Transient")
                        || Collection.class.isAssignableFrom(f.getType()) || Map.class.isAssignableFrom(f.getType())) {
                    continue;
                }
                ReflectionUtils.makeAccessible(f);
                if (annotated(f, "Id") || idField == null && f.getName().equals("id")) {
                    idField = f;
                }
                String column = column(f);
                if (legacyColumns.contains(column)) {
                    columns.putIfAbsent(column, f);
                }
                if (f.getType().isPrimitive() || BeanUtils.isSimpleValueType(f.getType())) {
                    basicColumns.putIfAbsent(column, f);
                }
            }
        }
        if (idField == null) {
            throw DecantException.badConfig(type.getName() + " has no @Id field nor a field named id");
        }
        List<String> missing = new ArrayList<>(legacyColumns);
        missing.removeAll(columns.keySet());
        if (!missing.isEmpty()) {
            throw DecantException.badConfig(type.getName() + " has no field for the mapped legacy column(s) " + missing
                    + "; name the field after the column (snake_case) or give it @Column(name = \"…\")");
        }
        this.id = idField;
    }

    Object id(T entity) {
        return ReflectionUtils.getField(id, entity);
    }

    /** Whether the entity has no id yet (null, or 0 in a primitive id field): the database generates it at the insert. */
    boolean hasNoId(T entity) {
        Object v = id(entity);
        return v == null || id.getType().isPrimitive() && v instanceof Number n && n.longValue() == 0;
    }

    /** Sets the entity's id to {@code key} (a key the database generated), converted to the id field's type. */
    void setId(T entity, Object key) {
        ReflectionUtils.setField(id, entity, convert(key, id.getType()));
    }

    /** The id field's column. */
    String idColumn() {
        return column(id);
    }

    /** The columns of the fields holding a plain value. */
    java.util.Set<String> basicColumns() {
        return basicColumns.keySet();
    }

    /** The values of every field holding a plain value, by column (the mapped ones and any others). */
    Map<String, Object> basicValues(T entity) {
        Map<String, Object> values = new LinkedHashMap<>();
        basicColumns.forEach((column, f) -> values.put(column, ReflectionUtils.getField(f, entity)));
        return values;
    }

    Row toRow(T entity) {
        Map<String, Object> values = new LinkedHashMap<>();
        columns.forEach((column, f) -> values.put(column, ReflectionUtils.getField(f, entity)));
        return new Row(values);
    }

    T fromRow(Row row) {
        T entity = BeanUtils.instantiateClass(type);
        columns.forEach((column, f) -> {
            Object v = convert(row.get(column), f.getType());
            if (v != null || !f.getType().isPrimitive()) {
                ReflectionUtils.setField(f, entity, v);
            }
        });
        return entity;
    }

    private static Object convert(Object v, Class<?> type) {
        if (v != null && !org.springframework.util.ClassUtils.resolvePrimitiveIfNecessary(type).isInstance(v)) {
            return DefaultConversionService.getSharedInstance().convert(v, type);
        }
        return v;
    }

    /** The row's values for comparing reads of both stores: numbers by value, the rest by text. */
    static Map<String, String> comparable(Row row) {
        Map<String, String> out = new LinkedHashMap<>();
        row.values().forEach((c, v) -> out.put(c, v == null ? null
                : v instanceof Number n ? new BigDecimal(n.toString()).stripTrailingZeros().toPlainString() : v.toString()));
        return out;
    }

    private static String column(Field f) {
        for (Annotation a : f.getAnnotations()) {
            if (a.annotationType().getSimpleName().equals("Column")) {
                try {
                    Object name = a.annotationType().getMethod("name").invoke(a);
                    if (name instanceof String s && !s.isEmpty()) {
                        return s;
                    }
                } catch (ReflectiveOperationException ignored) {
                    // not JPA's @Column
                }
            }
        }
        return snakeCase(f.getName());
    }

    static String snakeCase(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (Character.isUpperCase(ch) && i > 0) {
                out.append('_');
            }
            out.append(Character.toLowerCase(ch));
        }
        return out.toString();
    }

    private static boolean annotated(Field f, String simpleName) {
        for (Annotation a : f.getAnnotations()) {
            if (a.annotationType().getSimpleName().equals(simpleName)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "EntityRows[" + type.getSimpleName() + " " + columns.keySet() + "]";
    }

    static boolean sameValues(Row a, Row b) {
        return Objects.equals(comparable(a), comparable(b));
    }
}
