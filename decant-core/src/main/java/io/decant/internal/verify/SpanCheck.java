package io.decant.internal.verify;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.VerifyReport.Difference;
import io.decant.VerifyReport;
import io.decant.control.Direction;
import io.decant.control.PlannedSpan;
import io.decant.control.SpanResult;
import io.decant.metrics.MetricsRecorder;
import io.decant.spi.Key;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Checks one piece of work — a span, or a batch of listed keys — to its result: compares it now
 * (in the calling thread), and when that finds candidate differences, compares them again after
 * the recheck delay and once more a moment later (on the recheck threads), counting only those
 * seen every time. A difference an in-flight dual write caused is gone by then. With repair, each
 * persistent difference is copied from the authoritative store and compared again.
 */
final class SpanCheck {
    /** Above this many candidates in one span, the recheck compares the span again instead of reading each key. */
    static final int FETCH_RECHECK_LIMIT = 1000;
    /** Candidates waiting for their recheck, at most (comparing pauses beyond). */
    static final int MAX_PENDING = 200_000;
    private static final Duration CONFIRM_PAUSE = Duration.ofMillis(50);

    /** What to compare: a span of the key space, or listed keys. */
    sealed interface Piece permits SpanPiece, KeysPiece {
    }

    record SpanPiece(PlannedSpan span) implements Piece {
    }

    record KeysPiece(List<Key> keys) implements Piece {
    }

    private final SpanComparer comparer;
    private final Recheck recheck;
    private final Executor rechecks;
    private final Duration delay;
    private final int sampleLimit;
    private final Optional<Direction> repairFrom;
    private final KeyCopy repair;
    private final MetricsRecorder.Meters meters;
    private final Function<List<Key>, Set<Key>> writtenSinceFlip;
    private final Semaphore pending = new Semaphore(MAX_PENDING);

    /**
     * @param rechecks   threads the rechecks run on
     * @param sampleLimit differences a span's result keeps, the first by key order
     * @param repairFrom with repair: the authoritative store's direction
     * @param writtenSinceFlip which of the keys were written since the authority flip (in NEW_ONLY: their
     *                   journal entries are deferred), expected to differ; none before NEW_ONLY
     */
    SpanCheck(SpanComparer comparer, Recheck recheck, Executor rechecks, Duration delay, int sampleLimit,
              Optional<Direction> repairFrom, KeyCopy repair, MetricsRecorder.Meters meters,
              Function<List<Key>, Set<Key>> writtenSinceFlip) {
        this.comparer = comparer;
        this.recheck = recheck;
        this.rechecks = rechecks;
        this.delay = delay;
        this.sampleLimit = sampleLimit;
        this.repairFrom = repairFrom;
        this.repair = repair;
        this.meters = meters;
        this.writtenSinceFlip = writtenSinceFlip;
    }

    /**
     * A piece compared once: the source rows it holds, and its result once its candidates were
     * rechecked.
     */
    record Checked(long rows, CompletableFuture<SpanResult> result) {
    }

    /** Compares the piece now; its result completes once its candidates were rechecked. */
    Checked check(Piece piece) {
        if (piece instanceof SpanPiece s) {
            return span(s.span());
        }
        return keys(((KeysPiece) piece).keys());
    }

    private Checked span(PlannedSpan span) {
        SpanComparer.Result r = comparer.compare(span.span(), span.cuts());
        meters.verifyRows(r.sourceRows());
        if (r.candidates().isEmpty()) {
            return new Checked(r.sourceRows(),
                    CompletableFuture.completedFuture(new DifferenceTally(0).result(r.sourceRows(), r.descended())));
        }
        int n = r.candidates().size();
        Supplier<CompletableFuture<DifferenceTally>> again = n <= FETCH_RECHECK_LIMIT
                ? () -> recheckKeys(r.candidates().stream().map(Candidate::key).toList())
                : () -> CompletableFuture.completedFuture(recheckSpan(span, r.candidates()));
        return new Checked(r.sourceRows(), later(n, again).thenApply(t -> t.result(r.sourceRows(), r.descended())));
    }

    private Checked keys(List<Key> keys) {
        List<Difference> first = recheck.compare(keys);
        meters.verifyRows(keys.size());
        if (first.isEmpty()) {
            return new Checked(keys.size(), CompletableFuture.completedFuture(new DifferenceTally(0).result(keys.size(), false)));
        }
        List<Key> candidates = first.stream().map(Difference::key).toList();
        return new Checked(keys.size(), later(candidates.size(), () -> recheckKeys(candidates))
                .thenApply(t -> t.result(keys.size(), false)));
    }

    /**
     * Runs {@code task} on the recheck threads after the recheck delay, holding {@code size} of the
     * pending permits until the future it returns completes.
     */
    private <T> CompletableFuture<T> later(int size, Supplier<CompletableFuture<T>> task) {
        int permits = Math.min(size, MAX_PENDING);
        try {
            pending.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DecantException(ErrorCode.FAILURE, "verification was interrupted", e);
        }
        return CompletableFuture.supplyAsync(task, after(delay)).thenCompose(f -> f)
                .whenComplete((v, e) -> pending.release(permits));
    }

    private Executor after(Duration pause) {
        return CompletableFuture.delayedExecutor(pause.toNanos(), TimeUnit.NANOSECONDS, rechecks);
    }

    /**
     * Compares the keys again (after the delay, on a recheck thread); what still differs is
     * confirmed by one more look a moment later, without holding a thread meanwhile.
     */
    private CompletableFuture<DifferenceTally> recheckKeys(List<Key> keys) {
        List<Difference> still = recheck.compare(keys);
        DifferenceTally tally = new DifferenceTally(sampleLimit);
        if (still.isEmpty()) {
            tally.passed(keys.size());
            return CompletableFuture.completedFuture(tally);
        }
        return CompletableFuture.supplyAsync(() -> {
            int persistent = settle(tally, recheck.compare(still.stream().map(Difference::key).toList()));
            tally.passed(keys.size() - persistent);
            return tally;
        }, after(CONFIRM_PAUSE));
    }

    /**
     * A span with many candidates: compared again as a whole, keeping the candidates seen both
     * times; the columns are named (by reading both rows) only for the first differences by key,
     * the ones a result keeps.
     */
    private DifferenceTally recheckSpan(PlannedSpan span, List<Candidate> first) {
        DifferenceTally tally = new DifferenceTally(sampleLimit);
        Map<Key, VerifyReport.Kind> seen = new HashMap<>();
        first.forEach(c -> seen.put(c.key(), c.kind()));
        List<Candidate> both = new ArrayList<>();
        for (Candidate c : comparer.compare(span.span()).candidates()) {
            if (seen.containsKey(c.key())) {
                both.add(c);
            }
        }
        both.sort(Comparator.comparing(Candidate::key));
        List<Difference> persistent = new ArrayList<>();
        List<Key> toName = new ArrayList<>();
        for (Candidate c : both) {
            if (c.kind() == VerifyReport.Kind.DIFFERING_COLUMNS && toName.size() < sampleLimit) {
                toName.add(c.key());
            } else {
                persistent.add(new Difference(c.kind(), c.key(), List.of(), false));
            }
        }
        persistent.addAll(recheck.compare(toName));
        int counted = settle(tally, persistent);
        tally.passed(first.size() - counted);
        return tally;
    }

    /**
     * Counts persistent differences, repairing them first when asked; returns how many there were.
     * Those at keys written since the authority flip are expected (the legacy store is no longer
     * written; their journal entries bring it up to date if the migration rolls back): counted apart,
     * never repaired.
     */
    private int settle(DifferenceTally tally, List<Difference> found) {
        Set<Key> expected = found.isEmpty() ? Set.of() : writtenSinceFlip.apply(found.stream().map(Difference::key).toList());
        List<Difference> persistent = expected.isEmpty() ? found
                : found.stream().filter(d -> !expected.contains(d.key())).toList();
        tally.writtenSinceFlip(found.size() - persistent.size());
        List<Difference> settled = persistent;
        if (repairFrom.isPresent() && !persistent.isEmpty()) {
            Set<Key> notCopied = new HashSet<>();
            for (Difference d : persistent) {
                if (!repair.copy(d.key(), repairFrom.get())) {
                    notCopied.add(d.key());
                }
            }
            Set<Key> left = new HashSet<>(notCopied);
            recheck.compare(persistent.stream().map(Difference::key).toList()).forEach(d -> left.add(d.key()));
            settled = persistent.stream()
                    .map(d -> new Difference(d.kind(), d.key(), d.columns(), !left.contains(d.key()))).toList();
        }
        for (Difference d : settled) {
            tally.add(d);
            meters.verifyDifference(d.kind().name().toLowerCase(Locale.ROOT), d.repaired());
        }
        return found.size();
    }
}
