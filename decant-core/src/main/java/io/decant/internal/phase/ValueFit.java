package io.decant.internal.phase;

import io.decant.config.MigrationConfig;
import io.decant.store.ColumnInfo;
import io.decant.store.ValueBound;
import io.decant.store.ValueKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the legacy table's values fit the service's columns where a target column is narrower
 * than its source: a shorter text ({@code text} → {@code varchar(20)}), a decimal with fewer digits
 * before or after the point, a smaller integer. {@code init} counts the rows outside each such
 * bound in one scan of the source table, so that a value that does not fit is found before the
 * backfill starts rather than in the middle of it (where the target's own type check would stop
 * it), and a decimal the target would round is not silently changed. Widening mappings and the same
 * types need no scan.
 */
public final class ValueFit {
    private ValueFit() {
    }

    /**
     * A bound on a source column's values and the target column that puts it.
     *
     * @param target the target column
     * @param bound  the bound, on the source column mapped to it
     */
    public record Check(ColumnInfo target, ValueBound bound) {
    }

    /**
     * The bounds the target columns put on their source columns.
     *
     * @param columns target column → source column, resolved
     */
    public static List<Check> checks(Map<String, String> columns, List<ColumnInfo> source, List<ColumnInfo> target) {
        List<Check> checks = new ArrayList<>();
        for (var e : columns.entrySet()) {
            Optional<ColumnInfo> t = ColumnInfo.find(target, e.getKey());
            Optional<ColumnInfo> s = ColumnInfo.find(source, e.getValue());
            if (t.isPresent() && s.isPresent()) {
                bounds(e.getValue(), s.get(), t.get()).forEach(b -> checks.add(new Check(t.get(), b)));
            }
        }
        return checks;
    }

    static List<ValueBound> bounds(String column, ColumnInfo s, ColumnInfo t) {
        List<ValueBound> out = new ArrayList<>();
        switch (t.kind()) {
            case TEXT -> {
                if (s.kind() == t.kind() && bounded(t) && (!bounded(s) || s.precision() > t.precision())) {
                    out.add(new ValueBound.MaxCharacters(column, t.precision()));
                }
            }
            case DECIMAL -> {
                if (t.precision() < 0) {
                    break; // numeric without precision holds any number
                }
                int scale = Math.max(0, t.scale());
                int integerDigits = t.precision() - scale;
                if (s.kind() == ValueKind.DECIMAL) {
                    boolean scaleFits = s.scale() >= 0 && s.scale() <= scale;
                    if (!scaleFits) {
                        out.add(new ValueBound.MaxScale(column, scale));
                    }
                    // rounding to fewer decimals can carry into one more digit (9.995 → 10.00)
                    if (s.precision() < 0 || s.precision() - Math.max(0, s.scale()) > integerDigits || !scaleFits) {
                        out.add(new ValueBound.BelowAbsolute(column, BigDecimal.TEN.pow(integerDigits), scale));
                    }
                } else if (s.kind() == ValueKind.INTEGER && digits(s) > integerDigits) {
                    out.add(new ValueBound.BelowAbsolute(column, BigDecimal.TEN.pow(integerDigits), 0));
                }
            }
            case INTEGER -> {
                int bits = bits(t);
                if (s.kind() == t.kind() && bits < 64 && bits(s) > bits) {
                    long max = (1L << (bits - 1)) - 1;
                    out.add(new ValueBound.IntegerRange(column, -max - 1, max));
                }
            }
            default -> {
                // other kinds are the same or wider on both sides, or a row mapper's business
            }
        }
        return out;
    }

    /**
     * The problems {@code counts} (rows outside each check's bound, from the source store) show, each
     * naming both columns, how many rows and the fixes.
     */
    public static List<String> problems(MigrationConfig m, List<Check> checks, List<Long> counts) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            long n = counts.get(i);
            if (n == 0) {
                continue;
            }
            ValueBound b = checks.get(i).bound();
            ColumnInfo t = checks.get(i).target();
            problems.add(n + (n == 1 ? " row" : " rows") + " of source table `" + m.source().table() + "` hold a value in `"
                    + b.column() + "` " + b.describe() + ", which target column `" + m.target().table() + "." + t.name()
                    + "` (" + t.describeType() + ") cannot hold as it is; widen the target column, fix those rows, or register"
                    + " a row-mapper for migrations." + m.name() + " that converts them");
        }
        return problems;
    }

    private static boolean bounded(ColumnInfo c) {
        return c.precision() >= 0 && c.precision() != Integer.MAX_VALUE;
    }

    /** Bits of an integer type by its name; 64 when the name is not known. */
    private static int bits(ColumnInfo c) {
        return switch (c.typeName().toLowerCase(Locale.ROOT)) {
            case "tinyint", "int1" -> 8;
            case "int2", "smallint", "smallserial" -> 16;
            case "mediumint", "int3" -> 24;
            case "int4", "int", "integer", "serial" -> 32;
            default -> 64;
        };
    }

    /** Decimal digits the largest value of an integer type has. */
    private static int digits(ColumnInfo c) {
        return switch (bits(c)) {
            case 8 -> 3;
            case 16 -> 5;
            case 24 -> 8;
            case 32 -> 10;
            default -> 19;
        };
    }
}
