package io.decant.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The one reading of date and time values, for every part that compares, hashes, writes or encodes
 * them (verification's canonical text, the JDBC column values, the wire format, backups, version
 * order): a value without a zone ({@code LocalDateTime}, {@code java.sql.Timestamp}'s wall time, an
 * ISO text without an offset) is a wall time in UTC; a value with one ({@code Instant},
 * {@code OffsetDateTime}, {@code ZonedDateTime}, {@code java.util.Date}, an ISO text with {@code Z} or an
 * offset) is the instant it names; a date alone is its midnight. Every method accepts the same types
 * and throws {@link IllegalArgumentException} naming the type for any other, which its caller turns
 * into a message about the column.
 *
 * <p>A store whose zone-less columns hold wall times of another zone (its {@code time-zone:})
 * converts them at its edge with {@link #wallToUtc} and {@link #utcToWall}, so every part above
 * still sees UTC.
 */
public final class TemporalValues {

    private TemporalValues() {
    }

    /** The value's wall time in UTC (for TIMESTAMP columns). */
    public static LocalDateTime utcWallTime(Object v) {
        if (v instanceof LocalDateTime t) {
            return t;
        }
        if (v instanceof java.sql.Timestamp ts) {
            return ts.toLocalDateTime();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().atStartOfDay();
        }
        if (v instanceof LocalDate d) {
            return d.atStartOfDay();
        }
        if (v instanceof CharSequence s) {
            return text(s.toString());
        }
        return LocalDateTime.ofInstant(zoned(v), ZoneOffset.UTC);
    }

    /** The instant the value names (for TIMESTAMP_TZ columns and version order). */
    public static Instant instant(Object v) {
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof LocalDateTime || v instanceof java.sql.Timestamp || v instanceof java.sql.Date
                || v instanceof LocalDate || v instanceof CharSequence) {
            return utcWallTime(v).toInstant(ZoneOffset.UTC);
        }
        return zoned(v);
    }

    /** The value's date (for DATE columns): a date as it is, a date-time's UTC date. */
    public static LocalDate date(Object v) {
        if (v instanceof LocalDate d) {
            return d;
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (v instanceof CharSequence s && s.toString().trim().length() == 10) {
            return LocalDate.parse(s.toString().trim());
        }
        return utcWallTime(v).toLocalDate();
    }

    /** The value's time of day (for TIME columns). */
    public static LocalTime time(Object v) {
        if (v instanceof LocalTime t) {
            return t;
        }
        if (v instanceof java.sql.Time t) {
            return t.toLocalTime();
        }
        if (v instanceof CharSequence s) {
            return LocalTime.parse(s.toString().trim());
        }
        throw notTemporal(v);
    }

    /**
     * The UTC wall time of {@code wall}, a wall time in {@code zone}. A wall time the zone skips (a
     * spring-forward gap) is read with the offset before the gap, and one it repeats (a fall-back
     * overlap) with the later offset, standard time: as PostgreSQL's {@code AT TIME ZONE} reads them,
     * so that both sides of a verification agree.
     */
    public static LocalDateTime wallToUtc(LocalDateTime wall, ZoneId zone) {
        return wall.atZone(zone).withLaterOffsetAtOverlap().withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }

    /** The wall time in {@code zone} of {@code utc}, a UTC wall time. */
    public static LocalDateTime utcToWall(LocalDateTime utc, ZoneId zone) {
        return utc.atOffset(ZoneOffset.UTC).atZoneSameInstant(zone).toLocalDateTime();
    }

    /** True for the types the methods above accept. */
    public static boolean isTemporal(Object v) {
        return v instanceof java.time.temporal.Temporal || v instanceof java.util.Date;
    }

    private static Instant zoned(Object v) {
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof java.util.Date d && !(v instanceof java.sql.Time)) {
            return d.toInstant();
        }
        throw notTemporal(v);
    }

    /** An ISO date-time, {@code T} or a space between date and time, with or without an offset. */
    private static LocalDateTime text(String s) {
        String t = s.trim().replace(' ', 'T');
        LocalDateTime plain = IsoText.plain(t); // the common form, without the formatter's cost
        if (plain != null) {
            return plain;
        }
        if (t.length() == 10) {
            return LocalDate.parse(t).atStartOfDay();
        }
        return hasZone(t) ? OffsetDateTime.parse(t).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime() : LocalDateTime.parse(t);
    }

    /** Whether an ISO date-time ends with {@code Z} or an offset after its time part. */
    private static boolean hasZone(String t) {
        int time = t.indexOf('T');
        return t.endsWith("Z") || time > 0 && (t.indexOf('+', time) > 0 || t.indexOf('-', time) > 0);
    }

    private static IllegalArgumentException notTemporal(Object v) {
        return new IllegalArgumentException("a " + (v == null ? "null" : v.getClass().getName()) + " is not a date or time value");
    }
}
