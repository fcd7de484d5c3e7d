package io.decant.internal.routing;

import io.decant.Phase;
import io.decant.ShadowComparator;
import io.decant.config.ShadowSettings;
import io.decant.metrics.MetricsRecorder;
import io.decant.metrics.ShadowOutcome;
import io.decant.metrics.StoreRole;
import io.decant.spi.Direction;
import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Shadow reads of one migration. The other store's read runs in parallel on a bounded executor
 * while the caller's thread runs the answering read; the comparison happens off the caller's path.
 * When the executor is full the comparison is skipped and nothing is counted, so shadow reads never
 * block or slow the caller. A mismatch is read again after {@code shadow.recheck-delay}: only a
 * persistent one counts as mismatched (and is sampled and journaled for repair from the
 * authoritative store); a transient one counts as matched.
 */
public final class ShadowReads implements AutoCloseable {
    private static final int MAX_VALUE_TEXT = 2000;

    /** Receives persistent mismatches. */
    public interface MismatchSink {
        void mismatch(Object rawKey, long phaseVersion, String legacyValue, String newValue, Direction repair);
    }

    private final ShadowSettings settings;
    private final ShadowComparator<Object> comparator;
    private final ShadowTally tally;
    private final MetricsRecorder.Meters meters;
    private final MismatchSink sink;
    private final ScheduledExecutorService scheduler;
    private final ThreadPoolExecutor executor;

    @SuppressWarnings("unchecked")
    public ShadowReads(String migration, ShadowSettings settings, ShadowComparator<?> comparator, ShadowTally tally,
                       MetricsRecorder.Meters meters, MismatchSink sink, ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.comparator = (ShadowComparator<Object>) comparator;
        this.tally = tally;
        this.meters = meters;
        this.sink = sink;
        this.scheduler = scheduler;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(settings.parallelism(), settings.parallelism(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.parallelism() * 64), r -> {
                    Thread t = new Thread(r, "decant-shadow-" + migration + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.executor.allowCoreThreadTimeOut(true);
    }

    /** Whether this call is sampled for comparison. */
    public boolean sampled() {
        double p = settings.samplePercent();
        return p >= 100 || (p > 0 && java.util.concurrent.ThreadLocalRandom.current().nextDouble(100) < p);
    }

    /**
     * Runs the answering read on the caller's thread and the other read in parallel; returns the
     * answering read's result (or throws its failure).
     */
    public <T> Optional<T> read(Phase phase, long version, Object rawKey, Supplier<Optional<T>> legacyRead,
                                Supplier<Optional<T>> newRead, boolean legacyAnswers) {
        Comparison<T> c = new Comparison<>(phase, version, rawKey, legacyRead, newRead, legacyAnswers);
        try {
            executor.execute(c::runShadow);
        } catch (RejectedExecutionException full) {
            return timed(phase, legacyAnswers, legacyAnswers ? legacyRead : newRead);
        }
        Optional<T> answer;
        try {
            answer = timed(phase, legacyAnswers, legacyAnswers ? legacyRead : newRead);
        } catch (RuntimeException | Error e) {
            c.abandon();
            throw e;
        }
        c.answered(answer);
        return answer;
    }

    private <T> Optional<T> timed(Phase phase, boolean legacy, Supplier<Optional<T>> read) {
        long t0 = System.nanoTime();
        try {
            return read.get();
        } finally {
            meters.latency(phase, legacy ? StoreRole.LEGACY : StoreRole.NEW, System.nanoTime() - t0);
        }
    }

    private final class Comparison<T> {
        final Phase phase;
        final long version;
        final Object rawKey;
        final Supplier<Optional<T>> legacyRead;
        final Supplier<Optional<T>> newRead;
        final boolean legacyAnswers;
        final AtomicInteger pending = new AtomicInteger(2);
        volatile Optional<T> answer;
        volatile Optional<T> shadow;
        volatile boolean shadowFailed;
        volatile boolean abandoned;

        Comparison(Phase phase, long version, Object rawKey, Supplier<Optional<T>> legacyRead,
                   Supplier<Optional<T>> newRead, boolean legacyAnswers) {
            this.phase = phase;
            this.version = version;
            this.rawKey = rawKey;
            this.legacyRead = legacyRead;
            this.newRead = newRead;
            this.legacyAnswers = legacyAnswers;
        }

        void runShadow() {
            try {
                shadow = timed(phase, !legacyAnswers, legacyAnswers ? newRead : legacyRead);
            } catch (RuntimeException e) {
                shadowFailed = true;
            }
            if (pending.decrementAndGet() == 0) {
                compare();
            }
        }

        void answered(Optional<T> a) {
            answer = a;
            if (pending.decrementAndGet() == 0) {
                try {
                    executor.execute(this::compare);
                } catch (RejectedExecutionException full) {
                    // skipped: the executor is busy; nothing is counted
                }
            }
        }

        void abandon() {
            abandoned = true;
            pending.decrementAndGet();
        }

        void compare() {
            if (abandoned) {
                return;
            }
            if (shadowFailed) {
                record(ShadowOutcome.ERRORED);
                return;
            }
            Optional<T> legacy = legacyAnswers ? answer : shadow;
            Optional<T> neu = legacyAnswers ? shadow : answer;
            ShadowComparator.Outcome o;
            try {
                o = comparator.compare(legacy.orElse(null), neu.orElse(null));
            } catch (RuntimeException e) {
                record(ShadowOutcome.ERRORED);
                return;
            }
            switch (o) {
                case MATCH -> record(ShadowOutcome.MATCHED);
                case IGNORED -> record(ShadowOutcome.IGNORED);
                case MISMATCH -> scheduleRecheck();
            }
        }

        void scheduleRecheck() {
            try {
                scheduler.schedule(() -> {
                    try {
                        executor.execute(this::recheck);
                    } catch (RejectedExecutionException full) {
                        // skipped: nothing is counted
                    }
                }, settings.recheckDelay().toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException closed) {
                // shutting down
            }
        }

        void recheck() {
            Optional<T> legacy;
            Optional<T> neu;
            ShadowComparator.Outcome o;
            try {
                legacy = legacyRead.get();
                neu = newRead.get();
                o = comparator.compare(legacy.orElse(null), neu.orElse(null));
            } catch (RuntimeException e) {
                record(ShadowOutcome.ERRORED);
                return;
            }
            switch (o) {
                case MATCH -> record(ShadowOutcome.MATCHED);
                case IGNORED -> record(ShadowOutcome.IGNORED);
                case MISMATCH -> {
                    record(ShadowOutcome.MISMATCHED);
                    sink.mismatch(rawKey, version, text(legacy), text(neu),
                            phase.legacyIsAuthoritative() ? Direction.LEGACY_TO_NEW : Direction.NEW_TO_LEGACY);
                }
            }
        }

        void record(ShadowOutcome o) {
            tally.count(version, o);
            meters.shadow(phase, o);
        }
    }

    /** A read's value as text for a mismatch sample: "∅" when empty, arrays by content, cut at 2000 characters. */
    static String text(Optional<?> v) {
        if (v.isEmpty()) {
            return "∅";
        }
        Object o = v.get();
        String s;
        if (o.getClass().isArray()) {
            s = o instanceof Object[] arr ? Arrays.deepToString(arr) : arrayText(o);
        } else {
            s = String.valueOf(o);
        }
        return s.length() > MAX_VALUE_TEXT ? s.substring(0, MAX_VALUE_TEXT) + "…" : s;
    }

    private static String arrayText(Object array) {
        int n = Array.getLength(array);
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(Array.get(array, i));
        }
        return b.append(']').toString();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
