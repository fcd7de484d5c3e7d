package io.decant.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.decant.config.DecantConfig;
import io.decant.config.Guard;
import io.decant.config.IntentMode;
import io.decant.config.MigrationConfig;
import io.decant.config.StoreConfig;
import io.decant.config.TableConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a {@link DecantConfig} as a {@code decant.yaml} that {@link DecantConfig#load} reads back:
 * the stores, the control store, each migration's tables, columns, intents and disabled guards, and
 * the instance settings. Settings a child process does not use (backfill, shadow, verify, retire)
 * are left at their defaults.
 */
final class DecantYaml {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private DecantYaml() {
    }

    /**
     * @param poolSize the pool size every store gets in the file (a child process needs few
     *                 connections; the servers are shared)
     */
    static Path write(DecantConfig config, Path file, int poolSize) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("control", config.control());
        Map<String, Object> stores = new LinkedHashMap<>();
        for (StoreConfig s : config.stores().values()) {
            Map<String, Object> store = new LinkedHashMap<>();
            store.put("url", s.url());
            if (s.user() != null) {
                store.put("user", s.user());
            }
            if (s.password() != null) {
                store.put("password", s.password());
            }
            store.put("pool-size", poolSize);
            stores.put(s.name(), store);
        }
        root.put("stores", stores);
        Map<String, Object> migrations = new LinkedHashMap<>();
        for (MigrationConfig m : config.migrations().values()) {
            Map<String, Object> mig = new LinkedHashMap<>();
            mig.put("source", table(m.source(), true));
            mig.put("target", table(m.target(), false));
            mig.put("columns", new LinkedHashMap<>(m.columns()));
            mig.put("intents", m.intents() == IntentMode.SYNC ? "sync" : "async");
            if (!m.disabledGuards().isEmpty()) {
                Map<String, Object> guards = new LinkedHashMap<>();
                for (Guard g : m.disabledGuards()) {
                    guards.put(g.configName(), false);
                }
                mig.put("guards", guards);
            }
            migrations.put(m.name(), mig);
        }
        root.put("migrations", migrations);
        Map<String, Object> instances = new LinkedHashMap<>();
        instances.put("heartbeat", millis(config.instances().heartbeat()));
        instances.put("phase-poll", millis(config.instances().phasePoll()));
        instances.put("dead-after", millis(config.instances().deadAfter()));
        root.put("instances", instances);
        try {
            Files.writeString(file, YAML.writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
        return file;
    }

    private static Map<String, Object> table(TableConfig t, boolean source) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("store", t.store());
        out.put("table", t.table());
        out.put("key", t.key());
        if (source) {
            t.version().ifPresent(v -> out.put("version", v));
        }
        t.keySequence().ifPresent(q -> out.put("key-sequence", q));
        return out;
    }

    private static String millis(Duration d) {
        return d.toMillis() + "ms";
    }
}
