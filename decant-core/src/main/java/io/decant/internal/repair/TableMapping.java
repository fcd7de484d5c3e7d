package io.decant.internal.repair;

import io.decant.DecantException;
import io.decant.config.MigrationConfig;
import io.decant.spi.RowMapper;
import io.decant.store.ColumnInfo;
import io.decant.store.TableRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A migration's two tables as the engines use them: the source and target {@link TableRef}s (key,
 * columns, version column) and the {@link RowMapper} between them.
 *
 * @param columns target column → source column, resolved (never empty)
 */
public record TableMapping(MigrationConfig migration, Map<String, String> columns, TableRef source, TableRef target,
                           RowMapper mapper) {

    /**
     * The mapping of {@code columns:}; when that is empty, every column of the source table under
     * the same name (so the source table must exist).
     */
    public static Map<String, String> resolveColumns(MigrationConfig m, Optional<List<ColumnInfo>> sourceColumns) {
        if (!m.columns().isEmpty()) {
            return m.columns();
        }
        List<ColumnInfo> cols = sourceColumns.orElseThrow(() -> DecantException.badConfig("source table `"
                + m.source().table() + "` does not exist in store `" + m.source().store() + "`; fix migrations."
                + m.name() + ".source.table in decant.yaml (with no columns: the mapping is read from that table)"));
        Map<String, String> same = new LinkedHashMap<>();
        for (ColumnInfo c : cols) {
            same.put(c.name(), c.name());
        }
        return same;
    }

    /** Builds the table references; {@code custom} is the registered row mapper, or null for renames. */
    public static TableMapping of(MigrationConfig m, Map<String, String> columns, RowMapper custom) {
        List<String> targetCols = new ArrayList<>(columns.keySet());
        List<String> sourceCols = new ArrayList<>(columns.values());
        for (String k : m.source().key()) {
            if (!sourceCols.contains(k)) {
                sourceCols.add(k);
            }
        }
        for (String k : m.target().key()) {
            if (!targetCols.contains(k)) {
                targetCols.add(k);
            }
        }
        TableRef source = new TableRef(m.source().store(), m.source().table(), m.source().key(), sourceCols, m.source().version());
        TableRef target = new TableRef(m.target().store(), m.target().table(), m.target().key(), targetCols,
                custom == null ? m.targetVersionColumn() : m.targetVersionColumn().filter(targetCols::contains));
        return new TableMapping(m, Collections.unmodifiableMap(new LinkedHashMap<>(columns)), source, target, custom == null ? new RenameMapper(columns) : custom);
    }

    /** Mapping lines for messages: {@code target ← source}. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        columns.forEach((t, s) -> lines.add(t + " ← " + s));
        return lines;
    }
}
