package io.decant.internal.backfill;

import io.decant.BackfillResult;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.ProgressListener;
import io.decant.config.BackfillSettings;
import io.decant.control.BackfillPlan;
import io.decant.control.BackfillRecord;
import io.decant.control.ChunkHandoff;
import io.decant.control.ChunkLease;
import io.decant.control.ChunkLeases;
import io.decant.control.ChunkProgress;
import io.decant.control.ChunkStatus;
import io.decant.control.ControlStore;
import io.decant.control.MigrationState;
import io.decant.control.UncheckedCopy;
import io.decant.driver.StoreConnection;
import io.decant.internal.LocalProcesses;
import io.decant.spi.Key;
import io.decant.store.ChunkCopier;
import io.decant.store.ChunkCopy;
import io.decant.store.CopySpec;
import io.decant.store.SourceLoad;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Copies a migration's legacy rows into the target, resumably and in parallel. It refuses to start
 * outside DUAL_WRITE/SHADOW_READ or before every live instance acknowledged DUAL_WRITE; it has the
 * key space planned into chunk leases once (every process shares that plan): the first chunks and an
 * open-ended tail, claimed first, whose worker walks the key on and stores the chunks it finds while
 * the others copy them ({@link ChunkPlanner}); then each worker claims a chunk, copies it through
 * the store's {@link ChunkCopier} (source rows share-locked until the target committed, or read
 * from a snapshot and checked after the target committed) and checkpoints it. A copy of the second kind is recorded in the control store before its target
 * commits; a chunk claimed again settles such records first, and a run settles those of replaced
 * plans before it starts. A process killed mid-run leaves at most its leased
 * chunks behind, which any worker takes over once their lease expires; a later run resumes from
 * the checkpoints. The plan is made again when the migration re-entered DUAL_WRITE since (writes of
 * the rolled-back stint were missed) or on {@code restart}.
 */
public final class Backfill {
    private static final Duration RECORD_EVERY = Duration.ofSeconds(1);
    /** How often the source's load is sampled when the back-off is configured. */
    static final Duration LOAD_SAMPLE_EVERY = Duration.ofSeconds(2);

    /** What the engine needs to run one migration's backfill. */
    public record Setup(String migration, ControlStore control, StoreConnection source, StoreConnection target,
                        StoreConnection controlStore, CopySpec spec, BackfillSettings settings, boolean restart,
                        Duration deadAfter, io.decant.metrics.MetricsRecorder.Meters meters) {
    }

    private final Setup setup;
    private final String owner;

    public Backfill(Setup setup) {
        this.setup = setup;
        this.owner = LocalProcesses.owner();
    }

    public BackfillResult run(ProgressListener progress) {
        long started = System.nanoTime();
        String m = setup.migration();
        ControlStore control = setup.control();
        MigrationState state = control.phases().state(m).orElseThrow(() -> DecantException.badConfig("migration " + m
                + " is not registered in the control store; run decant init"));
        BackfillPreconditions.require(control, state, setup.deadAfter());

        ChunkLeases leases = setup.control().chunkLeases();
        leases.ensureSchema();
        Optional<BackfillPlan> before = leases.plan(m);
        Predicate<BackfillPlan> keep = p -> !setup.restart() && p.dualWriteVersion() == state.dualWriteVersion();
        ChunkPlanner planner = new ChunkPlanner(setup.source().backfill(), setup.spec().source(), setup.settings().chunkRows());
        if (before.isEmpty() || !keep.test(before.get())) {
            planner.walkAhead(); // a new plan is due (unless another process makes it first): walk while the copier is set up
        }
        ChunkCopier copier = setup.source().pipeTo(setup.spec(), setup.target())
                .orElseGet(() -> setup.source().backfill().copier(setup.spec(), setup.target().chunkTarget(setup.spec())));
        AtomicBoolean planned = new AtomicBoolean();
        BackfillPlan draft = new BackfillPlan(m, 0, state.version(), state.dualWriteVersion(), setup.settings().chunkRows(),
                0, 0, null, null);
        BackfillPlan plan = leases.planOnce(m, keep,
                draft, chunks -> {
                    planned.set(true);
                    planner.plan(chunks);
                });
        if (planned.get()) {
            leases.updateEstimate(m, plan.planId(), planner.rowsEstimate());
            plan = leases.plan(m).orElse(plan);
            progress.message(describeNewPlan(plan, before, state));
        }
        settleUncheckedCopiesOfOtherPlans(leases, copier, plan, progress);
        ChunkProgress start = leases.progress(m, plan.planId());
        boolean resumed = !planned.get() && start.chunksDone() > 0;
        if (plan.completed()) {
            progress.message("backfill of " + m + " already completed (" + start.rowsCopied() + " rows in "
                    + start.chunksTotal() + " chunks); run with --restart to copy everything again");
            record(control, plan, start, true);
            return new BackfillResult(m, plan.phaseVersion(), true, false, 0, 0, 0, 0, start.rowsCopied(), start.chunksTotal(),
                    0, copier.method(), Duration.ofNanos(System.nanoTime() - started));
        }
        if (resumed) {
            progress.message("resuming the backfill of " + m + ": " + start.chunksDone() + " of " + start.chunksTotal()
                    + " chunks done (" + start.rowsCopied() + " rows)");
        }
        releaseLeasesOfDeadLocalProcesses(leases, plan, progress);
        int workers = workerCount(progress);
        Run run = new Run(plan, planner, leases, copier, progress, start.rowsCopied(), workers);
        run.start();
        ChunkProgress end = leases.progress(m, plan.planId());
        BackfillPlan finalPlan = leases.markCompleted(m, plan.planId());
        if (finalPlan.planId() != plan.planId()) {
            throw new DecantException(ErrorCode.FAILURE, "the backfill of " + m + " was restarted by another process"
                    + " (plan " + finalPlan.planId() + " replaced plan " + plan.planId() + "); this process stopped and"
                    + " that one carries on");
        }
        record(control, finalPlan, end, finalPlan.completed());
        return new BackfillResult(m, plan.phaseVersion(), finalPlan.completed(), resumed, run.rows.get(), run.chunks.get(),
                run.merged.get(), run.redone.get(), end.rowsCopied(), end.chunksTotal(), workers, copier.method(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * A process on this host that died (kill -9, a crash) leaves its chunks leased until the lease
     * runs out; its pid tells that it is gone, so its chunks are given back at once.
     */
    private void releaseLeasesOfDeadLocalProcesses(ChunkLeases leases, BackfillPlan plan, ProgressListener progress) {
        for (ChunkStatus c : leases.chunks(plan.migration(), plan.planId())) {
            if ("leased".equals(c.state()) && LocalProcesses.gone(c.owner())) {
                leases.release(new ChunkLease(plan.migration(), plan.planId(), c.chunkNo(), c.range(), c.owner(), c.attempts()));
                progress.message("chunk " + c.chunkNo() + " was leased by " + c.owner() + ", a process on this host, which is"
                        + " gone; taking it over");
            }
        }
    }

    /**
     * A copy made without row locks by a worker of an earlier plan (replaced by a restart or a new
     * DUAL_WRITE stint) whose check may never have run: nobody leases its chunk any more, so it is
     * settled here, before this plan's workers start.
     */
    private static void settleUncheckedCopiesOfOtherPlans(ChunkLeases leases, ChunkCopier copier, BackfillPlan plan,
                                                          ProgressListener progress) {
        for (UncheckedCopy u : leases.uncheckedCopies(plan.migration())) {
            if (u.planId() != plan.planId()) {
                progress.message("settling an unchecked copy of chunk " + u.chunkNo() + " " + u.range() + " left by plan "
                        + u.planId());
                copier.settle(u.range(), u.mark());
                leases.forgetUncheckedCopy(u);
            }
        }
    }

    private String describeNewPlan(BackfillPlan plan, Optional<BackfillPlan> before, MigrationState state) {
        String why = before.isEmpty() ? "" : setup.restart() ? " (restarted)"
                : before.get().dualWriteVersion() != state.dualWriteVersion()
                ? " (the migration re-entered DUAL_WRITE since the last backfill, so it starts over)" : "";
        int first = plan.chunksTotal() - 1; // the open-ended tail aside
        return "planned the backfill of " + setup.migration() + ": " + (first < ChunkPlanner.FIRST_BOUNDARIES
                ? plan.chunksTotal() + " chunks of up to " + plan.chunkRows() + " rows, about " + plan.rowsEstimate() + " rows"
                : "the first " + first + " chunks of up to " + plan.chunkRows() + " rows, the rest as a worker walks the key on")
                + why;
    }

    /**
     * Workers hold a source and a target connection while copying, and the control store's briefly
     * between chunks: no more workers than the pools can serve at once.
     */
    private int workerCount(ProgressListener progress) {
        int wanted = setup.settings().workers();
        String src = setup.source().config().name();
        String tgt = setup.target().config().name();
        String ctl = setup.controlStore().config().name();
        int fit = wanted;
        for (StoreConnection s : List.of(setup.source(), setup.target(), setup.controlStore())) {
            String name = s.config().name();
            int perWorker = (name.equals(src) ? 1 : 0) + (name.equals(tgt) ? 1 : 0);
            int reserve = name.equals(ctl) ? 1 : 0;
            if (perWorker > 0) {
                fit = Math.min(fit, Math.max(1, (s.config().poolSize() - reserve) / perWorker));
            }
        }
        if (fit < wanted) {
            progress.message("running " + fit + " workers instead of " + wanted + ": the connection pools (pool-size)"
                    + " serve no more at once");
        }
        return fit;
    }

    private void record(ControlStore control, BackfillPlan plan, ChunkProgress p, boolean completed) {
        control.evidence().recordBackfill(new BackfillRecord(plan.migration(), plan.phaseVersion(), plan.startedAt(),
                completed ? plan.completedAt() : null, p.rowsCopied(), Math.max(plan.rowsEstimate(), p.rowsCopied()),
                p.chunksDone(), p.chunksTotal()));
    }

    /** One run's workers and counters. */
    private final class Run {
        private final BackfillPlan plan;
        private final ChunkPlanner planner;
        private final ChunkLeases leases;
        private final ChunkCopier copier;
        private final ProgressListener progress;
        private final long rowsBefore;
        private final int workers;
        private final TokenBucket bucket;
        private final AtomicLong rows = new AtomicLong();
        private final AtomicLong chunks = new AtomicLong();
        private final AtomicLong merged = new AtomicLong();
        private final AtomicLong redone = new AtomicLong();
        /** Chunks this process's workers hold a lease on (copying, or copied and not yet checkpointed). */
        private final java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();
        private final AtomicLong lastRecord = new AtomicLong(System.nanoTime());
        private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        private final String task;
        /** This process's workers walking the key on from an open-ended tail: more chunks are coming. */
        private final java.util.concurrent.atomic.AtomicInteger walking = new java.util.concurrent.atomic.AtomicInteger();
        /** The plan's row estimate, grown by the chunks the walk on stores. */
        private final AtomicLong estimate;

        Run(BackfillPlan plan, ChunkPlanner planner, ChunkLeases leases, ChunkCopier copier, ProgressListener progress,
            long rowsBefore, int workers) {
            this.plan = plan;
            this.planner = planner;
            this.estimate = new AtomicLong(plan.rowsEstimate());
            this.leases = leases;
            this.copier = copier;
            this.progress = progress;
            this.rowsBefore = rowsBefore;
            this.workers = workers;
            long rate = setup.settings().maxRowsPerSecond();
            this.bucket = new TokenBucket(rate, Math.max(rate, plan.chunkRows()));
            this.task = "backfill " + plan.migration();
        }

        void start() {
            progress.update(task, rowsBefore, estimate.get());
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                String id = owner + "#" + w;
                Thread t = new Thread(() -> work(id), "decant-backfill-" + plan.migration() + "-" + w);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            Thread sampler = setup.settings().backsOff() ? startLoadSampler(threads) : null;
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure.compareAndSet(null, new DecantException(ErrorCode.FAILURE, "interrupted; the backfill stopped"
                            + " and resumes from its checkpoints when run again", e));
                    threads.forEach(Thread::interrupt);
                }
            }
            if (sampler != null) {
                sampler.interrupt();
            }
            RuntimeException e = failure.get();
            if (e != null) {
                throw e instanceof DecantException de && de.code() != ErrorCode.FAILURE ? de
                        : new DecantException(ErrorCode.FAILURE, "the backfill of " + plan.migration() + " failed: "
                        + e.getMessage() + "; the chunks done are checkpointed: run it again to resume", e);
            }
        }

        private void work(String id) {
            Duration lease = setup.settings().leaseTimeout();
            long idleMillis = Math.max(50, Math.min(1000, lease.toMillis() / 4));
            Copied done = null; // copied, not yet checkpointed: checkpointed with the next claim
            try {
                while (failure.get() == null && !Thread.currentThread().isInterrupted()) {
                    // throttle before claiming, so no lease is held while waiting for tokens
                    long reserved = bucket.unlimited() ? 0 : plan.chunkRows();
                    long wait = bucket.reserve(reserved, System.nanoTime());
                    Optional<ChunkLease> claimed;
                    if (done != null && wait == 0) {
                        ChunkHandoff handoff = leases.completeAndClaim(done.lease(), done.copy().rows(), id, lease);
                        checkpointed(done, handoff.completed());
                        claimed = handoff.next();
                    } else {
                        if (done != null) {
                            checkpointed(done, leases.complete(done.lease(), done.copy().rows()));
                        }
                        TokenBucket.sleep(wait);
                        claimed = leases.claim(plan.migration(), plan.planId(), id, lease);
                    }
                    done = null;
                    if (claimed.isEmpty()) {
                        bucket.refund(reserved);
                        ChunkProgress p = leases.progress(plan.migration(), plan.planId());
                        if (walking.get() > 0) { // read after the progress: a claim of the tail before ours has counted by now
                            Thread.sleep(10); // a worker of this process walks the key on: its chunks are coming
                            continue;
                        }
                        if (p.allDone() || p.chunksTotal() == 0) {
                            return;
                        }
                        if (p.chunksLeased() > 0 && p.chunksLeased() <= held.get()) {
                            return; // the rest is in this process's other workers' hands
                        }
                        // chunks leased by other processes: wait, and take them over if their lease runs out
                        Thread.sleep(p.chunksLeased() == 0 ? 50 : idleMillis);
                        continue;
                    }
                    held.incrementAndGet();
                    ChunkLease chunk = claimed.get();
                    ChunkCopy copy;
                    try {
                        if (chunk.range().upTo().isEmpty()) {
                            Optional<ChunkLease> walked = walkOn(chunk);
                            if (walked.isEmpty()) {
                                held.decrementAndGet(); // the tail's lease ran out while walking: its new holder walks on
                                bucket.refund(reserved);
                                continue;
                            }
                            chunk = walked.get();
                        }
                        copy = copy(chunk);
                    } catch (RuntimeException e) {
                        held.decrementAndGet();
                        throw e;
                    }
                    bucket.refund(reserved - copy.rows());
                    done = new Copied(chunk, copy);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            } finally {
                if (done != null) {
                    try {
                        checkpointed(done, leases.complete(done.lease(), done.copy().rows()));
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }
        }

        /**
         * Samples the source's load every {@link #LOAD_SAMPLE_EVERY} while the workers run, and sets the
         * token bucket's rate by {@link LoadBackOff}. A failed sample is reported once and skipped.
         */
        private Thread startLoadSampler(List<Thread> workerThreads) {
            BackfillSettings s = setup.settings();
            LoadBackOff backOff = new LoadBackOff(s.maxRowsPerSecond());
            Thread t = new Thread(() -> {
                long lastRows = rows.get();
                long lastNanos = System.nanoTime();
                boolean failedBefore = false;
                while (!Thread.currentThread().isInterrupted() && workerThreads.stream().anyMatch(Thread::isAlive)) {
                    try {
                        Thread.sleep(LOAD_SAMPLE_EVERY.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                    SourceLoad load;
                    try {
                        load = setup.source().backfill().measureLoad();
                    } catch (RuntimeException e) {
                        if (!failedBefore) {
                            progress.message("could not measure the source's load (" + e.getMessage() + "); the backfill"
                                    + " goes on without backing off until it can");
                            failedBefore = true;
                        }
                        continue;
                    }
                    long now = System.nanoTime();
                    long copied = rows.get();
                    double observed = (copied - lastRows) * 1e9 / Math.max(1, now - lastNanos);
                    lastRows = copied;
                    lastNanos = now;
                    String over = overLimit(load, s);
                    boolean wasBackingOff = backOff.backingOff();
                    long rate = backOff.next(over != null, observed);
                    bucket.setRate(rate, now);
                    if (over != null) {
                        progress.message("the source is busy (" + over + "): backfill slowed to " + rate + " rows/s");
                    } else if (wasBackingOff && !backOff.backingOff()) {
                        progress.message("the source's load is back under its limits: backfill back to "
                                + (rate == 0 ? "unthrottled" : rate + " rows/s"));
                    }
                }
            }, "decant-backfill-" + plan.migration() + "-load");
            t.setDaemon(true);
            t.start();
            return t;
        }

        /**
         * A chunk claimed again (its worker failed, or died and its lease ran out) may hold a copy
         * made without row locks whose check never ran: it is settled before the chunk is copied again.
         */
        private void settleEarlierCopies(ChunkLease lease) {
            for (UncheckedCopy u : leases.uncheckedCopies(plan.migration())) {
                if (u.planId() == lease.planId() && u.chunkNo() == lease.chunkNo()) {
                    copier.settle(u.range(), u.mark());
                    leases.forgetUncheckedCopy(u);
                }
            }
        }

        /**
         * Walks the key on from the open-ended chunk {@code tail} holds, storing the chunks found step by
         * step ({@link ChunkLeases#extendTail}) while the other workers copy them, until the key ends:
         * returns the tail's lease with what is left of its range, the last chunk, to be copied. Empty
         * when the lease was lost meanwhile (or the run failed elsewhere); on failure gives the lease
         * back and rethrows.
         */
        private Optional<ChunkLease> walkOn(ChunkLease tail) {
            ChunkLease current = tail;
            walking.incrementAndGet();
            try {
                if (tail.attempt() > 1) {
                    settleEarlierCopies(tail); // an earlier holder's copy covered the range from the old start
                }
                while (failure.get() == null) {
                    List<Key> next = planner.walkOn(current.range().after(), plan.chunkRows());
                    if (next.isEmpty()) {
                        return Optional.of(current);
                    }
                    Optional<ChunkLease> moved = leases.extendTail(current, next, plan.chunkRows(),
                            setup.settings().leaseTimeout());
                    if (moved.isEmpty()) {
                        return Optional.empty();
                    }
                    current = moved.get();
                    estimate.addAndGet((long) next.size() * plan.chunkRows());
                    if (next.size() < ChunkPlanner.BOUNDARIES_PER_STEP) {
                        return Optional.of(current); // the key ended within this step
                    }
                }
                leases.release(current);
                return Optional.empty();
            } catch (RuntimeException e) {
                leases.release(current);
                throw e;
            } finally {
                walking.decrementAndGet();
            }
        }

        /** Copies a claimed chunk; on failure gives the lease back and rethrows. */
        private ChunkCopy copy(ChunkLease lease) {
            try {
                if (lease.attempt() > 1) {
                    settleEarlierCopies(lease);
                }
                return copier.copy(lease.range(), mark -> leases.recordUncheckedCopy(lease, mark));
            } catch (RuntimeException e) {
                leases.release(lease);
                throw e;
            }
        }

        /** Counts a copied chunk once its checkpoint was attempted ({@code completed}: it was stored). */
        private void checkpointed(Copied done, boolean completed) {
            held.decrementAndGet();
            ChunkLease lease = done.lease();
            ChunkCopy copy = done.copy();
            if (!completed) {
                progress.message("chunk " + lease.chunkNo() + " " + lease.range() + ": the lease ran out before the copy"
                        + " finished and another worker took it over; its copy is the one that counts");
                return;
            }
            rows.addAndGet(copy.rows());
            chunks.incrementAndGet();
            setup.meters().backfillChunk(copy.rows(), copy.merged());
            if (copy.merged()) {
                merged.incrementAndGet();
            }
            if (copy.redone()) {
                redone.incrementAndGet();
            }
            progress.update(task, rowsBefore + rows.get(), Math.max(estimate.get(), rowsBefore + rows.get()));
            long now = System.nanoTime();
            long last = lastRecord.get();
            if (now - last >= RECORD_EVERY.toNanos() && lastRecord.compareAndSet(last, now)) {
                record(setup.control(), plan, leases.progress(plan.migration(), plan.planId()), false);
            }
        }
    }

    /** Which limit {@code load} exceeds, described, or null when none. */
    static String overLimit(SourceLoad load, BackfillSettings s) {
        if (s.maxSourceLoad() > 0 && load.runningStatements().isPresent()
                && load.runningStatements().getAsLong() > s.maxSourceLoad()) {
            return load.runningStatements().getAsLong() + " statements running, max-source-load " + s.maxSourceLoad();
        }
        if (!s.maxSourceLag().isZero() && load.replicationLag().isPresent()
                && load.replicationLag().get().compareTo(s.maxSourceLag()) > 0) {
            return "a standby replays " + load.replicationLag().get().toMillis() + " ms behind, max-source-lag "
                    + s.maxSourceLag().toMillis() + " ms";
        }
        return null;
    }

    /** A chunk a worker copied, waiting for its checkpoint. */
    private record Copied(ChunkLease lease, ChunkCopy copy) {
    }
}
