package io.decant.metrics;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.Phase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes Decant's measurements as Micrometer meters (names in {@link MetricNames}). Meters are
 * created once per migration, phase and store, so recording is an array lookup and an increment.
 */
public final class MicrometerMetrics implements MetricsRecorder {
    /**
     * The journal depth each registry's gauge reads, by migration: one per registry and migration for
     * the life of the registry, so that a Decant opened again on the same registry (a restarted
     * context, a second run in one JVM) updates the gauge already registered instead of one Micrometer
     * ignores (it keeps the first gauge of a name and tags, reading the first Decant's value forever).
     */
    private static final Map<MeterRegistry, Map<String, AtomicLong>> DEPTHS = new WeakHashMap<>();

    private final MeterRegistry registry;

    private MicrometerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Binds to {@code registry}, which must be a {@code io.micrometer.core.instrument.MeterRegistry}.
     * Typed as Object so that callers without Micrometer never load its classes.
     */
    public static MetricsRecorder of(Object registry) {
        if (!(registry instanceof MeterRegistry r)) {
            throw new DecantException(ErrorCode.BAD_CONFIG, "meterRegistry: expected a Micrometer MeterRegistry, got "
                    + (registry == null ? "null" : registry.getClass().getName()));
        }
        return new MicrometerMetrics(r);
    }

    @Override
    public Meters migration(String name) {
        return new MigrationMeters(registry, name);
    }

    private static final class MigrationMeters implements Meters {
        private final Counter[] writes;
        private final Counter[][] failures;
        private final Timer[][] latency;
        private final Counter[][] shadow;
        private final AtomicLong depth;
        private final Counter backfillRows;
        private final Counter backfillDirect;
        private final Counter backfillMerged;
        private final Counter verifyRows;
        private final java.util.Map<String, Counter[]> verifyDifferences = new java.util.concurrent.ConcurrentHashMap<>();
        private final MeterRegistry registry;
        private final String migration;

        MigrationMeters(MeterRegistry registry, String migration) {
            Phase[] phases = Phase.values();
            StoreRole[] roles = StoreRole.values();
            ShadowOutcome[] outcomes = ShadowOutcome.values();
            writes = new Counter[phases.length];
            failures = new Counter[phases.length][roles.length];
            latency = new Timer[phases.length][roles.length];
            shadow = new Counter[phases.length][outcomes.length];
            for (Phase p : phases) {
                String phase = p.name();
                writes[p.ordinal()] = Counter.builder(MetricNames.WRITES).description("calls to write")
                        .tag(MetricNames.TAG_MIGRATION, migration).tag(MetricNames.TAG_PHASE, phase).register(registry);
                for (StoreRole s : roles) {
                    failures[p.ordinal()][s.ordinal()] = Counter.builder(MetricNames.WRITE_FAILURES)
                            .description("store writes that failed").tag(MetricNames.TAG_MIGRATION, migration)
                            .tag(MetricNames.TAG_PHASE, phase).tag(MetricNames.TAG_STORE, s.tag()).register(registry);
                    latency[p.ordinal()][s.ordinal()] = Timer.builder(MetricNames.STORE_LATENCY)
                            .description("time in one store's read or write").tag(MetricNames.TAG_MIGRATION, migration)
                            .tag(MetricNames.TAG_PHASE, phase).tag(MetricNames.TAG_STORE, s.tag()).register(registry);
                }
                for (ShadowOutcome o : outcomes) {
                    shadow[p.ordinal()][o.ordinal()] = Counter.builder(shadowName(o))
                            .description("shadow comparisons").tag(MetricNames.TAG_MIGRATION, migration)
                            .tag(MetricNames.TAG_PHASE, phase).register(registry);
                }
            }
            backfillRows = Counter.builder(MetricNames.BACKFILL_ROWS).description("rows the backfill copied")
                    .tag(MetricNames.TAG_MIGRATION, migration).register(registry);
            backfillDirect = Counter.builder(MetricNames.BACKFILL_CHUNKS).description("chunks the backfill copied")
                    .tag(MetricNames.TAG_MIGRATION, migration).tag("path", "direct").register(registry);
            backfillMerged = Counter.builder(MetricNames.BACKFILL_CHUNKS).description("chunks the backfill copied")
                    .tag(MetricNames.TAG_MIGRATION, migration).tag("path", "merged").register(registry);
            verifyRows = Counter.builder(MetricNames.VERIFY_ROWS).description("source rows verification compared")
                    .tag(MetricNames.TAG_MIGRATION, migration).register(registry);
            this.registry = registry;
            this.migration = migration;
            synchronized (DEPTHS) {
                Map<String, AtomicLong> depths = DEPTHS.computeIfAbsent(registry, r -> new HashMap<>());
                AtomicLong shared = depths.get(migration);
                if (shared == null) {
                    shared = new AtomicLong();
                    depths.put(migration, shared);
                    Gauge.builder(MetricNames.JOURNAL_DEPTH, shared, AtomicLong::doubleValue).description("keys waiting for repair")
                            .tag(MetricNames.TAG_MIGRATION, migration).register(registry);
                }
                this.depth = shared;
            }
        }

        private static String shadowName(ShadowOutcome o) {
            return switch (o) {
                case MATCHED -> MetricNames.SHADOW_MATCHED;
                case MISMATCHED -> MetricNames.SHADOW_MISMATCHED;
                case IGNORED -> MetricNames.SHADOW_IGNORED;
                case ERRORED -> MetricNames.SHADOW_ERRORED;
            };
        }

        @Override
        public void write(Phase phase) {
            writes[phase.ordinal()].increment();
        }

        @Override
        public void writeFailure(Phase phase, StoreRole store) {
            failures[phase.ordinal()][store.ordinal()].increment();
        }

        @Override
        public void latency(Phase phase, StoreRole store, long nanos) {
            latency[phase.ordinal()][store.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void shadow(Phase phase, ShadowOutcome outcome) {
            shadow[phase.ordinal()][outcome.ordinal()].increment();
        }

        @Override
        public void verifyRows(long rows) {
            verifyRows.increment(rows);
        }

        @Override
        public void verifyDifference(String kind, boolean repaired) {
            Counter[] c = verifyDifferences.computeIfAbsent(kind, k -> new Counter[] {
                Counter.builder(MetricNames.VERIFY_DIFFERENCES).description("persistent differences verification found")
                        .tag(MetricNames.TAG_MIGRATION, migration).tag("kind", k).register(registry),
                Counter.builder(MetricNames.VERIFY_REPAIRED).description("differences verify --repair fixed")
                        .tag(MetricNames.TAG_MIGRATION, migration).tag("kind", k).register(registry)});
            c[0].increment();
            if (repaired) {
                c[1].increment();
            }
        }

        @Override
        public void backfillChunk(long rows, boolean merged) {
            backfillRows.increment(rows);
            (merged ? backfillMerged : backfillDirect).increment();
        }

        @Override
        public void journalDepth(long d) {
            depth.set(d);
        }
    }
}
