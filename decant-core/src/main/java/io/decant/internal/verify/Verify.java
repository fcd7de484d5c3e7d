package io.decant.internal.verify;

import io.decant.DecantException;
import io.decant.Phase;
import io.decant.ProgressListener;
import io.decant.VerifyOptions;
import io.decant.VerifyReport;
import io.decant.config.MigrationConfig;
import io.decant.control.ControlStore;
import io.decant.control.Direction;
import io.decant.control.MigrationState;
import io.decant.control.SpanProgress;
import io.decant.control.SpanResult;
import io.decant.control.VerificationRecord;
import io.decant.control.VerifyPlan;
import io.decant.control.VerifySpans;
import io.decant.internal.LocalProcesses;
import io.decant.internal.repair.TableMapping;
import io.decant.metrics.MetricsRecorder;
import io.decant.spi.Key;
import io.decant.store.CanonicalText;
import io.decant.store.ColumnInfo;
import io.decant.store.KeySpan;
import io.decant.store.RangeHasher;
import io.decant.store.TableRef;
import io.decant.store.TableStore;
import io.decant.store.ValueKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Verifies one migration: every source row against the target under the column mapping.
 *
 * <ol>
 *   <li>The key space (or the requested key range) is cut into spans of about
 *       {@code verify.chunk-rows} source rows, inside the source database.</li>
 *   <li>Worker threads compare spans: both databases compute, in one pass over the span, the
 *       (row count, hash) of each of its sixteen parts; equal digests mean equal parts. Only a part
 *       whose digests differ is compared row by row, giving candidate differences: missing in
 *       target, extra in target, differing columns.</li>
 *   <li>Each span's candidates are compared again after {@code verify.recheck-delay} (by reading
 *       both stores' rows for all of them at once, or for a span with many candidates by comparing
 *       the span again and keeping the keys seen both times), and once more a moment later; a
 *       difference an in-flight dual write caused is gone by then. Only persistent differences are
 *       counted.</li>
 *   <li>With repair, each persistent difference is copied from the authoritative store by the
 *       repair engine's per-key copy and compared again; the stored result counts what remains.</li>
 * </ol>
 *
 * <p>A full-table verification is a <em>run</em> kept in the control store ({@link VerifySpans}):
 * its spans are claimed through leases and each span's result is stored when it is done, so any
 * number of processes share one run, a killed process loses at most the spans it held, and a
 * verify started again resumes the unfinished run. A run is resumed or joined while it is
 * unfinished, was started under the current phase version, within {@code verify.max-age}, with the
 * same columns, span size and repair setting, and {@code restart} was not asked; otherwise a new
 * run replaces it. The process that stamps the run complete stores the verification (the sums over
 * every span) for the guards; every process reports those sums. A key range or key list is
 * compared in this process only. Memory is bounded by the span size and a cap on candidates
 * waiting for their recheck.
 */
public final class Verify {
    private static final int RECHECK_THREADS = 3;
    /** Differences each span of a run keeps at least, so a process joining with another --show still lists them. */
    static final int MIN_SPAN_SAMPLES = 100;

    /** What the engine needs to verify one migration. */
    public record Setup(MigrationConfig migration, TableMapping mapping, RangeHasher sourceHasher, RangeHasher targetHasher,
                        TableStore source, TableStore target, ControlStore control, VerifySpans spans, KeyCopy repair,
                        MetricsRecorder.Meters meters) {
    }

    private final Setup setup;
    private final MigrationConfig migration;
    private final MetricsRecorder.Meters meters;

    public Verify(Setup setup) {
        this.setup = setup;
        this.migration = setup.migration();
        this.meters = setup.meters() == null ? MetricsRecorder.Meters.NONE : setup.meters();
    }

    public VerifyReport run(VerifyOptions options, ProgressListener progress) {
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        ControlStore control = setup.control();
        MigrationState state = control.phases().state(migration.name()).orElseThrow(() -> DecantException.badConfig(
                "migration " + migration.name() + " is not registered in the control store; run decant init"));
        Instant startedAt = control.now();
        long t0 = System.nanoTime();
        List<ColumnInfo> sourceColumns = describe(setup.source(), "source");
        List<ColumnInfo> targetColumns = describe(setup.target(), "target");
        ColumnPlan plan = ColumnPlan.of(setup.mapping(), sourceColumns, targetColumns, migration.rowMapper().isPresent());
        RowTexts texts = new RowTexts(plan, setup.mapping().mapper());
        ExecutorService rechecks = Executors.newFixedThreadPool(RECHECK_THREADS, threads("decant-verify-recheck"));
        try {
            Checking checking = new Checking(plan, texts, options, state, rechecks, splitter(sourceColumns, targetColumns));
            return options.fullTable() ? shared(checking, startedAt, t0, listener)
                    : local(checking, startedAt, t0, listener);
        } finally {
            rechecks.shutdownNow();
        }
    }

    /**
     * The hasher that cuts the spans: the source's, unless only the target's counts keys in one pass
     * and both keys are integers (so a cut of either side bounds the other's rows alike):
     * MariaDB→PostgreSQL is cut by PostgreSQL, 0.3 s of its CPU per 1M keys instead of 0.6-0.9 s of
     * MariaDB's.
     */
    private RangeHasher splitter(List<ColumnInfo> sourceColumns, List<ColumnInfo> targetColumns) {
        RangeHasher source = setup.sourceHasher();
        RangeHasher target = setup.targetHasher();
        boolean integers = integerKey(setup.mapping().source(), sourceColumns)
                && integerKey(setup.mapping().target(), targetColumns);
        return !source.splitsInOnePass() && target.splitsInOnePass() && integers ? target : source;
    }

    /** Whether every key column of {@code ref} is an integer column. */
    private static boolean integerKey(TableRef ref, List<ColumnInfo> columns) {
        return ref.key().stream().allMatch(k -> ColumnInfo.find(columns, k).map(c -> c.kind() == ValueKind.INTEGER).orElse(false));
    }

    private List<ColumnInfo> describe(TableStore table, String side) {
        return table.describe().orElseThrow(() -> DecantException.badConfig("the " + side + " table `" + table.ref().table()
                + "` does not exist in store `" + table.ref().store() + "`; fix migrations." + migration.name() + "."
                + side + ".table in decant.yaml"));
    }

    /** What every piece of one verification is checked with. */
    private final class Checking {
        final ColumnPlan plan;
        final VerifyOptions options;
        final MigrationState state;
        final RowTexts texts;
        final ExecutorService rechecks;
        final RowHashChoice hashers;
        final String task = "verify " + migration.name();
        private final RangeHasher splitter;

        Checking(ColumnPlan plan, RowTexts texts, VerifyOptions options, MigrationState state, ExecutorService rechecks,
                 RangeHasher splitter) {
            this.plan = plan;
            this.splitter = splitter;
            this.texts = texts;
            this.options = options;
            this.state = state;
            this.rechecks = rechecks;
            this.hashers = plan.inDatabase() ? RowHashChoice.of(setup.sourceHasher(), setup.targetHasher())
                    : new RowHashChoice(RangeHasher.PORTABLE_ROW_HASH, setup.sourceHasher(), setup.targetHasher());
        }

        SpanCheck check(int sampleLimit) {
            TableMapping mapping = setup.mapping();
            SpanComparer comparer = new SpanComparer(plan, hashers.source(), hashers.target(), mapping.source(),
                    mapping.target(), texts);
            Recheck recheck = new Recheck(hashers.source(), hashers.target(), mapping.source(), mapping.target(), texts);
            Duration delay = options.recheckDelay().orElse(migration.verify().recheckDelay());
            Optional<Direction> repairFrom = options.repair() ? Optional.of(state.phase().legacyIsAuthoritative()
                    ? Direction.LEGACY_TO_NEW : Direction.NEW_TO_LEGACY) : Optional.empty();
            Function<List<Key>, Set<Key>> writtenSinceFlip = state.phase() == Phase.NEW_ONLY
                    ? keys -> setup.control().journal().deferredKeys(migration.name(), keys) : keys -> Set.of();
            return new SpanCheck(comparer, recheck, rechecks, delay, sampleLimit, repairFrom, setup.repair(), meters,
                    writtenSinceFlip);
        }

        SpanPlanner planner() {
            return new SpanPlanner(splitter, migration.verify().chunkRows());
        }

        VerifyReport report(Instant startedAt, long t0, SpanResult sum, long spans) {
            return new VerifyReport(migration.name(), state.version(), options.fullTable(), startedAt,
                    Duration.ofNanos(System.nanoTime() - t0), sum.rows(), sum.missing(), sum.extra(), sum.differing(),
                    sum.repaired(), sum.differences().subList(0, Math.min(options.sampleLimit(), sum.differences().size())),
                    spans, sum.spansDescended(), sum.inFlight(), sum.writtenSinceFlip(), plan.inDatabase());
        }
    }

    /** A key range or a key list, compared in this process; the result is stored at the end. */
    private VerifyReport local(Checking c, Instant startedAt, long t0, ProgressListener progress) {
        VerifyOptions options = c.options;
        LocalPieces pieces = options.keys().isEmpty()
                ? LocalPieces.spans(c.planner(), KeySpan.closed(options.from().orElse(null), options.to().orElse(null)),
                migration.verify().chunkRows(), options.workers(), options.sampleLimit(), progress, c.task)
                : LocalPieces.keys(options.keys(), options.sampleLimit(), progress, c.task);
        SpanWorkers.run(options.workers(), "decant-verify", pieces, c.check(options.sampleLimit()));
        SpanResult sum = pieces.sum();
        progress.update(c.task, sum.rows(), sum.rows());
        VerifyReport report = c.report(startedAt, t0, sum, options.keys().isEmpty() ? pieces.pieces() : 0);
        record(c.state.version(), startedAt, false, sum);
        return report;
    }

    /** The whole table, as a run shared through the control store. */
    private VerifyReport shared(Checking c, Instant startedAt, long t0, ProgressListener progress) {
        VerifySpans spans = setup.spans();
        spans.ensureSchema();
        String owner = LocalProcesses.owner();
        Duration lease = migration.verify().leaseTimeout();
        String settings = settings(c.plan, c.options);
        Instant now = setup.control().now();
        Optional<VerifyPlan> before = spans.plan(migration.name());
        VerifyPlan draft = new VerifyPlan(migration.name(), 0, c.state.version(), settings,
                Math.max(MIN_SPAN_SAMPLES, c.options.sampleLimit()), migration.verify().chunkRows(), -1, null, null, null);
        VerifyPlan run = spans.startOrJoin(migration.name(), p -> whyNotResumed(p, c, settings, now).isEmpty(), draft,
                owner, lease);
        SharedPieces pieces = new SharedPieces(spans, run, c.planner(), owner, lease, progress, c.task);
        if (owner.equals(run.planner()) && !run.planned()) {
            progress.message("verify of " + migration.name() + ": run " + run.runId() + " started"
                    + before.flatMap(p -> whyNotResumed(p, c, settings, now)).map(why -> " (" + why + ")").orElse(""));
            pieces.startPlanning(new VerifySpans.PlanningPoint(0, Optional.empty()));
        } else {
            SpanProgress p = spans.progress(migration.name(), run.runId());
            progress.message("verify of " + migration.name() + ": joining run " + run.runId() + ", " + p.spansDone() + " of "
                    + (run.planned() ? run.spansTotal() : p.spansPlanned() + "+") + " spans done (" + p.rowsDone() + " rows)");
            pieces.releaseGoneProcesses();
        }
        SpanCheck check = c.check(run.sampleLimit());
        do {
            SpanWorkers.run(c.options.workers(), "decant-verify", pieces, check);
        } while (!pieces.allDone());
        boolean stamped = spans.markCompleted(migration.name(), run.runId());
        SpanResult sum = spans.totals(migration.name(), run.runId(), Math.min(run.sampleLimit(), c.options.sampleLimit()));
        VerifyPlan finished = spans.plan(migration.name()).filter(p -> p.runId() == run.runId()).orElse(run);
        progress.update(c.task, sum.rows(), sum.rows());
        if (stamped) {
            record(run.phaseVersion(), run.startedAt(), true, sum);
        }
        return c.report(startedAt, t0, sum, finished.spansTotal());
    }

    /** Why run {@code p} is not resumed or joined, or empty when it is. */
    private Optional<String> whyNotResumed(VerifyPlan p, Checking c, String settings, Instant now) {
        if (c.options.restart()) {
            return Optional.of("--restart");
        }
        if (p.completed()) {
            return Optional.of("run " + p.runId() + " had finished");
        }
        if (p.phaseVersion() != c.state.version()) {
            return Optional.of("the phase changed since run " + p.runId() + " started");
        }
        if (!p.settings().equals(settings)) {
            return Optional.of("run " + p.runId() + " compares with other settings: " + p.settings());
        }
        if (p.startedAt() != null && Duration.between(p.startedAt(), now).compareTo(migration.verify().maxAge()) > 0) {
            return Optional.of("run " + p.runId() + " started more than verify.max-age ago");
        }
        return Optional.empty();
    }

    /** What a run compares and how: processes join a run only with the same settings. */
    private String settings(ColumnPlan plan, VerifyOptions options) {
        StringBuilder columns = new StringBuilder();
        for (int i = 0; i < plan.targetColumns().size(); i++) {
            columns.append(plan.targetColumns().get(i)).append('=').append(plan.sourceColumns().get(i)).append(':')
                    .append(plan.kinds().get(i)).append(plan.inDatabase() ? ";db" : ";java").append('\n');
        }
        return "repair=" + (options.repair() ? "yes" : "no") + ", chunk-rows=" + migration.verify().chunkRows()
                + ", columns=" + Long.toHexString(CanonicalText.hash(columns.toString()));
    }

    private void record(long phaseVersion, Instant startedAt, boolean fullTable, SpanResult sum) {
        ControlStore control = setup.control();
        control.evidence().recordVerification(new VerificationRecord(0, migration.name(), phaseVersion, startedAt, control.now(),
                fullTable, sum.rows(), sum.missing(), sum.extra(), sum.differing(), sum.repaired()));
        if (fullTable) {
            // inserts cut off before their generated key was recorded: this run saw what they left, and
            // reported (or repaired) it as a difference (docs/protocol.md, "Database-generated keys")
            control.intents().resolveVerifiedInserts(migration.name(), startedAt);
        }
    }

    private static ThreadFactory threads(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
