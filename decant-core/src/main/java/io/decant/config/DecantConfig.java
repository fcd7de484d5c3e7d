package io.decant.config;

import io.decant.DecantException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decant's whole configuration: the stores, the control store and the migrations. Built either
 * from {@code decant.yaml} through {@link #load(Path)} or in Java; both go through the same
 * validating constructors, so a value that one path refuses the other refuses too.
 *
 * @param control    name of the store that keeps Decant's own state
 * @param stores     stores by name
 * @param migrations migrations by name
 * @param instances  heartbeat and phase-polling settings of library instances
 * @param source     the file the configuration came from, if any (for messages)
 */
public record DecantConfig(String control, Map<String, StoreConfig> stores, Map<String, MigrationConfig> migrations,
                           InstanceSettings instances, Optional<Path> source) {
    public DecantConfig {
        stores = Collections.unmodifiableMap(new LinkedHashMap<>(stores == null ? Map.of() : stores));
        migrations = Collections.unmodifiableMap(new LinkedHashMap<>(migrations == null ? Map.of() : migrations));
        instances = instances == null ? InstanceSettings.defaults() : instances;
        source = source == null ? Optional.empty() : source;
        if (stores.isEmpty()) {
            throw DecantException.badConfig("stores: at least one store is required");
        }
        for (var e : stores.entrySet()) {
            if (!e.getKey().equals(e.getValue().name())) {
                throw DecantException.badConfig("stores." + e.getKey() + ": the store's name does not match its key");
            }
        }
        for (MigrationConfig m : migrations.values()) {
            requireStore(stores, m.source().store(), "migrations." + m.name() + ".source.store");
            requireStore(stores, m.target().store(), "migrations." + m.name() + ".target.store");
        }
        if (control == null) {
            control = defaultControl(stores, migrations);
        }
        requireStore(stores, control, "control");
    }

    private static void requireStore(Map<String, StoreConfig> stores, String name, String where) {
        if (!stores.containsKey(name)) {
            throw DecantException.badConfig(where + ": no store named '" + name + "'; known stores: "
                    + String.join(", ", stores.keySet()) + " (define it under stores:)");
        }
    }

    private static String defaultControl(Map<String, StoreConfig> stores, Map<String, MigrationConfig> migrations) {
        var legacyStores = migrations.values().stream().map(m -> m.source().store()).distinct().toList();
        if (legacyStores.size() == 1) {
            return legacyStores.get(0);
        }
        if (stores.size() == 1) {
            return stores.keySet().iterator().next();
        }
        throw DecantException.badConfig("control: the migrations have different legacy stores " + legacyStores
                + "; say which store keeps Decant's state with 'control: <store>'");
    }

    /** Reads and validates a {@code decant.yaml}; {@code ${ENV}} references are substituted from the environment. */
    public static DecantConfig load(Path file) {
        return ConfigFile.read(file, System.getenv());
    }

    /**
     * Reads and validates the text of a {@code decant.yaml} that is not a file (a classpath resource,
     * say); {@code origin} names it in messages; {@code ${NAME}} references are looked up in {@code variables}.
     */
    public static DecantConfig parse(String yaml, String origin, Map<String, String> variables) {
        if (yaml.length() > ConfigFileText.MAX_BYTES) {
            throw DecantException.badConfig(origin + ": is larger than " + ConfigFileText.MAX_BYTES / 1024 + " KiB; is it decant.yaml?");
        }
        return ConfigFile.parse(yaml, origin, null, variables);
    }

    public MigrationConfig migration(String name) {
        MigrationConfig m = migrations.get(name);
        if (m == null) {
            throw DecantException.badConfig("unknown migration '" + name + "'"
                    + (migrations.isEmpty() ? "; none is configured" : "; known migrations: " + String.join(", ", migrations.keySet()))
                    + source.map(p -> " (in " + p + ")").orElse(""));
        }
        return m;
    }

    public StoreConfig store(String name) {
        StoreConfig s = stores.get(name);
        if (s == null) {
            throw DecantException.badConfig("unknown store '" + name + "'; known stores: " + String.join(", ", stores.keySet()));
        }
        return s;
    }

    public StoreConfig controlStore() {
        return store(control);
    }
}
