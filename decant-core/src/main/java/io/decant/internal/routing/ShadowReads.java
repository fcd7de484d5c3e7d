package io.decant.internal.routing;

import io.decant.Phase;
import io.decant.ShadowComparator;
import io.decant.config.ShadowSettings;
import io.decant.control.Direction;
import io.decant.metrics.MetricsRecorder;
import io.decant.metrics.ShadowOutcome;
import io.decant.metrics.StoreRole;
import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Shadow reads of one migration. The caller's thread runs the answering read and returns its result;
 * the other store's read and the comparison run on {@link ShadowWorkers}, handed over once the answer
 * is in (so the shadow read does not compete with the answering read for the caller's time, and the
 * hand-over is one queue insertion carrying the answer). When the workers are full the comparison is
 * skipped and nothing is counted, so shadow reads never block or slow the caller. A mismatch is read
 * again after {@code shadow.recheck-delay}: only a persistent one counts as mismatched (and is sampled
 * and journaled for repair from the authoritative store); a transient one counts as matched.
 *
 * <p>The shadow read is taken after the answer, not at the same instant; a write landing in between
 * shows as a mismatch, which the recheck (both stores read again) turns into a match.
 */
public final class ShadowReads implements AutoCloseable {
    private static final int MAX_VALUE_TEXT = 2000;
    /** Comparisons queued or running per worker before more are skipped. */
    private static final int HELD_PER_WORKER = 65;

    /** Receives persistent mismatches. */
    public interface MismatchSink {
        void mismatch(Object rawKey, long phaseVersion, String legacyValue, String newValue, Direction repair);

        /**
         * A persistent difference between the two answers to one query: the elements that differ, each
         * under its key. By default each is handed on as a single key's mismatch.
         */
        default void collectionMismatch(Object query, long phaseVersion, List<CollectionComparison.Difference> differences,
                                        Direction repair) {
            for (CollectionComparison.Difference d : differences) {
                mismatch(d.key(), phaseVersion, text(Optional.ofNullable(d.legacy())), text(Optional.ofNullable(d.neu())), repair);
            }
        }
    }

    private final ShadowSettings settings;
    private final ShadowComparator<Object> comparator;
    private final ShadowTally tally;
    private final MetricsRecorder.Meters meters;
    private final MismatchSink sink;
    private final ScheduledExecutorService scheduler;
    private final ShadowWorkers workers;

    @SuppressWarnings("unchecked")
    public ShadowReads(String migration, ShadowSettings settings, ShadowComparator<?> comparator, ShadowTally tally,
                       MetricsRecorder.Meters meters, MismatchSink sink, ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.comparator = (ShadowComparator<Object>) comparator;
        this.tally = tally;
        this.meters = meters;
        this.sink = sink;
        this.scheduler = scheduler;
        this.workers = new ShadowWorkers("decant-shadow-" + migration, settings.parallelism(),
                settings.parallelism() * HELD_PER_WORKER);
    }

    /** Whether this call is sampled for comparison. */
    public boolean sampled() {
        double p = settings.samplePercent();
        return p >= 100 || (p > 0 && java.util.concurrent.ThreadLocalRandom.current().nextDouble(100) < p);
    }

    /**
     * Runs the answering read on the caller's thread, then hands the other read and the comparison
     * to the workers; returns the answering read's result (or throws its failure, comparing nothing).
     */
    public <T> Optional<T> read(Phase phase, long version, Object rawKey, Supplier<Optional<T>> legacyRead,
                                Supplier<Optional<T>> newRead, boolean legacyAnswers) {
        Optional<T> answer = timed(phase, legacyAnswers, legacyAnswers ? legacyRead : newRead);
        workers.offer(new Comparison<>(phase, version, rawKey, legacyRead, newRead, legacyAnswers, answer));
        return answer;
    }

    /**
     * Like {@link #read} for a query's collection: the other store's collection is compared with the
     * answer as a set ({@link CollectionComparison}), one comparison per call.
     */
    public <T, C extends Collection<T>> C readAll(Phase phase, long version, Object query, Supplier<C> legacyRead,
                                                   Supplier<C> newRead, Function<? super T, ?> elementKey, boolean legacyAnswers) {
        C answer = timed(phase, legacyAnswers, legacyAnswers ? legacyRead : newRead);
        // a copy: the caller may sort or change its collection while a worker compares
        List<T> snapshot = answer == null ? null : new java.util.ArrayList<>(answer);
        workers.offer(new QueryComparison<>(phase, version, query, legacyRead, newRead, elementKey, legacyAnswers, snapshot));
        return answer;
    }

    private <R> R timed(Phase phase, boolean legacy, Supplier<R> read) {
        long t0 = System.nanoTime();
        try {
            return read.get();
        } finally {
            meters.latency(phase, legacy ? StoreRole.LEGACY : StoreRole.NEW, System.nanoTime() - t0);
        }
    }

    private final class Comparison<T> implements Runnable {
        final Phase phase;
        final long version;
        final Object rawKey;
        final Supplier<Optional<T>> legacyRead;
        final Supplier<Optional<T>> newRead;
        final boolean legacyAnswers;
        final Optional<T> answer;

        Comparison(Phase phase, long version, Object rawKey, Supplier<Optional<T>> legacyRead,
                   Supplier<Optional<T>> newRead, boolean legacyAnswers, Optional<T> answer) {
            this.phase = phase;
            this.version = version;
            this.rawKey = rawKey;
            this.legacyRead = legacyRead;
            this.newRead = newRead;
            this.legacyAnswers = legacyAnswers;
            this.answer = answer;
        }

        /** The shadow read and the comparison, on a worker. */
        @Override
        public void run() {
            Optional<T> shadow;
            try {
                shadow = timed(phase, !legacyAnswers, legacyAnswers ? newRead : legacyRead);
            } catch (RuntimeException e) {
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
                scheduler.schedule(() -> workers.offer(this::recheck), settings.recheckDelay().toNanos(), TimeUnit.NANOSECONDS);
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

    /** A query's comparison: the other store's collection read and compared as a set, on a worker. */
    private final class QueryComparison<T, C extends Collection<T>> implements Runnable {
        final Phase phase;
        final long version;
        final Object query;
        final Supplier<C> legacyRead;
        final Supplier<C> newRead;
        final Function<? super T, ?> elementKey;
        final boolean legacyAnswers;
        final Collection<T> answer;

        QueryComparison(Phase phase, long version, Object query, Supplier<C> legacyRead, Supplier<C> newRead,
                        Function<? super T, ?> elementKey, boolean legacyAnswers, Collection<T> answer) {
            this.phase = phase;
            this.version = version;
            this.query = query;
            this.legacyRead = legacyRead;
            this.newRead = newRead;
            this.elementKey = elementKey;
            this.legacyAnswers = legacyAnswers;
            this.answer = answer;
        }

        @Override
        public void run() {
            Collection<T> shadow;
            CollectionComparison.Result r;
            try {
                shadow = timed(phase, !legacyAnswers, legacyAnswers ? newRead : legacyRead);
                r = CollectionComparison.compare(legacyAnswers ? answer : shadow, legacyAnswers ? shadow : answer, elementKey,
                        comparator);
            } catch (RuntimeException e) {
                record(phase, version, ShadowOutcome.ERRORED);
                return;
            }
            switch (r.outcome()) {
                case MATCH -> record(phase, version, ShadowOutcome.MATCHED);
                case IGNORED -> record(phase, version, ShadowOutcome.IGNORED);
                case MISMATCH -> {
                    try {
                        scheduler.schedule(() -> workers.offer(this::recheck), settings.recheckDelay().toNanos(), TimeUnit.NANOSECONDS);
                    } catch (RejectedExecutionException closed) {
                        // shutting down
                    }
                }
            }
        }

        void recheck() {
            CollectionComparison.Result r;
            try {
                r = CollectionComparison.compare(legacyRead.get(), newRead.get(), elementKey, comparator);
            } catch (RuntimeException e) {
                record(phase, version, ShadowOutcome.ERRORED);
                return;
            }
            switch (r.outcome()) {
                case MATCH -> record(phase, version, ShadowOutcome.MATCHED);
                case IGNORED -> record(phase, version, ShadowOutcome.IGNORED);
                case MISMATCH -> {
                    record(phase, version, ShadowOutcome.MISMATCHED);
                    sink.collectionMismatch(query, version, r.differences(),
                            phase.legacyIsAuthoritative() ? Direction.LEGACY_TO_NEW : Direction.NEW_TO_LEGACY);
                }
            }
        }
    }

    private void record(Phase phase, long version, ShadowOutcome o) {
        tally.count(version, o);
        meters.shadow(phase, o);
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
        workers.close();
    }
}
