package io.decant.internal.repair;

import io.decant.DecantException;
import io.decant.config.MigrationConfig;
import io.decant.spi.Row;
import io.decant.store.ColumnInfo;
import io.decant.store.ValueKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The values of {@code legacy-defaults:}, converted by the legacy columns' kinds: what Decant writes
 * into legacy columns the mapping does not carry when it <em>inserts</em> a row into legacy (a
 * new→legacy copy of a key legacy does not hold). An update of an existing legacy row never touches
 * them. The word {@code now} in a date or timestamp column is the current time of the clock given
 * to {@link #addTo} (the control store's), in UTC.
 */
public final class LegacyDefaults {
    /** The value that means "the current time" in a date or timestamp column. */
    public static final String NOW = "now";
    /** No legacy defaults. */
    public static final LegacyDefaults NONE = new LegacyDefaults(Map.of(), Map.of());

    /** Described legacy column name → converted value. */
    private final Map<String, Object> fixed;
    /** Described legacy column name → its kind, for {@code now}. */
    private final Map<String, ValueKind> now;

    private LegacyDefaults(Map<String, Object> fixed, Map<String, ValueKind> now) {
        this.fixed = Collections.unmodifiableMap(new LinkedHashMap<>(fixed));
        this.now = Collections.unmodifiableMap(new LinkedHashMap<>(now));
    }

    /**
     * The migration's legacy defaults for the legacy table as described; BAD_CONFIG naming the
     * column when one does not fit (see {@link #problems}).
     *
     * @param columns target column → source column, resolved
     */
    public static LegacyDefaults of(MigrationConfig m, Map<String, String> columns, List<ColumnInfo> legacy) {
        if (m.legacyDefaults().isEmpty()) {
            return NONE;
        }
        List<String> problems = problems(m, columns, legacy);
        if (!problems.isEmpty()) {
            throw new DecantException(io.decant.ErrorCode.BAD_CONFIG, problems.get(0), problems, null);
        }
        Map<String, Object> fixed = new LinkedHashMap<>();
        Map<String, ValueKind> now = new LinkedHashMap<>();
        for (var e : m.legacyDefaults().entrySet()) {
            ColumnInfo c = ColumnInfo.find(legacy, e.getKey()).orElseThrow();
            if (isNow(e.getValue(), c)) {
                now.put(c.name(), c.kind());
            } else {
                fixed.put(c.name(), convert(e.getValue(), c));
            }
        }
        return new LegacyDefaults(fixed, now);
    }

    /**
     * What is wrong with {@code legacy-defaults:} for this legacy table: a column the table does not
     * have, a column the mapping already carries (a default would never be used), a value that is not
     * of the column's kind. Each message names the legacy table, the column and the fix.
     */
    public static List<String> problems(MigrationConfig m, Map<String, String> columns, List<ColumnInfo> legacy) {
        List<String> problems = new ArrayList<>();
        String key = "migrations." + m.name() + ".legacy-defaults";
        Set<String> mapped = mappedLegacyColumns(m, columns, legacy);
        for (var e : m.legacyDefaults().entrySet()) {
            Optional<ColumnInfo> c = ColumnInfo.find(legacy, e.getKey());
            if (c.isEmpty()) {
                problems.add("source table `" + m.source().table() + "` has no column `" + e.getKey() + "` (named in " + key
                        + "); fix or remove " + key + "." + e.getKey() + " in decant.yaml");
                continue;
            }
            if (mapped.contains(c.get().name())) {
                problems.add(key + "." + e.getKey() + ": source column `" + m.source().table() + "." + c.get().name()
                        + "` is mapped in columns:, so every copy into legacy writes it and the default would never be"
                        + " used; remove " + key + "." + e.getKey() + " from decant.yaml");
                continue;
            }
            if (isNow(e.getValue(), c.get())) {
                continue;
            }
            try {
                convert(e.getValue(), c.get());
            } catch (IllegalArgumentException ex) {
                problems.add(key + "." + e.getKey() + ": " + ex.getMessage() + "; fix the value in decant.yaml");
            }
        }
        return problems;
    }

    /**
     * The reverse path's problem: unmapped legacy columns that an INSERT leaving them out would fail
     * on (NOT NULL, not filled by the database) and that have no legacy default. A new→legacy copy of
     * a key legacy does not hold — a repair after the authority flip, a rollback from NEW_ONLY — would
     * fail on each. Empty when there are none.
     */
    public static Optional<String> reverseProblem(MigrationConfig m, Map<String, String> columns, List<ColumnInfo> legacy) {
        Set<String> mapped = mappedLegacyColumns(m, columns, legacy);
        Set<String> defaulted = new HashSet<>();
        for (String d : m.legacyDefaults().keySet()) {
            ColumnInfo.find(legacy, d).ifPresent(c -> defaulted.add(c.name()));
        }
        List<String> missing = new ArrayList<>();
        for (ColumnInfo c : legacy) {
            if (c.insertNeedsValue() && !mapped.contains(c.name()) && !defaulted.contains(c.name())) {
                missing.add(c.name());
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        String key = "migrations." + m.name() + ".legacy-defaults";
        String cols = String.join(", ", missing.stream().map(c -> "`" + c + "`").toList());
        String one = missing.get(0);
        return Optional.of("source table `" + m.source().table() + "` has NOT NULL column" + (missing.size() == 1 ? " " : "s ")
                + cols + " without a default that the migration does not map: copying a row from the target back into"
                + " legacy (repairs after the authority flip, a rollback from NEW_ONLY) would fail to insert it. For each,"
                + " map it in columns:, give it a DEFAULT in legacy, or set " + key + "." + one
                + (missing.size() == 1 ? "" : " (and likewise for the others)") + " in decant.yaml");
    }

    /** The legacy columns the mapping writes (the source columns of {@code columns}, and the key), by described name. */
    private static Set<String> mappedLegacyColumns(MigrationConfig m, Map<String, String> columns, List<ColumnInfo> legacy) {
        Set<String> mapped = new HashSet<>();
        List<String> names = new ArrayList<>(columns.values());
        names.addAll(m.source().key());
        for (String s : names) {
            mapped.add(ColumnInfo.find(legacy, s).map(ColumnInfo::name).orElse(s));
        }
        return mapped;
    }

    private static boolean isNow(String text, ColumnInfo c) {
        boolean temporal = c.kind() == ValueKind.TIMESTAMP || c.kind() == ValueKind.TIMESTAMP_TZ || c.kind() == ValueKind.DATE;
        return temporal && NOW.equals(text.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * Converts the text of a legacy default to the value written into {@code column}, by its kind:
     * integers and decimals as numbers, booleans as true/false (yes/no, on/off, 1/0), dates and
     * timestamps as ISO text ({@code 2024-01-31}, {@code 2024-01-31T12:00:00} or with a space, a
     * timestamp with an offset is turned into UTC; one without is UTC), UUIDs checked, other kinds as
     * the text itself (the database converts it, e.g. an enum). {@code now} is handled by the caller.
     *
     * @throws IllegalArgumentException naming the column and its type when the text does not fit
     */
    public static Object convert(String text, ColumnInfo column) {
        if (column.kind() == ValueKind.BYTES) {
            throw new IllegalArgumentException("column `" + column.name() + "` (" + column.describeType()
                    + ") is binary and cannot take a default from decant.yaml; give it a DEFAULT in legacy instead");
        }
        String t = text.trim();
        try {
            return switch (column.kind()) {
                case INTEGER -> {
                    BigInteger i = new BigDecimal(t).toBigIntegerExact();
                    yield i.bitLength() < 64 ? (Object) i.longValue() : i;
                }
                case DECIMAL -> new BigDecimal(t);
                case FLOAT -> Double.parseDouble(t);
                case BOOLEAN -> switch (t.toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "on", "1" -> Boolean.TRUE;
                    case "false", "no", "off", "0" -> Boolean.FALSE;
                    default -> throw new IllegalArgumentException("not true or false");
                };
                case TEXT, JSON, OTHER -> text;
                case UUID -> UUID.fromString(t).toString();
                case TIMESTAMP -> timestamp(t).toLocalDateTime();
                case TIMESTAMP_TZ -> timestamp(t).toInstant();
                case DATE -> LocalDate.parse(t);
                case TIME -> LocalTime.parse(t);
                case BYTES -> throw new IllegalStateException("checked above");
            };
        } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
            // NumberFormatException is an IllegalArgumentException
            throw cannot(text, column);
        }
    }

    private static IllegalArgumentException cannot(String text, ColumnInfo column) {
        String hint = switch (column.kind()) {
            case INTEGER -> "a whole number";
            case DECIMAL, FLOAT -> "a number";
            case BOOLEAN -> "true or false";
            case UUID -> "a UUID";
            case TIMESTAMP, TIMESTAMP_TZ -> "an ISO timestamp such as 2024-01-31T12:00:00, or now";
            case DATE -> "an ISO date such as 2024-01-31, or now";
            case TIME -> "an ISO time such as 12:00:00";
            default -> "a value of the column's type";
        };
        return new IllegalArgumentException("'" + text + "' is not a value for column `" + column.name() + "` ("
                + column.describeType() + "); write " + hint);
    }

    /** An ISO timestamp, a date (its start), with or without an offset (none: UTC), 'T' or a space between. */
    private static OffsetDateTime timestamp(String t) {
        String s = t.replace(' ', 'T');
        if (!s.contains("T")) {
            return LocalDate.parse(s).atStartOfDay().atOffset(ZoneOffset.UTC);
        }
        try {
            return OffsetDateTime.parse(s).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return LocalDateTime.parse(s).atOffset(ZoneOffset.UTC);
        }
    }

    /** Whether there are no legacy defaults. */
    public boolean isEmpty() {
        return fixed.isEmpty() && now.isEmpty();
    }

    /** The columns set, by their described names. */
    public Set<String> columns() {
        Set<String> all = new java.util.LinkedHashSet<>(fixed.keySet());
        all.addAll(now.keySet());
        return all;
    }

    /**
     * The row to insert into legacy: {@code row} plus the defaults of the columns it does not hold
     * (a row mapper's own value for a column wins). {@code clock} is asked once, only when a column's
     * default is {@code now}.
     */
    public Row addTo(Row row, Supplier<Instant> clock) {
        if (isEmpty()) {
            return row;
        }
        Map<String, Object> out = new LinkedHashMap<>(row.values());
        fixed.forEach(out::putIfAbsent);
        Instant at = null;
        for (var e : now.entrySet()) {
            if (out.containsKey(e.getKey())) {
                continue;
            }
            if (at == null) {
                at = clock.get();
            }
            out.put(e.getKey(), switch (e.getValue()) {
                case TIMESTAMP -> LocalDateTime.ofInstant(at, ZoneOffset.UTC);
                case DATE -> LocalDate.ofInstant(at, ZoneOffset.UTC);
                default -> at;
            });
        }
        return new Row(out);
    }
}
