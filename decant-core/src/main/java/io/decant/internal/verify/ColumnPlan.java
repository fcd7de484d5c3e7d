package io.decant.internal.verify;

import io.decant.DecantException;
import io.decant.internal.repair.TableMapping;
import io.decant.store.CanonicalText;
import io.decant.store.ColumnInfo;
import io.decant.store.HashColumn;
import io.decant.store.ValueKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which columns are compared and as which canonical kind: one entry per mapped target column, with
 * its source column. The kind of a pair is chosen so that equal values on the two sides render
 * the same text ({@link #pairKind}). When every pair can be rendered inside the databases and no
 * row mapper is involved, spans are hashed in the databases; otherwise rows are streamed and
 * hashed in Java.
 *
 * @param targetColumns mapped target columns, in mapping order
 * @param sourceColumns their source columns (for a row mapper: unused by the hash path)
 * @param kinds         the canonical kind of each pair
 * @param inDatabase    whether spans are hashed inside the databases
 */
record ColumnPlan(List<String> targetColumns, List<String> sourceColumns, List<ValueKind> kinds, boolean inDatabase) {

    static ColumnPlan of(TableMapping mapping, List<ColumnInfo> source, List<ColumnInfo> target, boolean rowMapper) {
        List<String> targetCols = new ArrayList<>();
        List<String> sourceCols = new ArrayList<>();
        List<ValueKind> kinds = new ArrayList<>();
        boolean inDatabase = !rowMapper;
        for (Map.Entry<String, String> e : mapping.columns().entrySet()) {
            ColumnInfo t = find(target, e.getKey(), mapping.target().table());
            ValueKind kind;
            if (rowMapper) {
                kind = pairKind(t.kind(), t.kind());
            } else {
                ColumnInfo s = find(source, e.getValue(), mapping.source().table());
                kind = pairKind(s.kind(), t.kind());
            }
            inDatabase &= CanonicalText.hashableInDatabase(kind);
            targetCols.add(t.name());
            sourceCols.add(e.getValue());
            kinds.add(kind);
        }
        return new ColumnPlan(List.copyOf(targetCols), List.copyOf(sourceCols), List.copyOf(kinds), inDatabase);
    }

    List<HashColumn> sourceHash() {
        return hash(sourceColumns);
    }

    List<HashColumn> targetHash() {
        return hash(targetColumns);
    }

    private List<HashColumn> hash(List<String> columns) {
        List<HashColumn> out = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            out.add(new HashColumn(columns.get(i), kinds.get(i)));
        }
        return out;
    }

    private static ColumnInfo find(List<ColumnInfo> columns, String name, String table) {
        for (ColumnInfo c : columns) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        for (ColumnInfo c : columns) {
            if (c.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw DecantException.badConfig("table `" + table + "` has no column `" + name + "`; fix columns: in decant.yaml");
    }

    /**
     * The canonical kind both columns of a mapped pair are rendered as. Integers with decimals
     * compare as decimals; timestamps with and without zone (and a date with a timestamp) as UTC
     * timestamps; a boolean with an integer (MariaDB {@code tinyint(1)}) as boolean; UUID with text
     * as lower-case UUID text; numbers with text as text. Pairs the databases cannot render alike
     * (JSON, floating point, time of day, other types, mismatched kinds) are compared in Java.
     */
    static ValueKind pairKind(ValueKind s, ValueKind t) {
        if (s == t) {
            return s == ValueKind.TIMESTAMP_TZ ? ValueKind.TIMESTAMP : s;
        }
        if (isTime(s) && isTime(t)) {
            return ValueKind.TIMESTAMP;
        }
        if (s == ValueKind.BOOLEAN || t == ValueKind.BOOLEAN) {
            return isNumber(s) || isNumber(t) ? ValueKind.BOOLEAN : ValueKind.OTHER;
        }
        if (isNumber(s) && isNumber(t)) {
            return ValueKind.DECIMAL;
        }
        if ((s == ValueKind.UUID || t == ValueKind.UUID) && (s == ValueKind.TEXT || t == ValueKind.TEXT)) {
            return ValueKind.UUID;
        }
        if ((s == ValueKind.JSON || t == ValueKind.JSON) && (s == ValueKind.TEXT || t == ValueKind.TEXT)) {
            return ValueKind.JSON;
        }
        if ((s == ValueKind.FLOAT || t == ValueKind.FLOAT) && (isNumber(s) || isNumber(t))) {
            return ValueKind.FLOAT;
        }
        if ((s == ValueKind.TEXT || t == ValueKind.TEXT) && (isNumber(s) || isNumber(t))) {
            return ValueKind.TEXT;
        }
        return ValueKind.OTHER;
    }

    private static boolean isTime(ValueKind k) {
        return k == ValueKind.TIMESTAMP || k == ValueKind.TIMESTAMP_TZ || k == ValueKind.DATE;
    }

    private static boolean isNumber(ValueKind k) {
        return k == ValueKind.INTEGER || k == ValueKind.DECIMAL;
    }
}
