package io.decant.store;

import java.util.List;
import java.util.Optional;

/**
 * A column as the database describes it.
 *
 * @param name      the column's name
 * @param typeName  the database's own type name (e.g. {@code int8}, {@code varchar}, {@code datetime})
 * @param kind      the portable kind of the type
 * @param nullable  whether NULL is allowed
 * @param precision fractional-second digits of a temporal type, digits of a decimal type, the most
 *                  characters of a text type; -1 when unknown, unbounded or not applicable
 * @param scale     digits after the point of a decimal type; -1 when unknown or not applicable
 * @param filledByDatabase whether the database fills the column when an INSERT leaves it out: it
 *                  has a DEFAULT, is an identity / serial / AUTO_INCREMENT column, or is generated.
 *                  (A nullable column without any of these is filled with NULL; this flag is false
 *                  for it, see {@link #insertNeedsValue()}.)
 */
public record ColumnInfo(String name, String typeName, ValueKind kind, boolean nullable, int precision, int scale,
                         boolean filledByDatabase) {

    /** A column whose precision and scale are unknown, and that the database does not fill on insert. */
    public ColumnInfo(String name, String typeName, ValueKind kind, boolean nullable) {
        this(name, typeName, kind, nullable, -1, -1);
    }

    /** A column that the database does not fill on insert (no DEFAULT, not identity, not generated). */
    public ColumnInfo(String name, String typeName, ValueKind kind, boolean nullable, int precision, int scale) {
        this(name, typeName, kind, nullable, precision, scale, false);
    }

    /** Whether an INSERT that leaves this column out fails: NOT NULL and not filled by the database. */
    public boolean insertNeedsValue() {
        return !nullable && !filledByDatabase;
    }

    /** The type as messages show it, e.g. {@code datetime(0)} or {@code numeric(12,2)}. */
    public String describeType() {
        return switch (kind) {
            case TIMESTAMP, TIMESTAMP_TZ, TIME -> precision < 0 ? typeName : typeName + "(" + precision + ")";
            case DECIMAL -> precision < 0 ? typeName : typeName + "(" + precision + (scale < 0 ? "" : "," + scale) + ")";
            case TEXT -> precision < 0 || precision == Integer.MAX_VALUE ? typeName : typeName + "(" + precision + ")";
            default -> typeName;
        };
    }

    /** The column of that name: exact match first, else ignoring case (databases fold unquoted names). */
    public static Optional<ColumnInfo> find(List<ColumnInfo> columns, String name) {
        for (ColumnInfo c : columns) {
            if (c.name().equals(name)) {
                return Optional.of(c);
            }
        }
        for (ColumnInfo c : columns) {
            if (c.name().equalsIgnoreCase(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
