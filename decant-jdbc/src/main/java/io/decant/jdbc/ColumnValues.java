package io.decant.jdbc;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.jdbc.dialect.Dialect;
import io.decant.store.ColumnInfo;
import io.decant.store.TemporalValues;
import io.decant.store.ValueKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.UUID;

/**
 * Reads and binds column values by the column's {@link ValueKind}, so that PostgreSQL and MariaDB
 * give the same Java values and accept the same ones.
 *
 * <p>Read side: INTEGER → {@code Long} ({@code BigInteger} beyond 64 bits), DECIMAL →
 * {@code BigDecimal}, FLOAT → {@code Double}, BOOLEAN → {@code Boolean}, TEXT, JSON and UUID →
 * {@code String}, TIMESTAMP → {@code LocalDateTime}, TIMESTAMP_TZ → {@code Instant}, DATE →
 * {@code LocalDate}, TIME → {@code LocalTime}, BYTES → {@code byte[]}.
 *
 * <p>Write side: values are converted to the target column's kind. Zone-less timestamps are UTC:
 * an {@code Instant} written into a TIMESTAMP column is its UTC wall time, and a
 * {@code LocalDateTime} written into a TIMESTAMP_TZ column is taken as UTC.
 *
 * <p>A store whose zone-less columns hold wall times of another zone ({@code time-zone:}) converts
 * them here, at its edge: a value read from such a column ({@link Dialect#holdsWallTime}) is turned
 * into its UTC wall time, and a value written into one is turned into the store's wall time. Every
 * other part of Decant sees UTC only.
 */
public final class ColumnValues {
    private final Dialect dialect;
    private final ZoneId zone;
    /** Whether the store's zone-less date-times are UTC: nothing is converted (the default, checked per value). */
    private final boolean utc;

    /** Values of a store whose zone-less date-times are UTC. */
    public ColumnValues(Dialect dialect) {
        this(dialect, ZoneOffset.UTC);
    }

    /** Values of a store whose zone-less date-times are wall times in {@code zone}. */
    public ColumnValues(Dialect dialect, ZoneId zone) {
        this.dialect = dialect;
        this.zone = zone.normalized();
        this.utc = this.zone.equals(ZoneOffset.UTC);
    }

    /** Whether {@code column} holds wall times of a zone other than UTC (its values are converted at this edge). */
    public boolean convertsZone(ColumnInfo column) {
        return !utc && dialect.holdsWallTime(column);
    }

    /** The zone {@code column}'s values are wall times in: the store's for a zone-less column, else UTC. */
    public ZoneId zoneOf(ColumnInfo column) {
        return dialect.holdsWallTime(column) ? zone : ZoneOffset.UTC;
    }

    /**
     * A normalized value about to be written into {@code column} as text (a bulk load's input): for
     * a column holding another zone's wall times, that zone's wall time; any other value as it is.
     */
    public Object forColumn(Object value, ColumnInfo column) {
        if (value == null || !convertsZone(column)) {
            return value;
        }
        return TemporalValues.utcToWall(localDateTime(value, column), zone);
    }

    /** Reads column {@code index} of the current row, normalized by {@code column}'s kind. */
    public Object read(ResultSet rs, int index, ColumnInfo column) throws SQLException {
        Object value = switch (column.kind()) {
            case INTEGER -> integer(rs.getObject(index));
            case DECIMAL -> rs.getBigDecimal(index);
            case FLOAT -> readFloat(rs, index, column);
            case BOOLEAN -> {
                boolean b = rs.getBoolean(index);
                yield rs.wasNull() ? null : b;
            }
            case TEXT, JSON, UUID -> rs.getString(index);
            case TIMESTAMP -> {
                LocalDateTime t = rs.getObject(index, LocalDateTime.class);
                yield t == null || !convertsZone(column) ? t : TemporalValues.wallToUtc(t, zone);
            }
            case TIMESTAMP_TZ -> {
                OffsetDateTime t = rs.getObject(index, OffsetDateTime.class);
                yield t == null ? null : t.toInstant();
            }
            case DATE -> rs.getObject(index, LocalDate.class);
            case TIME -> rs.getObject(index, LocalTime.class);
            case BYTES -> rs.getBytes(index);
            case OTHER -> other(rs.getObject(index));
        };
        return value;
    }

    private static Object readFloat(ResultSet rs, int index, ColumnInfo column) throws SQLException {
        String type = column.typeName().toLowerCase(Locale.ROOT);
        if (type.equals("float4") || type.equals("float") || type.equals("real")) {
            // single precision: read as float and widen through its shortest decimal form, so both
            // engines give the same Double (1.1f reads as 1.1, not 1.100000023841858)
            float f = rs.getFloat(index);
            return rs.wasNull() ? null : Double.valueOf(Float.toString(f));
        }
        double d = rs.getDouble(index);
        return rs.wasNull() ? null : d;
    }

    private static Object integer(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Long) {
            return v;
        }
        if (v instanceof BigInteger bi) {
            return bi.bitLength() < 64 ? (Object) bi.longValue() : bi;
        }
        if (v instanceof BigDecimal bd) {
            return integer(bd.toBigIntegerExact());
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        return Long.parseLong(v.toString());
    }

    private static Object other(Object v) {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof byte[]
                || v instanceof TemporalAccessor) {
            return v;
        }
        return v.toString();
    }

    /**
     * Binds {@code value} as parameter {@code index}, converted for a column described by {@code column}.
     * Fails (FAILURE) naming the column when the value cannot be written there.
     */
    public void bind(PreparedStatement ps, int index, Object value, ColumnInfo column) throws SQLException {
        if (value == null) {
            ps.setNull(index, dialect.nullType(column.kind()));
            return;
        }
        try {
            bindValue(ps, index, value, column);
        } catch (DateTimeException | IllegalArgumentException | ArithmeticException e) {
            // text that does not parse as the column's kind (a date, a number, a UUID)
            throw new DecantException(ErrorCode.FAILURE, cannot(value, column).getMessage() + " (" + e.getMessage() + ")", e);
        }
    }

    private void bindValue(PreparedStatement ps, int index, Object value, ColumnInfo column) throws SQLException {
        ValueKind kind = column.kind();
        switch (kind) {
            case INTEGER -> bindInteger(ps, index, value, column);
            case DECIMAL -> ps.setBigDecimal(index, decimal(value, column));
            case FLOAT -> {
                if (value instanceof Number n) {
                    ps.setDouble(index, n.doubleValue());
                } else if (value instanceof String s) {
                    ps.setDouble(index, Double.parseDouble(s.trim()));
                } else {
                    throw cannot(value, column);
                }
            }
            case BOOLEAN -> ps.setBoolean(index, bool(value, column));
            case TEXT -> ps.setString(index, text(value, column));
            case TIMESTAMP -> ps.setObject(index, convertsZone(column)
                    ? TemporalValues.utcToWall(localDateTime(value, column), zone) : localDateTime(value, column));
            case TIMESTAMP_TZ -> ps.setObject(index, offsetDateTime(value, column));
            case DATE -> ps.setObject(index, localDate(value, column));
            case TIME -> {
                if (value instanceof LocalTime t) {
                    ps.setObject(index, t);
                } else if (value instanceof String s) {
                    ps.setObject(index, LocalTime.parse(s));
                } else {
                    throw cannot(value, column);
                }
            }
            case BYTES -> {
                if (value instanceof byte[] b) {
                    ps.setBytes(index, b);
                } else {
                    throw cannot(value, column);
                }
            }
            case JSON, UUID -> {
                if (value instanceof String || value instanceof UUID) {
                    dialect.bindText(ps, index, value.toString(), kind);
                } else {
                    throw cannot(value, column);
                }
            }
            case OTHER -> {
                if (value instanceof String s) {
                    dialect.bindText(ps, index, s, kind);
                } else {
                    ps.setObject(index, value);
                }
            }
        }
    }

    private static void bindInteger(PreparedStatement ps, int index, Object value, ColumnInfo column) throws SQLException {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            ps.setLong(index, ((Number) value).longValue());
        } else if (value instanceof Boolean b) {
            ps.setLong(index, b ? 1 : 0);
        } else if (value instanceof BigInteger bi) {
            if (bi.bitLength() < 64) {
                ps.setLong(index, bi.longValue());
            } else {
                ps.setBigDecimal(index, new BigDecimal(bi));
            }
        } else if (value instanceof BigDecimal bd) {
            bindInteger(ps, index, exactInteger(bd, value, column), column);
        } else if (value instanceof String s) {
            bindInteger(ps, index, exactInteger(parseDecimal(s, value, column), value, column), column);
        } else {
            throw cannot(value, column);
        }
    }

    private static BigInteger exactInteger(BigDecimal bd, Object value, ColumnInfo column) {
        try {
            return bd.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw cannot(value, column);
        }
    }

    private static BigDecimal parseDecimal(String s, Object value, ColumnInfo column) {
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            throw cannot(value, column);
        }
    }

    private static BigDecimal decimal(Object value, ColumnInfo column) {
        if (value instanceof BigDecimal bd) {
            return bd;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger bi) {
            return new BigDecimal(bi);
        }
        if (value instanceof Double || value instanceof Float) {
            return new BigDecimal(value.toString());
        }
        if (value instanceof String s) {
            return parseDecimal(s, value, column);
        }
        throw cannot(value, column);
    }

    private static boolean bool(Object value, ColumnInfo column) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n instanceof BigDecimal bd ? bd.signum() != 0 : n.longValue() != 0;
        }
        if (value instanceof String s) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "true", "t", "1", "yes", "y", "on" -> {
                    return true;
                }
                case "false", "f", "0", "no", "n", "off" -> {
                    return false;
                }
                default -> throw cannot(value, column);
            }
        }
        throw cannot(value, column);
    }

    private static String text(Object value, ColumnInfo column) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof BigDecimal bd) {
            return bd.toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof UUID || value instanceof Character
                || value instanceof TemporalAccessor) {
            return value.toString();
        }
        throw cannot(value, column);
    }

    private static LocalDateTime localDateTime(Object value, ColumnInfo column) {
        try {
            return TemporalValues.utcWallTime(value);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw cannot(value, column);
        }
    }

    private static OffsetDateTime offsetDateTime(Object value, ColumnInfo column) {
        try {
            return TemporalValues.instant(value).atOffset(ZoneOffset.UTC);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw cannot(value, column);
        }
    }

    private static LocalDate localDate(Object value, ColumnInfo column) {
        try {
            return TemporalValues.date(value);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw cannot(value, column);
        }
    }

    private static DecantException cannot(Object value, ColumnInfo column) {
        return new DecantException(ErrorCode.FAILURE, "cannot write a " + value.getClass().getSimpleName()
                + " into column '" + column.name() + "' (" + column.typeName() + ", " + column.kind()
                + "); map a column of a compatible type or convert it in a row mapper");
    }
}
