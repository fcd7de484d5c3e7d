package io.decant;

import io.decant.config.MigrationConfig;
import io.decant.control.ControlStore;
import io.decant.control.MigrationState;
import io.decant.store.TableLocation;
import io.decant.store.TableStore;
import java.util.Optional;

/**
 * A migration's two tables as the databases resolve the configured names. Source and target must
 * be different tables (retire would delete the only copy), and a migration past LEGACY_ONLY keeps
 * the tables {@code init} registered it with: its evidence (backfill, verification, shadow
 * comparisons) is about those tables.
 *
 * @param source where the source table is, or empty when it does not exist
 * @param target where the target table is, or empty when it does not exist
 */
record MigrationTables(MigrationConfig migration, Optional<TableLocation> source, Optional<TableLocation> target) {

    static MigrationTables locate(MigrationConfig m, TableStore source, TableStore target) {
        return new MigrationTables(m, source.locate(), target.locate());
    }

    /** "legacy:public.orders -> service:public.orders", as recorded in the control store. */
    String registration() {
        return migration.source().store() + ":" + source.map(TableLocation::qualifiedName).orElse(migration.source().table())
                + " -> " + migration.target().store() + ":" + target.map(TableLocation::qualifiedName)
                .orElse(migration.target().table());
    }

    /** The problem with these tables, if any: the same table on both sides. */
    Optional<String> sameTableProblem() {
        if (source.isPresent() && source.equals(target)) {
            return Optional.of("migrations." + migration.name() + ": source and target are the same table ("
                    + migration.source().store() + ": " + migration.source().table() + " and " + migration.target().store()
                    + ": " + migration.target().table() + " are both " + source.get().qualifiedName()
                    + "); the target must be another table");
        }
        return Optional.empty();
    }

    /** The problem with re-registering, if any: the tables changed after the migration left LEGACY_ONLY. */
    Optional<String> changedTablesProblem(ControlStore control, Optional<MigrationState> state) {
        if (state.isEmpty() || state.get().phase() == Phase.LEGACY_ONLY) {
            return Optional.empty();
        }
        Optional<String> registered = control.phases().registeredTables(migration.name());
        if (registered.isEmpty() || registered.get().equals(registration())) {
            return Optional.empty();
        }
        return Optional.of("migrations." + migration.name() + ": the migration is in " + state.get().phase()
                + " with the tables " + registered.get() + ", but the configuration now names " + registration()
                + "; its backfill, verification and shadow evidence are about the registered tables. Restore the"
                + " configuration, or roll the migration back to LEGACY_ONLY before changing its tables");
    }

    /** Throws BAD_CONFIG when source and target are one table. */
    void requireDistinct() {
        sameTableProblem().ifPresent(p -> {
            throw DecantException.badConfig(p + "; nothing was changed");
        });
    }
}
