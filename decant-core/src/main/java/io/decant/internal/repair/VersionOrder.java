package io.decant.internal.repair;

import java.math.BigDecimal;
import io.decant.store.TemporalValues;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

/**
 * Orders values of a version column read from two different databases, whose drivers may give
 * different Java types for the same value (a {@code BIGINT} as Long or BigDecimal, a timestamp as
 * LocalDateTime or OffsetDateTime). A missing (null) version is older than any other.
 */
public final class VersionOrder {
    private VersionOrder() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static int compare(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Number && b instanceof Number) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString()));
        }
        Instant ia = instant(a);
        Instant ib = instant(b);
        if (ia != null && ib != null) {
            return ia.compareTo(ib);
        }
        if (a.getClass() == b.getClass() && a instanceof Comparable ca) {
            return ca.compareTo(b);
        }
        return a.toString().compareTo(b.toString());
    }

    private static Instant instant(Object v) {
        return TemporalValues.isTemporal(v) ? TemporalValues.instant(v) : null;
    }
}
