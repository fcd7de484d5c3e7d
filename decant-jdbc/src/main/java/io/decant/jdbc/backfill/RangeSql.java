package io.decant.jdbc.backfill;

import io.decant.jdbc.ColumnValues;
import io.decant.jdbc.dialect.Dialect;
import io.decant.jdbc.engine.Engine;
import io.decant.spi.Key;
import io.decant.store.ColumnInfo;
import io.decant.store.KeyRange;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The SQL predicate of a key range over a table's key columns, with its parameters. Where the engine's
 * index serves a row-value comparison ({@link Engine#rowValueComparisonUsesIndex()}, PostgreSQL's
 * B-tree) it compares row values ({@code (a, b) > (?, ?)}); elsewhere (MariaDB) it writes the expanded
 * form ({@code a >= ? AND (a > ? OR (a = ? AND b > ?))}), whose leading column keeps the range
 * optimizer on the key. Key values are always bound, converted to the key columns' types.
 */
final class RangeSql {
    private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_ ]*");

    private final Dialect dialect;
    private final boolean rowValues;
    private final List<ColumnInfo> key;
    private final ColumnValues values;

    RangeSql(Engine engine, List<ColumnInfo> key) {
        this(engine, key, new ColumnValues(engine.dialect()));
    }

    /** Key values bound through {@code values}, the table's own (its store's zone). */
    RangeSql(Engine engine, List<ColumnInfo> key, ColumnValues values) {
        this.dialect = engine.dialect();
        this.rowValues = engine.rowValueComparisonUsesIndex();
        this.key = List.copyOf(key);
        this.values = values;
    }

    /** {@code a, b}: the key columns, quoted. */
    String keyList() {
        return dialect.columnList(key.stream().map(ColumnInfo::name).toList());
    }

    /** The predicate, or empty when the range is unbounded on both sides. Parameters: {@link #bind}. */
    Optional<String> where(KeyRange range) {
        List<String> parts = new ArrayList<>(2);
        range.after().ifPresent(k -> parts.add(compare(">", false)));
        range.upTo().ifPresent(k -> parts.add(compare("<", true)));
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(" AND ", parts));
    }

    /** Binds the range's values from parameter {@code index} on; returns the next free index. */
    int bind(PreparedStatement ps, int index, KeyRange range) throws SQLException {
        int i = index;
        if (range.after().isPresent()) {
            i = bindBound(ps, i, range.after().get());
        }
        if (range.upTo().isPresent()) {
            i = bindBound(ps, i, range.upTo().get());
        }
        return i;
    }

    private int bindBound(PreparedStatement ps, int index, Key bound) throws SQLException {
        int i = index;
        if (rowValues || key.size() == 1) {
            for (int c = 0; c < key.size(); c++) {
                values.bind(ps, i++, bound.get(c), key.get(c));
            }
            return i;
        }
        values.bind(ps, i++, bound.get(0), key.get(0));
        for (int c = 0; c < key.size() - 1; c++) {
            values.bind(ps, i++, bound.get(c), key.get(c));
            values.bind(ps, i++, bound.get(c), key.get(c));
        }
        values.bind(ps, i++, bound.get(key.size() - 1), key.get(key.size() - 1));
        return i;
    }

    private String compare(String op, boolean inclusive) {
        if (key.size() == 1) {
            return dialect.quote(key.get(0).name()) + " " + op + (inclusive ? "= ?" : " ?");
        }
        if (rowValues) {
            return "(" + keyList() + ") " + op + (inclusive ? "=" : "") + " (" + Dialect.placeholders(key.size()) + ")";
        }
        String first = dialect.quote(key.get(0).name()) + " " + op + "= ?";
        return first + " AND " + expanded(0, op, inclusive);
    }

    private String expanded(int c, String op, boolean inclusive) {
        String col = dialect.quote(key.get(c).name());
        if (c == key.size() - 1) {
            return col + " " + op + (inclusive ? "=" : "") + " ?";
        }
        return "(" + col + " " + op + " ? OR (" + col + " = ? AND " + expanded(c + 1, op, inclusive) + "))";
    }

    /** The name of {@link #keyWalk}'s recursive query (a table of that name is walked step by step instead). */
    static final String WALK = "decant_key_walk";

    /**
     * One statement that walks the key index of {@code table} (quoted) in steps: up to a given number
     * of keys, each {@code step} keys past the one before, the first {@code step} keys past
     * {@code from}'s lower bound. A recursive query whose every step is the index scan
     * {@code WHERE key > previous ORDER BY key LIMIT 1 OFFSET step-1}, read through a lateral
     * subquery (engines with {@link Engine#lateralSubqueries()}). Parameters: {@link #bind} of
     * {@code from}, then step-1 twice, then the number of keys wanted.
     */
    String keyWalk(String table, KeyRange from) {
        List<String> walkColumns = new ArrayList<>();
        List<String> stepColumns = new ArrayList<>();
        List<String> previous = new ArrayList<>();
        for (int c = 0; c < key.size(); c++) {
            walkColumns.add("k" + c);
            stepColumns.add("s." + dialect.quote(key.get(c).name()));
            previous.add("w.k" + c);
        }
        String after = key.size() == 1 ? keyList() + " > " + previous.get(0)
                : "(" + keyList() + ") > (" + String.join(", ", previous) + ")";
        String ordered = " ORDER BY " + keyList() + " LIMIT 1 OFFSET ?";
        return "WITH RECURSIVE " + WALK + "(n, " + String.join(", ", walkColumns) + ") AS ("
                + "(SELECT 1, " + keyList() + " FROM " + table + where(from).map(w -> " WHERE " + w).orElse("") + ordered + ")"
                + " UNION ALL"
                + " SELECT w.n + 1, " + String.join(", ", stepColumns) + " FROM " + WALK + " w CROSS JOIN LATERAL"
                + " (SELECT " + keyList() + " FROM " + table + " WHERE " + after + ordered + ") s WHERE w.n < ?)"
                + " SELECT " + String.join(", ", walkColumns) + " FROM " + WALK + " ORDER BY n";
    }

    // --- PostgreSQL COPY: a COPY statement takes no parameters, so the bounds travel as
    // transaction-local settings set by a bound set_config() call and are cast back in the query.

    /** {@code SELECT set_config('decant.lo0', ?, true), …}: parameters from {@link #bindSettings}; empty when unbounded. */
    Optional<String> settingsSql(KeyRange range) {
        List<String> calls = settingCalls(range);
        return calls.isEmpty() ? Optional.empty() : Optional.of("SELECT " + String.join(", ", calls));
    }

    /** The {@code set_config('decant.lo0', ?, true)} calls that carry the range's bounds, in binding order. */
    List<String> settingCalls(KeyRange range) {
        List<String> calls = new ArrayList<>();
        range.after().ifPresent(k -> {
            for (int c = 0; c < key.size(); c++) {
                calls.add("set_config('decant.lo" + c + "', ?, true)");
            }
        });
        range.upTo().ifPresent(k -> {
            for (int c = 0; c < key.size(); c++) {
                calls.add("set_config('decant.hi" + c + "', ?, true)");
            }
        });
        return calls;
    }

    /** Binds the values of {@link #settingCalls} from parameter 1 on; returns the next free index. */
    int bindSettings(PreparedStatement ps, KeyRange range) throws SQLException {
        int i = 1;
        for (Optional<Key> bound : List.of(range.after(), range.upTo())) {
            if (bound.isPresent()) {
                for (int c = 0; c < key.size(); c++) {
                    ps.setString(i++, text(bound.get().get(c)));
                }
            }
        }
        return i;
    }

    /** The range predicate reading its bounds from the settings of {@link #settingsSql}. */
    Optional<String> whereFromSettings(KeyRange range) {
        List<String> parts = new ArrayList<>(2);
        range.after().ifPresent(k -> parts.add(settingsCompare(">", "lo")));
        range.upTo().ifPresent(k -> parts.add(settingsCompare("<=", "hi")));
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(" AND ", parts));
    }

    private String settingsCompare(String op, String side) {
        List<String> casts = new ArrayList<>();
        for (int c = 0; c < key.size(); c++) {
            String type = key.get(c).typeName();
            if (!TYPE_NAME.matcher(type).matches()) {
                throw new IllegalArgumentException("unexpected key column type name '" + type + "'");
            }
            casts.add("CAST(current_setting('decant." + side + c + "') AS " + dialect.quote(type) + ")");
        }
        return key.size() == 1 ? keyList() + " " + op + " " + casts.get(0)
                : "(" + keyList() + ") " + op + " (" + String.join(", ", casts) + ")";
    }

    private static String text(Object value) {
        return value instanceof BigDecimal bd ? bd.toPlainString() : value.toString();
    }
}
