package io.decant.spi;

/**
 * A column as the database describes it.
 *
 * @param name      the column's name
 * @param typeName  the database's own type name (e.g. {@code int8}, {@code varchar}, {@code datetime})
 * @param kind      the portable kind of the type
 * @param nullable  whether NULL is allowed
 * @param precision fractional-second digits of a temporal type, digits of a decimal type; -1 when
 *                  unknown or not applicable
 * @param scale     digits after the point of a decimal type; -1 when unknown or not applicable
 */
public record ColumnInfo(String name, String typeName, ValueKind kind, boolean nullable, int precision, int scale) {

    /** A column whose precision and scale are unknown. */
    public ColumnInfo(String name, String typeName, ValueKind kind, boolean nullable) {
        this(name, typeName, kind, nullable, -1, -1);
    }

    /** The type as messages show it, e.g. {@code datetime(0)} or {@code numeric(12,2)}. */
    public String describeType() {
        return switch (kind) {
            case TIMESTAMP, TIMESTAMP_TZ, TIME -> precision < 0 ? typeName : typeName + "(" + precision + ")";
            case DECIMAL -> precision < 0 ? typeName : typeName + "(" + precision + (scale < 0 ? "" : "," + scale) + ")";
            default -> typeName;
        };
    }
}
