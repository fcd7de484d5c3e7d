package io.decant.internal.verify;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.ProgressListener;
import io.decant.VerifyOptions;
import io.decant.VerifyReport;
import io.decant.VerifyReport.Difference;
import io.decant.config.MigrationConfig;
import io.decant.internal.repair.TableMapping;
import io.decant.metrics.MetricsRecorder;
import io.decant.spi.ColumnInfo;
import io.decant.spi.ControlStore;
import io.decant.spi.Direction;
import io.decant.spi.Key;
import io.decant.spi.KeySpan;
import io.decant.spi.MigrationState;
import io.decant.spi.RangeHasher;
import io.decant.spi.TableStore;
import io.decant.spi.VerificationRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

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
 *   <li>Each span's candidates are compared again after {@code verify.recheck-delay} (by fetching
 *       both rows, or for a span with many candidates by comparing the span again and keeping the
 *       keys seen both times); a difference an in-flight dual write caused is gone by then. Only
 *       persistent differences are counted.</li>
 *   <li>With repair, each persistent difference is copied from the authoritative store by the
 *       repair engine's per-key copy and compared again; the stored result counts what remains.</li>
 * </ol>
 * Memory is bounded by the span size and a cap on candidates waiting for their recheck.
 */
public final class Verify {
    /** Above this many candidates in one span, the recheck compares the span again instead of fetching each key. */
    static final int FETCH_RECHECK_LIMIT = 256;
    /** Candidates waiting for their recheck, at most (scanning pauses beyond). */
    static final int MAX_PENDING = 200_000;
    /** Keys of a key list compared per task. */
    static final int KEY_BATCH = 500;
    private static final Duration CONFIRM_PAUSE = Duration.ofMillis(50);
    private static final int RECHECK_THREADS = 3;
    /** Parts a span is digested in, so that a difference is looked for row by row in one part only. */
    static final int PARTS = 16;

    private final MigrationConfig migration;
    private final TableMapping mapping;
    private final RangeHasher sourceHasher;
    private final RangeHasher targetHasher;
    private final TableStore source;
    private final TableStore target;
    private final ControlStore control;
    private final KeyCopy repair;
    private final MetricsRecorder.Meters meters;

    public Verify(MigrationConfig migration, TableMapping mapping, RangeHasher sourceHasher, RangeHasher targetHasher,
                  TableStore source, TableStore target, ControlStore control, KeyCopy repair, MetricsRecorder.Meters meters) {
        this.migration = migration;
        this.mapping = mapping;
        this.sourceHasher = sourceHasher;
        this.targetHasher = targetHasher;
        this.source = source;
        this.target = target;
        this.control = control;
        this.repair = repair;
        this.meters = meters == null ? MetricsRecorder.Meters.NONE : meters;
    }

    public VerifyReport run(VerifyOptions options, ProgressListener progress) {
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        MigrationState state = control.state(migration.name()).orElseThrow(() -> DecantException.badConfig(
                "migration " + migration.name() + " is not registered in the control store; run decant init"));
        Instant startedAt = control.now();
        long t0 = System.nanoTime();
        ColumnPlan plan = ColumnPlan.of(mapping, describe(source, "source"), describe(target, "target"),
                migration.rowMapper().isPresent());
        RowTexts texts = new RowTexts(plan, mapping.mapper());
        Run run = new Run(plan, texts, options, listener, state);
        run.execute();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        DifferenceTally tally = run.tally;
        VerifyReport report = new VerifyReport(migration.name(), state.version(), options.fullTable(), startedAt, elapsed,
                run.rows.sum(), tally.missing(), tally.extra(), tally.differing(), tally.repaired(), tally.samples(),
                run.spans, run.descended.get(), tally.inFlight(), plan.inDatabase());
        control.recordVerification(new VerificationRecord(0, migration.name(), state.version(), startedAt, control.now(),
                options.fullTable(), report.rowsCompared(), report.missingInTarget(), report.extraInTarget(),
                report.differing(), report.repaired()));
        return report;
    }

    private List<ColumnInfo> describe(TableStore table, String side) {
        return table.describe().orElseThrow(() -> DecantException.badConfig("the " + side + " table `" + table.ref().table()
                + "` does not exist in store `" + table.ref().store() + "`; fix migrations." + migration.name() + "."
                + side + ".table in decant.yaml"));
    }

    /** The lower end of the next span while the cuts arrive. */
    private static final class Span {
        final List<Key> cuts = new ArrayList<>();
        Optional<Key> lower;
        boolean inclusive;

        Span(Optional<Key> lower, boolean inclusive) {
            this.lower = lower;
            this.inclusive = inclusive;
        }
    }

    /** One run's state, shared by its worker threads. */
    private final class Run {
        final ColumnPlan plan;
        final VerifyOptions options;
        final ProgressListener progress;
        final Direction authority;
        final SpanComparer comparer;
        final Recheck recheck;
        final DifferenceTally tally;
        final LongAdder rows = new LongAdder();
        final AtomicInteger descended = new AtomicInteger();
        final Semaphore pending = new Semaphore(MAX_PENDING);
        final ConcurrentLinkedQueue<Future<?>> rechecks = new ConcurrentLinkedQueue<>();
        final Duration delay;
        final String task;
        long spans;
        volatile long estimate = -1;

        Run(ColumnPlan plan, RowTexts texts, VerifyOptions options, ProgressListener progress, MigrationState state) {
            this.plan = plan;
            this.options = options;
            this.progress = progress;
            this.authority = state.phase().legacyIsAuthoritative() ? Direction.LEGACY_TO_NEW : Direction.NEW_TO_LEGACY;
            this.comparer = new SpanComparer(plan, sourceHasher, targetHasher, mapping.source(), mapping.target(), texts);
            this.recheck = new Recheck(source, target, texts);
            this.tally = new DifferenceTally(options.sampleLimit());
            this.delay = options.recheckDelay().orElse(migration.verify().recheckDelay());
            this.task = "verify " + migration.name();
        }

        void execute() {
            ExecutorService workers = Executors.newFixedThreadPool(options.workers(), threads("decant-verify"));
            ScheduledExecutorService later = Executors.newScheduledThreadPool(RECHECK_THREADS, threads("decant-verify-recheck"));
            try {
                List<Future<?>> scans = new ArrayList<>();
                if (options.keys().isEmpty()) {
                    KeySpan within = KeySpan.closed(options.from().orElse(null), options.to().orElse(null));
                    int chunk = migration.verify().chunkRows();
                    Span next = new Span(within.lower(), within.lowerInclusive());
                    sourceHasher.splitKeys(within, Math.max(1, chunk / PARTS), cut -> {
                        if (next.cuts.size() < PARTS - 1) {
                            next.cuts.add(cut);
                            return;
                        }
                        KeySpan span = new KeySpan(next.lower, next.inclusive, Optional.of(cut));
                        List<Key> inner = List.copyOf(next.cuts);
                        next.lower = Optional.of(cut);
                        next.inclusive = false;
                        next.cuts.clear();
                        scans.add(workers.submit(() -> scanSpan(span, inner, later)));
                        estimate = (scans.size() + 1L) * chunk;
                    });
                    KeySpan last = new KeySpan(next.lower, next.inclusive, within.upper());
                    List<Key> inner = List.copyOf(next.cuts);
                    scans.add(workers.submit(() -> scanSpan(last, inner, later)));
                    spans = scans.size();
                    estimate = spans * (long) chunk;
                } else {
                    List<Key> keys = options.keys();
                    estimate = keys.size();
                    for (int i = 0; i < keys.size(); i += KEY_BATCH) {
                        List<Key> batch = keys.subList(i, Math.min(keys.size(), i + KEY_BATCH));
                        scans.add(workers.submit(() -> scanKeys(batch, later)));
                    }
                }
                await(scans);
                Future<?> f;
                while ((f = rechecks.poll()) != null) {
                    await(List.of(f));
                }
                progress.update(task, rows.sum(), rows.sum());
            } finally {
                workers.shutdownNow();
                later.shutdownNow();
            }
        }

        private void scanSpan(KeySpan span, List<Key> parts, ScheduledExecutorService later) {
            SpanComparer.Result r = comparer.compare(span, parts);
            rows.add(r.sourceRows());
            meters.verifyRows(r.sourceRows());
            if (r.descended()) {
                descended.incrementAndGet();
            }
            progress.update(task, rows.sum(), estimate < 0 ? -1 : Math.max(estimate, rows.sum()));
            if (!r.candidates().isEmpty()) {
                schedule(later, () -> recheckSpan(span, r.candidates(), later), r.candidates().size());
            }
        }

        private void scanKeys(List<Key> keys, ScheduledExecutorService later) {
            List<Candidate> candidates = new ArrayList<>();
            for (Key k : keys) {
                recheck.compare(k).ifPresent(d -> candidates.add(new Candidate(d.kind(), k)));
            }
            rows.add(keys.size());
            meters.verifyRows(keys.size());
            progress.update(task, rows.sum(), estimate);
            if (!candidates.isEmpty()) {
                schedule(later, () -> recheckKeys(candidates, later), candidates.size());
            }
        }

        private void schedule(ScheduledExecutorService later, Runnable recheckTask, int size) {
            int permits = Math.min(size, MAX_PENDING);
            try {
                pending.acquire(permits);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DecantException(ErrorCode.FAILURE, "verification was interrupted", e);
            }
            rechecks.add(later.schedule(() -> {
                try {
                    recheckTask.run();
                } finally {
                    pending.release(permits);
                }
            }, delay.toNanos(), TimeUnit.NANOSECONDS));
        }

        /** A span's candidates after the delay: per key when few, else by comparing the span again. */
        private void recheckSpan(KeySpan span, List<Candidate> first, ScheduledExecutorService later) {
            if (first.size() <= FETCH_RECHECK_LIMIT) {
                recheckKeys(first, later);
                return;
            }
            Set<Key> seen = new HashSet<>();
            first.forEach(c -> seen.add(c.key()));
            List<Candidate> again = comparer.compare(span).candidates();
            long persistent = 0;
            for (Candidate c : again) {
                if (!seen.contains(c.key())) {
                    continue;
                }
                persistent++;
                Difference d = new Difference(c.kind(), c.key(), List.of(), false);
                if (c.kind() == VerifyReport.Kind.DIFFERING_COLUMNS && tally.wouldSample(c.key())) {
                    Optional<Difference> named = recheck.compare(c.key());
                    if (named.isEmpty()) {
                        persistent--;
                        continue;
                    }
                    d = named.get();
                }
                settle(d);
            }
            tally.passed(first.size() - persistent);
        }

        /** Compares each key again; what still differs is confirmed by one more look a moment later. */
        private void recheckKeys(List<Candidate> first, ScheduledExecutorService later) {
            List<Difference> still = new ArrayList<>();
            for (Candidate c : first) {
                recheck.compare(c.key()).ifPresent(still::add);
            }
            tally.passed(first.size() - still.size());
            if (still.isEmpty()) {
                return;
            }
            rechecks.add(later.schedule(() -> {
                int gone = 0;
                for (Difference d : still) {
                    Optional<Difference> now = recheck.compare(d.key());
                    if (now.isPresent()) {
                        settle(now.get());
                    } else {
                        gone++;
                    }
                }
                tally.passed(gone);
            }, CONFIRM_PAUSE.toNanos(), TimeUnit.NANOSECONDS));
        }

        /** Counts a persistent difference, repairing it first when asked. */
        private void settle(Difference d) {
            if (options.repair()) {
                boolean fixed = repair.copy(d.key(), authority) && recheck.compare(d.key()).isEmpty();
                d = new Difference(d.kind(), d.key(), d.columns(), fixed);
            }
            tally.add(d);
            meters.verifyDifference(d.kind().name().toLowerCase(java.util.Locale.ROOT), d.repaired());
        }
    }

    private static void await(List<Future<?>> futures) {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DecantException(ErrorCode.FAILURE, "verification was interrupted", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof DecantException de) {
                    throw de;
                }
                throw new DecantException(ErrorCode.FAILURE, "verification failed: " + cause, cause);
            }
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
