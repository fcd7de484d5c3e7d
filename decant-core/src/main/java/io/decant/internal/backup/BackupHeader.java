package io.decant.internal.backup;

import io.decant.store.ColumnDefinition;
import io.decant.store.ValueKind;
import java.util.List;

/**
 * What a backup file says about itself, before its rows.
 *
 * @param migration      the migration whose legacy table this is
 * @param engine         the source engine, e.g. {@code PostgreSQL}
 * @param productVersion the source server's version
 * @param store          the source store's name
 * @param table          the source table as configured
 * @param key            the key columns (rows are in this order)
 * @param columns        every column, with DB type names and kinds, in file order
 * @param createdAt      when the backup started (ISO-8601 instant)
 * @param phase          the migration's phase at backup time
 * @param phaseVersion   the migration's phase version at backup time
 */
public record BackupHeader(String migration, String engine, String productVersion, String store, String table,
                           List<String> key, List<ColumnDefinition> columns, String createdAt, String phase,
                           long phaseVersion) {
    public BackupHeader {
        key = List.copyOf(key);
        columns = List.copyOf(columns);
    }

    RowCodec codec() {
        return new RowCodec(columns.stream().map(ColumnDefinition::kind).toList(),
                columns.stream().map(ColumnDefinition::name).toList());
    }

    List<ValueKind> kinds() {
        return columns.stream().map(ColumnDefinition::kind).toList();
    }
}
