package io.decant;

import java.util.List;

/**
 * What {@code decant init} did.
 *
 * @param schemaVersion the control schema version now in place
 * @param migrations    each configured migration, registered (or already registered) with its mapping checked
 */
public record InitResult(int schemaVersion, List<MigrationInit> migrations) {
    public InitResult {
        migrations = List.copyOf(migrations);
    }

    /**
     * One migration after init.
     *
     * @param name       the migration
     * @param phase      its phase
     * @param version    its phase version
     * @param registered true when this run registered it, false when it was registered already
     * @param mapping    the checked column mapping, one line per target column: {@code target ← source}
     */
    public record MigrationInit(String name, Phase phase, long version, boolean registered, List<String> mapping) {
        public MigrationInit {
            mapping = List.copyOf(mapping);
        }
    }
}
