package io.decant.control;

import io.decant.spi.Key;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Full-table verification runs kept in the control store, so that any number of {@code decant
 * verify} processes share one run with no coordinator, and a run survives a killed process.
 *
 * <p>A run is started (or joined) under the migration's run lock. The process that started it
 * plans its spans while the others already compare: spans are added in small batches, each under
 * the planner's lease; a planner that died is replaced by the next process, which carries on after
 * the last planned span. A worker claims a pending span, or one whose lease ran out ({@code FOR
 * UPDATE SKIP LOCKED}, by the control store's clock), compares it and stores its result with the
 * span: that is the checkpoint. Every method is atomic.
 */
public interface VerifySpans {

    /** Where planning stands when a worker takes it over. */
    record PlanningPoint(int nextSpanNo, Optional<Key> after) {
    }

    /** Creates the tables if they are missing (idempotent). */
    void ensureSchema();

    /** The migration's current run, if one was started. */
    Optional<VerifyPlan> plan(String migration);

    /**
     * The migration's current run and where it stands, for {@code decant status}: read only, so
     * empty — rather than creating the tables — where no verification ever ran.
     */
    Optional<RunStatus> runStatus(String migration);

    /** A run and where it stands. */
    record RunStatus(VerifyPlan plan, SpanProgress progress) {
    }

    /**
     * Holding the migration's run lock (so concurrent processes agree on one run): returns the
     * current run when there is one and {@code keep} accepts it; otherwise discards it and its
     * spans and starts a new run with {@code draft}'s phase version, settings, sample limit and
     * span size, planned by {@code owner} under a lease of {@code lease}.
     */
    VerifyPlan startOrJoin(String migration, Predicate<VerifyPlan> keep, VerifyPlan draft, String owner, Duration lease);

    /**
     * Adds planned spans numbered from {@code firstSpanNo} and renews the planner's lease; with
     * {@code last}, planning is finished (only the last span may be open at its upper end). False,
     * and nothing changes, when {@code owner} no longer plans this run (taken over, or replaced).
     */
    boolean addSpans(VerifyPlan plan, String owner, int firstSpanNo, List<PlannedSpan> spans, Duration lease, boolean last);

    /**
     * Takes over the planning of an unfinished run whose planner's lease ran out, or whose planner
     * is {@code deadPlanner} (a process known to be gone): where to carry on, or empty when planning
     * is finished or in live hands.
     */
    Optional<PlanningPoint> takeOverPlanning(VerifyPlan plan, String owner, Duration lease, Optional<String> deadPlanner);

    /** Claims the first span that is pending, or whose lease expired. Empty when none is free now. */
    Optional<SpanLease> claim(VerifyPlan plan, String owner, Duration lease);

    /**
     * Marks the leased span done with its result: the checkpoint. False, and nothing changes, when
     * the lease was lost (taken over after expiry, or the run was replaced).
     */
    boolean complete(SpanLease lease, SpanResult result);

    /** Gives a span back (after a failure, or held by a process that is gone) so another worker takes it at once. */
    void release(String migration, long runId, int spanNo, String owner, int attempt);

    /** Where the run stands. */
    SpanProgress progress(String migration, long runId);

    /** Every planned span in key order (for taking over dead processes' spans, status and tests). */
    List<SpanStatus> spans(String migration, long runId);

    /** The sums over the run's done spans, with the first {@code sampleLimit} differences by key order. */
    SpanResult totals(String migration, long runId, int sampleLimit);

    /**
     * Stamps the run completed (control store clock) if planning finished and every span is done.
     * True only for the one call that stamped it, so exactly one process stores the verification.
     */
    boolean markCompleted(String migration, long runId);
}
