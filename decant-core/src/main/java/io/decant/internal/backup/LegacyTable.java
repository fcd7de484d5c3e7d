package io.decant.internal.backup;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.config.MigrationConfig;
import io.decant.config.TableConfig;
import io.decant.control.ControlStore;
import io.decant.control.MigrationState;
import io.decant.driver.StoreConnection;
import io.decant.store.BulkTable;
import io.decant.store.ColumnDefinition;
import io.decant.store.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A migration's legacy table and control state, as the backup engines reach them. */
final class LegacyTable {
    private final MigrationConfig migration;
    private final ControlStore control;
    private final BulkTable bulk;

    LegacyTable(MigrationConfig migration, StoreConnection legacy, ControlStore control) {
        this.migration = migration;
        this.control = control;
        TableConfig source = migration.source();
        this.bulk = legacy.bulkTable(new TableRef(source.store(), source.table(), source.key(), source.key(), source.version()));
    }

    String name() {
        return migration.name();
    }

    MigrationConfig migration() {
        return migration;
    }

    ControlStore control() {
        return control;
    }

    BulkTable bulk() {
        return bulk;
    }

    String describe() {
        return migration.source().store() + "." + migration.source().table();
    }

    MigrationState state() {
        return control.phases().state(migration.name()).orElseThrow(() -> DecantException.badConfig("migration '"
                + migration.name() + "' is not registered in the control store; run 'decant init' first"));
    }

    /** The table's columns; fails when the table does not exist or lacks a key column. */
    List<ColumnDefinition> columns() {
        List<ColumnDefinition> columns = existingColumns().orElseThrow(() -> new DecantException(ErrorCode.FAILURE,
                "legacy table " + describe() + " does not exist"));
        List<String> names = columns.stream().map(ColumnDefinition::name).toList();
        for (String k : migration.source().key()) {
            if (!names.contains(k)) {
                throw DecantException.badConfig("legacy table " + describe() + " has no key column '" + k
                        + "'; fix migrations." + migration.name() + ".source.key in decant.yaml");
            }
        }
        return columns;
    }

    Optional<List<ColumnDefinition>> existingColumns() {
        return bulk.columns();
    }

    /** Differences between the table's columns and a backup's, by name and kind; empty when they agree. */
    static List<String> schemaDifferences(List<ColumnDefinition> table, List<ColumnDefinition> backup) {
        List<String> problems = new ArrayList<>();
        for (ColumnDefinition b : backup) {
            Optional<ColumnDefinition> t = table.stream().filter(c -> c.name().equals(b.name())).findFirst();
            if (t.isEmpty()) {
                problems.add("column '" + b.name() + "' is in the backup but not in the table");
            } else if (t.get().kind() != b.kind()) {
                problems.add("column '" + b.name() + "' is " + t.get().kind() + " in the table but " + b.kind() + " in the backup");
            }
        }
        for (ColumnDefinition t : table) {
            if (backup.stream().noneMatch(b -> b.name().equals(t.name()))) {
                problems.add("column '" + t.name() + "' is in the table but not in the backup");
            }
        }
        return problems;
    }
}
