package io.decant.cli.serve;

import io.decant.Phase;
import io.decant.StatusReport;
import io.decant.metrics.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Gauges of every migration's state as the control store reports it (the whole fleet, not this
 * process), refreshed from {@link StatusReport}s before each scrape. Tag {@code migration}; the
 * phase gauge also carries tag {@code phase} and its value is the phase's ordinal.
 */
final class StatusGauges {
    static final String PHASE = "decant.phase";
    static final String JOURNAL_DEPTH = MetricNames.JOURNAL_DEPTH;
    static final String JOURNAL_DEFERRED = "decant.journal.deferred";
    static final String INTENTS_STALE = "decant.intents.stale";
    static final String SHADOW_MATCHED = MetricNames.SHADOW_MATCHED;
    static final String SHADOW_MISMATCHED = MetricNames.SHADOW_MISMATCHED;
    static final String SHADOW_IGNORED = MetricNames.SHADOW_IGNORED;
    static final String SHADOW_ERRORED = MetricNames.SHADOW_ERRORED;
    static final String BACKFILL_ROWS = "decant.backfill.rows";
    static final String INSTANCES_LIVE = "decant.instances.live";

    private final MeterRegistry registry;
    private final Map<String, MigrationGauges> byMigration = new ConcurrentHashMap<>();

    StatusGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Publishes the reports' values; a migration seen for the first time gets its gauges. */
    void refresh(Iterable<StatusReport> reports) {
        for (StatusReport report : reports) {
            byMigration.computeIfAbsent(report.migration(), MigrationGauges::new).update(report);
        }
    }

    /** The gauges of one migration; they read the newest report it was given. */
    private final class MigrationGauges {
        private final String migration;
        private volatile StatusReport latest;
        private Gauge phaseGauge;
        private Phase phaseTagged;

        MigrationGauges(String migration) {
            this.migration = migration;
            gauge(JOURNAL_DEPTH, "keys waiting in the repair journal", StatusReport::journalDepth);
            gauge(JOURNAL_DEFERRED, "keys journaled in NEW_ONLY, kept for a rollback", StatusReport::deferredDepth);
            gauge(INTENTS_STALE, "dual writes that may have been interrupted", StatusReport::staleIntents);
            gauge(SHADOW_MATCHED, "shadow comparisons that matched, under the current phase version",
                    r -> r.shadow() == null ? 0 : r.shadow().matched());
            gauge(SHADOW_MISMATCHED, "shadow comparisons that differed, under the current phase version",
                    r -> r.shadow() == null ? 0 : r.shadow().mismatched());
            gauge(SHADOW_IGNORED, "shadow comparisons that differed in a known way, under the current phase version",
                    r -> r.shadow() == null ? 0 : r.shadow().ignored());
            gauge(SHADOW_ERRORED, "shadow reads that failed, under the current phase version",
                    r -> r.shadow() == null ? 0 : r.shadow().errored());
            gauge(BACKFILL_ROWS, "rows the current backfill copied", r -> r.backfill() == null ? 0 : r.backfill().rowsCopied());
            gauge(INSTANCES_LIVE, "library instances with a recent heartbeat",
                    r -> r.instances().stream().filter(StatusReport.Instance::live).count());
        }

        private void gauge(String name, String description, ToDoubleFunction<StatusReport> value) {
            Gauge.builder(name, this, g -> g.latest == null ? Double.NaN : value.applyAsDouble(g.latest))
                    .description(description).tag(MetricNames.TAG_MIGRATION, migration).strongReference(true)
                    .register(registry);
        }

        synchronized void update(StatusReport report) {
            latest = report;
            if (report.phase() != phaseTagged) {
                if (phaseGauge != null) {
                    registry.remove(phaseGauge);
                }
                phaseGauge = Gauge.builder(PHASE, this, g -> g.latest.phase().ordinal())
                        .description("the migration's phase as its position: LEGACY_ONLY=0, DUAL_WRITE=1,"
                                + " SHADOW_READ=2, READ_NEW=3, NEW_ONLY=4, RETIRED=5")
                        .tag(MetricNames.TAG_MIGRATION, migration).tag(MetricNames.TAG_PHASE, report.phase().name())
                        .strongReference(true).register(registry);
                phaseTagged = report.phase();
            }
        }
    }
}
