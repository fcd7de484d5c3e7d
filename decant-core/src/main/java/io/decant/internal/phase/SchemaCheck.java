package io.decant.internal.phase;

import io.decant.config.MigrationConfig;
import io.decant.internal.repair.LegacyDefaults;
import io.decant.store.ColumnInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a migration's column mapping against both tables as the databases describe them: both
 * tables exist, every mapped column exists on both sides, and (unless a row mapper transforms the
 * values) each target column can hold its source column's values; and the reverse path: every
 * legacy column that a new→legacy insert leaves out (not mapped, NOT NULL, not filled by the
 * database) has a value in {@code legacy-defaults:}, whose entries must fit the legacy table. Each
 * problem is one message naming the table, the column, the column it is mapped from, and the fix.
 */
public final class SchemaCheck {
    private SchemaCheck() {
    }

    /**
     * @param columns    target column → source column, resolved
     * @param source     the source table's columns, empty when the table does not exist
     * @param target     the target table's columns, empty when the table does not exist
     * @param checkKinds false when a row mapper converts values (then only names are checked, and the
     *                   reverse path is not: the row mapper's {@code toSource} decides what legacy gets)
     */
    public static List<String> problems(MigrationConfig m, Map<String, String> columns, Optional<List<ColumnInfo>> source,
                                        Optional<List<ColumnInfo>> target, boolean checkKinds) {
        List<String> problems = new ArrayList<>();
        String where = "migrations." + m.name();
        if (source.isEmpty()) {
            problems.add("source table `" + m.source().table() + "` does not exist in store `" + m.source().store()
                    + "` (or the store's user may not read it: the catalog shows only what it may); fix " + where
                    + ".source.table in decant.yaml, or grant SELECT on the table");
        }
        if (target.isEmpty()) {
            problems.add("target table `" + m.target().table() + "` does not exist in store `" + m.target().store()
                    + "` (or the store's user may not read it); create it (with columns " + String.join(", ", columns.keySet())
                    + "), fix " + where + ".target.table in decant.yaml, or grant SELECT on the table");
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        for (var e : columns.entrySet()) {
            String t = e.getKey();
            String s = e.getValue();
            Optional<ColumnInfo> sc = ColumnInfo.find(source.get(), s);
            Optional<ColumnInfo> tc = ColumnInfo.find(target.get(), t);
            if (sc.isEmpty()) {
                problems.add("source table `" + m.source().table() + "` has no column `" + s + "` (mapped to target column `"
                        + t + "`); fix `columns:` of " + where + " in decant.yaml");
            }
            if (tc.isEmpty()) {
                problems.add("target table `" + m.target().table() + "` has no column `" + t + "` (mapped from source column `"
                        + s + "`); add the column to the target table or fix `columns:` of " + where + " in decant.yaml");
            }
            if (checkKinds && sc.isPresent() && tc.isPresent() && !tc.get().kind().compatibleWith(sc.get().kind())) {
                problems.add("target column `" + m.target().table() + "." + t + "` (" + tc.get().typeName() + ", "
                        + tc.get().kind() + ") cannot hold source column `" + m.source().table() + "." + s + "` ("
                        + sc.get().typeName() + ", " + sc.get().kind() + "); change the target column's type or"
                        + " register a row-mapper for " + where);
            }
        }
        versionProblem(m, source.get(), target.get()).ifPresent(problems::add);
        problems.addAll(LegacyDefaults.problems(m, columns, source.get()));
        if (checkKinds) {
            // the reverse path: a copy new→legacy inserts the mapped columns (and the legacy defaults).
            // A row mapper may produce more columns than columns: names, which cannot be seen here: its
            // toSource is trusted to produce what legacy needs (legacy defaults fill what it leaves out)
            LegacyDefaults.reverseProblem(m, columns, source.get()).ifPresent(problems::add);
        }
        return problems;
    }

    /**
     * A version column must order alike in both stores: the same kind of type, and for timestamps the
     * same fractional digits (a DATETIME that drops the milliseconds makes a later write look older
     * than one that kept them), for decimals the same scale.
     */
    static Optional<String> versionProblem(MigrationConfig m, List<ColumnInfo> source, List<ColumnInfo> target) {
        if (m.source().version().isEmpty() || m.targetVersionColumn().isEmpty()) {
            return Optional.empty();
        }
        Optional<ColumnInfo> sc = ColumnInfo.find(source, m.source().version().get());
        Optional<ColumnInfo> tc = ColumnInfo.find(target, m.targetVersionColumn().get());
        if (sc.isEmpty() || tc.isEmpty() || sameOrder(sc.get(), tc.get())) {
            return Optional.empty(); // a missing column is reported as such
        }
        return Optional.of("the version column differs between the stores: source `" + m.source().table() + "."
                + sc.get().name() + "` is " + sc.get().describeType() + " but target `" + m.target().table() + "."
                + tc.get().name() + "` is " + tc.get().describeType() + "; a version column must have the same type and"
                + " precision in both stores, or the repair would take a later write for an older one. Give both columns"
                + " the same type (e.g. DATETIME(6) and timestamp(6)), or remove `version:` from migrations." + m.name()
                + " in decant.yaml (then repairs follow the direction the writes recorded, and differences found by"
                + " shadow reads and verification are copied from the authoritative store)");
    }

    private static boolean sameOrder(ColumnInfo a, ColumnInfo b) {
        boolean temporal = isTimestamp(a) && isTimestamp(b); // both read as instants in UTC
        if (a.kind() != b.kind() && !temporal) {
            return false;
        }
        return switch (a.kind()) {
            case TIMESTAMP, TIMESTAMP_TZ, TIME -> a.precision() < 0 || b.precision() < 0 || a.precision() == b.precision();
            case DECIMAL -> a.scale() < 0 || b.scale() < 0 || a.scale() == b.scale();
            default -> true;
        };
    }

    private static boolean isTimestamp(ColumnInfo c) {
        return c.kind() == io.decant.store.ValueKind.TIMESTAMP || c.kind() == io.decant.store.ValueKind.TIMESTAMP_TZ;
    }
}
