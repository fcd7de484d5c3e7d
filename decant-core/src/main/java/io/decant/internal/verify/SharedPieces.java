package io.decant.internal.verify;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.ProgressListener;
import io.decant.control.PlannedSpan;
import io.decant.control.SpanLease;
import io.decant.control.SpanProgress;
import io.decant.control.SpanResult;
import io.decant.control.SpanStatus;
import io.decant.control.VerifyPlan;
import io.decant.control.VerifySpans;
import io.decant.internal.LocalProcesses;
import io.decant.store.KeySpan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The spans of a full-table run shared by every {@code decant verify} process through the control
 * store ({@link VerifySpans}). Workers claim spans with a lease and store each span's result as its
 * checkpoint. This process plans the run's spans when it started the run, or when the planner died
 * (it carries on after the last planned span); it takes over the spans of processes on this host
 * that are gone at once, and other expired leases through the claim.
 */
final class SharedPieces implements PieceSource<SharedPieces.Claim> {
    /** Spans stored per planning transaction once the first one is out. */
    private static final int PLAN_BATCH = 8;
    private static final Duration PLANNING_POLL = Duration.ofMillis(10);
    private static final Duration DEAD_CHECK_EVERY = Duration.ofSeconds(2);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

    record Claim(SpanCheck.Piece piece, SpanLease lease) implements PieceSource.Claim {
    }

    private final VerifySpans spans;
    private final VerifyPlan run;
    private final SpanPlanner planner;
    private final String owner;
    private final Duration lease;
    private final ProgressListener progress;
    private final String task;
    /**
     * Spans this process holds, counted before the control store leases one and after it records
     * one done or given back: never fewer than the store counts for this process, so the store's
     * count of leased spans exceeds it only while another process holds some.
     */
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicBoolean planningHere = new AtomicBoolean();
    private final AtomicReference<RuntimeException> planningFailure = new AtomicReference<>();
    private final AtomicLong rowsElsewhere = new AtomicLong();
    private final AtomicLong rowsHere = new AtomicLong();
    private final AtomicLong rowsDoneHere = new AtomicLong();
    private final AtomicInteger spansPlanned = new AtomicInteger();
    private final AtomicLong lastDeadCheck = new AtomicLong();
    private final AtomicLong lastProgress = new AtomicLong();

    SharedPieces(VerifySpans spans, VerifyPlan run, SpanPlanner planner, String owner, Duration lease, ProgressListener progress,
                 String task) {
        this.spans = spans;
        this.run = run;
        this.planner = planner;
        this.owner = owner;
        this.lease = lease;
        this.progress = progress;
        this.task = task;
        SpanProgress p = spans.progress(run.migration(), run.runId());
        rowsElsewhere.set(p.rowsDone());
        spansPlanned.set(p.spansPlanned());
        lastDeadCheck.set(System.nanoTime());
    }

    /** Plans the run's spans in a thread of its own, from where {@code point} says, while the workers compare. */
    void startPlanning(VerifySpans.PlanningPoint point) {
        planningHere.set(true);
        Thread t = new Thread(() -> {
            try {
                plan(point);
            } catch (RuntimeException e) {
                planningFailure.compareAndSet(null, e);
            } finally {
                planningHere.set(false);
            }
        }, "decant-verify-plan");
        t.setDaemon(true);
        t.start();
    }

    private void plan(VerifySpans.PlanningPoint point) {
        KeySpan within = point.after().map(k -> new KeySpan(Optional.of(k), false, Optional.empty())).orElse(KeySpan.ALL);
        List<PlannedSpan> batch = new ArrayList<>();
        int[] next = {point.nextSpanNo()};
        boolean[] lost = {false};
        planner.plan(within, span -> {
            if (lost[0]) {
                return;
            }
            if (!batch.isEmpty() && (next[0] == 0 || batch.size() >= PLAN_BATCH)) {
                lost[0] = !store(batch, next[0], false);
                next[0] += batch.size();
                batch.clear();
            }
            batch.add(span);
        });
        if (!lost[0] && !store(batch, next[0], true)) {
            lost[0] = true;
        }
        if (lost[0]) {
            progress.message("planning the spans of verify run " + run.runId() + " passed to another process");
        }
    }

    private boolean store(List<PlannedSpan> batch, int first, boolean last) {
        boolean stored = spans.addSpans(run, owner, first, batch, lease, last);
        if (stored) {
            spansPlanned.set(first + batch.size());
        }
        return stored;
    }

    /** Gives back the spans (and the planning) held by processes on this host that are gone. */
    void releaseGoneProcesses() {
        lastDeadCheck.set(System.nanoTime());
        for (SpanStatus s : spans.spans(run.migration(), run.runId())) {
            if ("leased".equals(s.state()) && LocalProcesses.gone(s.owner())) {
                spans.release(run.migration(), run.runId(), s.spanNo(), s.owner(), s.attempts());
                progress.message("span " + s.spanNo() + " was held by " + s.owner() + " on this host, which is gone;"
                        + " taking it over");
            }
        }
        takeOverPlanningIfOrphaned();
    }

    private void takeOverPlanningIfOrphaned() {
        if (planningHere.get()) {
            return;
        }
        VerifyPlan current = current();
        if (current.planned()) {
            return;
        }
        Optional<String> gone = LocalProcesses.gone(current.planner()) ? Optional.of(current.planner()) : Optional.empty();
        spans.takeOverPlanning(current, owner, lease, gone).ifPresent(point -> {
            progress.message("the planner of verify run " + run.runId() + " (" + current.planner() + ") stopped answering;"
                    + " planning the rest from span " + point.nextSpanNo());
            startPlanning(point);
        });
    }

    private VerifyPlan current() {
        VerifyPlan current = spans.plan(run.migration()).orElseThrow(this::replaced);
        if (current.runId() != run.runId()) {
            throw replaced();
        }
        return current;
    }

    private DecantException replaced() {
        return new DecantException(ErrorCode.FAILURE, "verify run " + run.runId() + " of " + run.migration()
                + " was replaced by a newer run (another decant verify started over); this process stopped");
    }

    @Override
    public Optional<Claim> next(BooleanSupplier stop) throws InterruptedException {
        while (!stop.getAsBoolean()) {
            RuntimeException failed = planningFailure.get();
            if (failed != null) {
                throw failed;
            }
            held.incrementAndGet(); // before the store counts the lease: see held
            Optional<SpanLease> claimed = Optional.empty();
            try {
                claimed = spans.claim(run, owner, lease);
            } finally {
                if (claimed.isEmpty()) {
                    held.decrementAndGet();
                }
            }
            if (claimed.isPresent()) {
                return Optional.of(new Claim(new SpanCheck.SpanPiece(claimed.get().span()), claimed.get()));
            }
            VerifyPlan current = current();
            SpanProgress p = spans.progress(run.migration(), run.runId());
            if (current.planned() && (p.spansDone() >= current.spansTotal() || p.spansLeased() <= held.get())) {
                return Optional.empty(); // all done, or the rest is in this process's hands
            }
            if (System.nanoTime() - lastDeadCheck.get() >= DEAD_CHECK_EVERY.toNanos()) {
                releaseGoneProcesses();
            }
            // spans still being planned, or leased by other processes: wait, and take them over if their lease runs out
            Thread.sleep(!current.planned() ? PLANNING_POLL.toMillis() : Math.max(50, Math.min(1000, lease.toMillis() / 4)));
        }
        return Optional.empty();
    }

    /**
     * Shows the rows compared by every process: those of the spans done elsewhere (read from the
     * control store at most every second) and those compared here.
     */
    @Override
    public void compared(Claim claim, long rows) {
        long here = rowsHere.addAndGet(rows);
        long now = System.nanoTime();
        long last = lastProgress.get();
        if (now - last >= PROGRESS_EVERY.toNanos() && lastProgress.compareAndSet(last, now)) {
            rowsElsewhere.set(spans.progress(run.migration(), run.runId()).rowsDone() - rowsDoneHere.get());
        }
        long done = rowsElsewhere.get() + here;
        long estimate = (long) (spansPlanned.get() + (planningHere.get() ? 1 : 0)) * run.chunkRows();
        progress.update(task, done, Math.max(done, estimate));
    }

    @Override
    public void done(Claim claim, SpanResult result) {
        boolean completed;
        try {
            completed = spans.complete(claim.lease(), result);
        } finally {
            held.decrementAndGet(); // after the store counts the span done: see held
        }
        if (!completed) {
            current();
            progress.message("span " + claim.lease().spanNo() + ": its lease ran out before it was compared and another"
                    + " process took it over; that comparison is the one that counts");
            return;
        }
        rowsDoneHere.addAndGet(result.rows());
    }

    @Override
    public void failed(Claim claim) {
        SpanLease l = claim.lease();
        try {
            spans.release(l.migration(), l.runId(), l.spanNo(), l.owner(), l.attempt());
        } finally {
            held.decrementAndGet();
        }
    }

    /** Whether every span of the run is done (by any process). */
    boolean allDone() {
        VerifyPlan current = current();
        return current.planned() && spans.progress(run.migration(), run.runId()).spansDone() >= current.spansTotal();
    }
}
