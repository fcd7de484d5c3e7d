package io.decant.config;

import io.decant.DecantException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One table's move from a source (legacy) table to a target (new) table.
 *
 * @param name       the migration's name in {@code migrations:}
 * @param source     the legacy table
 * @param target     the new table
 * @param columns    target column → source column, in target order; empty means "same names as the
 *                   source's columns", resolved from the source table's schema when Decant opens
 * @param rowMapper  name of a Java row mapper registered with {@code Decant}, for transforms beyond renames
 * @param disabledGuards guards turned off in {@code guards:}
 * @param legacyDefaults {@code legacy-defaults:}: legacy (source) column → the value, as text, that
 *                   Decant writes into that unmapped column when it inserts a row into legacy (a
 *                   new→legacy copy of a key legacy does not hold); never on an update. The text is
 *                   converted by the column's kind when Decant opens the table; {@code now} in a
 *                   date or timestamp column is the control store's current time.
 */
public record MigrationConfig(String name, TableConfig source, TableConfig target, Map<String, String> columns,
                              Optional<String> rowMapper, BackfillSettings backfill, ShadowSettings shadow,
                              VerifySettings verify, RetireSettings retire, IntentMode intents,
                              Set<Guard> disabledGuards, Map<String, String> legacyDefaults) {

    /** A migration without {@code legacy-defaults:}. */
    public MigrationConfig(String name, TableConfig source, TableConfig target, Map<String, String> columns,
                           Optional<String> rowMapper, BackfillSettings backfill, ShadowSettings shadow,
                           VerifySettings verify, RetireSettings retire, IntentMode intents, Set<Guard> disabledGuards) {
        this(name, source, target, columns, rowMapper, backfill, shadow, verify, retire, intents, disabledGuards, Map.of());
    }

    public MigrationConfig {
        Identifiers.name(name, "migrations");
        String where = "migrations." + name;
        if (source == null || target == null) {
            throw DecantException.badConfig(where + ": both source and target are required");
        }
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns == null ? Map.of() : columns));
        for (var e : columns.entrySet()) {
            Identifiers.column(e.getKey(), where + ".columns (target column)");
            Identifiers.column(e.getValue(), where + ".columns." + e.getKey() + " (source column)");
        }
        if (columns.values().stream().distinct().count() != columns.size()) {
            throw DecantException.badConfig(where + ".columns: a source column is mapped to two target columns");
        }
        rowMapper = rowMapper == null ? Optional.empty() : rowMapper;
        rowMapper.ifPresent(r -> Identifiers.name(r, where + ".row-mapper"));
        backfill = backfill == null ? BackfillSettings.defaults() : backfill;
        shadow = shadow == null ? ShadowSettings.defaults() : shadow;
        verify = verify == null ? VerifySettings.defaults() : verify;
        retire = retire == null ? RetireSettings.defaults() : retire;
        intents = intents == null ? IntentMode.SYNC : intents;
        disabledGuards = disabledGuards == null || disabledGuards.isEmpty()
                ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(disabledGuards));
        legacyDefaults = Collections.unmodifiableMap(new LinkedHashMap<>(legacyDefaults == null ? Map.of() : legacyDefaults));
        for (var e : legacyDefaults.entrySet()) {
            Identifiers.column(e.getKey(), where + ".legacy-defaults (legacy column)");
            if (e.getValue() == null) {
                throw DecantException.badConfig(where + ".legacy-defaults." + e.getKey()
                        + ": expected a value (a number, text, true/false, an ISO date or timestamp, or now)");
            }
        }
        checkKeys(where, source, target, columns);
    }

    /** A copy with {@code legacy-defaults:} set. */
    public MigrationConfig withLegacyDefaults(Map<String, String> defaults) {
        return new MigrationConfig(name, source, target, columns, rowMapper, backfill, shadow, verify, retire, intents,
                disabledGuards, defaults);
    }

    private static void checkKeys(String where, TableConfig source, TableConfig target, Map<String, String> columns) {
        if (source.key().size() != target.key().size()) {
            throw DecantException.badConfig(where + ": source key " + source.key() + " and target key "
                    + target.key() + " have different numbers of columns");
        }
        List<String> mappedKey = new ArrayList<>();
        for (String t : target.key()) {
            String s = columns.isEmpty() ? t : columns.get(t);
            if (s == null) {
                throw DecantException.badConfig(where + ".columns: target key column '" + t
                        + "' is not mapped; add '" + t + ": <source column>' under columns");
            }
            mappedKey.add(s);
        }
        if (!mappedKey.equals(source.key())) {
            throw DecantException.badConfig(where + ": target key " + target.key() + " maps to source columns "
                    + mappedKey + ", which is not the source key " + source.key()
                    + "; map each target key column to the source key column in the same position");
        }
        if (!columns.isEmpty()) {
            source.version().ifPresent(v -> {
                if (!columns.containsValue(v)) {
                    throw DecantException.badConfig(where + ".source.version: version column '" + v
                            + "' is not mapped to any target column; map it under columns or remove version");
                }
            });
        }
        if (source.store().equals(target.store()) && source.table().equals(target.table())) {
            throw DecantException.badConfig(where + ": source and target are the same table ("
                    + source.store() + "." + source.table() + ")");
        }
    }

    /** The target column that holds the source's version column, if a version column is configured. */
    public Optional<String> targetVersionColumn() {
        if (source.version().isEmpty()) {
            return Optional.empty();
        }
        String v = source.version().get();
        if (columns.isEmpty()) {
            return Optional.of(v);
        }
        return columns.entrySet().stream().filter(e -> e.getValue().equals(v)).map(Map.Entry::getKey).findFirst();
    }

    public boolean guardEnabled(Guard g) {
        return !disabledGuards.contains(g);
    }
}
