package io.decant.demo;

import io.decant.config.BackfillSettings;
import io.decant.config.DecantConfig;
import io.decant.config.InstanceSettings;
import io.decant.config.IntentMode;
import io.decant.config.MigrationConfig;
import io.decant.config.RetireSettings;
import io.decant.config.ShadowSettings;
import io.decant.config.StoreConfig;
import io.decant.config.TableConfig;
import io.decant.config.VerifySettings;
import io.decant.config.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The demo's configuration, built in Java through the same validating records that
 * {@code decant.yaml} loads into, and printable as the equivalent YAML (passwords masked).
 */
public final class DemoConfig {
    public static final String MIGRATION = "orders";
    static final String LEGACY_STORE = "legacy";
    static final String SERVICE_STORE = "orders";
    /** Connections per store and library instance: the demo opens several instances against one server. */
    static final int POOL_SIZE = 6; // verify's 4 workers, its span planner and the control store (legacy)
    private static final BackfillSettings DEFAULT_BACKFILL =
            new BackfillSettings(BackfillSettings.DEFAULT_CHUNK_ROWS, 0, 2, Duration.ofSeconds(20));
    private static final Duration DEFAULT_PHASE_POLL = Duration.ofMillis(250);

    private DemoConfig() {
    }

    /** Target column → legacy column: renames, and {@code legacy_flags} left out (dropped). */
    static Map<String, String> columns() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("order_id", "id");
        m.put("customer", "customer_id");
        m.put("total", "total");
        m.put("status", "status");
        m.put("note", "note");
        m.put("gift", "gift");
        m.put("placed_at", "created_at");
        m.put("updated_at", "updated_at");
        return m;
    }

    public static DecantConfig of(DemoDatabase monolith, DemoDatabase service, DemoSettings settings) {
        return of(monolith.url(), monolith.user(), monolith.password(), service.url(), service.user(), service.password(), settings);
    }

    /** The configuration whose target store is the one {@code service} names (its database, or its API). */
    public static DecantConfig of(DemoDatabase monolith, OrdersService service, DemoSettings settings) {
        return of(new StoreConfig(LEGACY_STORE, monolith.url(), monolith.user(), monolith.password(), POOL_SIZE),
                service.store(SERVICE_STORE, POOL_SIZE), settings, DEFAULT_BACKFILL, DEFAULT_PHASE_POLL);
    }

    /** The configuration for stores at these URLs (a test may route one through a proxy). */
    public static DecantConfig of(String legacyUrl, String legacyUser, String legacyPassword, String serviceUrl,
                                  String serviceUser, String servicePassword, DemoSettings settings) {
        return of(legacyUrl, legacyUser, legacyPassword, serviceUrl, serviceUser, servicePassword, settings,
                DEFAULT_BACKFILL, DEFAULT_PHASE_POLL);
    }

    /**
     * The configuration with given backfill settings and phase-polling interval (the reliability tests
     * use small chunks with short leases, and a slow-polling instance that lags behind phase changes).
     */
    public static DecantConfig of(String legacyUrl, String legacyUser, String legacyPassword, String serviceUrl,
                                  String serviceUser, String servicePassword, DemoSettings settings,
                                  BackfillSettings backfill, Duration phasePoll) {
        return of(new StoreConfig(LEGACY_STORE, legacyUrl, legacyUser, legacyPassword, POOL_SIZE),
                new StoreConfig(SERVICE_STORE, serviceUrl, serviceUser, servicePassword, POOL_SIZE), settings, backfill, phasePoll);
    }

    private static DecantConfig of(StoreConfig legacy, StoreConfig service, DemoSettings settings, BackfillSettings backfill,
                                   Duration phasePoll) {
        Map<String, StoreConfig> stores = new LinkedHashMap<>();
        stores.put(LEGACY_STORE, legacy);
        stores.put(SERVICE_STORE, service);
        MigrationConfig orders = new MigrationConfig(MIGRATION,
                new TableConfig(LEGACY_STORE, OrdersSchema.LEGACY_TABLE, List.of("id"), Optional.of("updated_at")),
                new TableConfig(SERVICE_STORE, OrdersSchema.SERVICE_TABLE, List.of("order_id"), Optional.empty()),
                columns(), Optional.empty(),
                backfill,
                new ShadowSettings(100, settings.shadowSamples(), 0.999, Duration.ofMillis(200), 100, 4),
                new VerifySettings(Duration.ofHours(1), Duration.ofMillis(500), 10_000),
                new RetireSettings(10_000, 0),
                IntentMode.SYNC, Set.of());
        return new DecantConfig(LEGACY_STORE, stores, Map.of(MIGRATION, orders),
                new InstanceSettings(Duration.ofMillis(500), phasePoll, Duration.ofSeconds(5)), Optional.empty());
    }

    /** The configuration as {@code decant.yaml} would hold it; a password shows as {@code ${…}}. */
    public static String yaml(DecantConfig config) {
        StringBuilder b = new StringBuilder();
        b.append("control: ").append(config.control()).append('\n');
        b.append("stores:\n");
        for (StoreConfig s : config.stores().values()) {
            b.append("  ").append(s.name()).append(":\n");
            b.append("    url: ").append(s.safeUrl()).append('\n');
            if (s.user() != null) {
                b.append("    user: ").append(s.user()).append('\n');
            }
            b.append("    pool-size: ").append(s.poolSize()).append('\n');
            if (s.password() != null && s.isHttp()) {
                b.append("    token: ${").append(s.name().toUpperCase(java.util.Locale.ROOT)).append("_DECANT_TOKEN}\n");
            } else if (s.password() != null) {
                b.append("    password: ${").append(s.name().toUpperCase(java.util.Locale.ROOT)).append("_DB_PASSWORD}\n");
            }
        }
        b.append("instances: { heartbeat: ").append(Durations.format(config.instances().heartbeat()))
                .append(", phase-poll: ").append(Durations.format(config.instances().phasePoll()))
                .append(", dead-after: ").append(Durations.format(config.instances().deadAfter())).append(" }\n");
        b.append("migrations:\n");
        for (MigrationConfig m : config.migrations().values()) {
            b.append("  ").append(m.name()).append(":\n");
            b.append("    source: { store: ").append(m.source().store()).append(", table: ").append(m.source().table())
                    .append(", key: ").append(m.source().key()).append(m.source().version().map(v -> ", version: " + v).orElse(""))
                    .append(" }\n");
            b.append("    target: { store: ").append(m.target().store()).append(", table: ").append(m.target().table())
                    .append(", key: ").append(m.target().key()).append(" }\n");
            b.append("    columns:            # target column: legacy column (legacy_flags is dropped)\n");
            for (var e : m.columns().entrySet()) {
                b.append("      ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
            }
            b.append("    backfill: { chunk-rows: ").append(m.backfill().chunkRows()).append(", workers: ")
                    .append(m.backfill().workers()).append(", max-rows-per-second: ").append(m.backfill().maxRowsPerSecond())
                    .append(", lease-timeout: ").append(Durations.format(m.backfill().leaseTimeout())).append(" }\n");
            b.append("    shadow: { sample-percent: ").append(fmt(m.shadow().samplePercent())).append(", min-samples: ")
                    .append(m.shadow().minSamples()).append(", consistency: ").append(fmt(m.shadow().consistency()))
                    .append(", recheck-delay: ").append(Durations.format(m.shadow().recheckDelay()))
                    .append(", parallelism: ").append(m.shadow().parallelism()).append(" }\n");
            b.append("    verify: { max-age: ").append(Durations.format(m.verify().maxAge())).append(", recheck-delay: ")
                    .append(Durations.format(m.verify().recheckDelay())).append(", chunk-rows: ").append(m.verify().chunkRows())
                    .append(" }\n");
            b.append("    retire: { batch-rows: ").append(m.retire().batchRows()).append(" }\n");
        }
        return b.toString();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
