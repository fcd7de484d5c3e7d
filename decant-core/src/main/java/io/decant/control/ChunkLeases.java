package io.decant.control;

import io.decant.store.KeyRange;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Backfill plans and chunk leases kept in the control store, so that many workers in many
 * processes share one backfill with no coordinator: a worker claims a chunk ({@code FOR UPDATE
 * SKIP LOCKED}), copies it and marks it done; that mark is the checkpoint. A lease whose time ran
 * out (by the control store's clock) is taken over by the next claim. Every method is atomic.
 */
public interface ChunkLeases {

    /**
     * Emits a plan's chunk ranges, numbered in the order emitted: the open-ended tail first (chunk 0,
     * so that the first claim takes it and walks on, see {@link #extendTail}), then the others in key order.
     */
    @FunctionalInterface
    interface Planner {
        void plan(Consumer<KeyRange> chunks);
    }

    /** Creates the lease tables if they are missing (idempotent). */
    void ensureSchema();

    /** The migration's current plan, if one was made. */
    Optional<BackfillPlan> plan(String migration);

    /**
     * Holding the migration's plan lock (so concurrent processes plan once): returns the current
     * plan when there is one and {@code keep} accepts it; otherwise discards the old plan and its
     * chunks, stores the chunks {@code planner} emits under a new plan id and returns that plan.
     *
     * @param draft the new plan's versions, chunk size and row estimate; id, chunk count and start
     *              time are filled in by the store
     */
    BackfillPlan planOnce(String migration, Predicate<BackfillPlan> keep, BackfillPlan draft, Planner planner);

    /**
     * Extends the plan of the open-ended chunk {@code tail} (its range ends at +∞), leased by the
     * caller: stores the ranges from the tail's start to each of {@code boundaries} in turn —
     * {@code (start, b1], (b1, b2], …} — as pending chunks numbered after the plan's last, moves the
     * tail's start to the last boundary and renews its lease for {@code lease}; the plan's chunk count
     * grows by the chunks stored and its row estimate by {@code rowsPerChunk} each. One transaction.
     * Returns the tail's lease with its new range; empty, and nothing changes, when the lease was lost.
     */
    Optional<ChunkLease> extendTail(ChunkLease tail, List<io.decant.spi.Key> boundaries, long rowsPerChunk, Duration lease);

    /** Sets the new plan's row estimate once planning counted the keys. */
    void updateEstimate(String migration, long planId, long rowsEstimate);

    /**
     * Claims the first chunk of the plan that is pending, or whose lease expired, for {@code lease}.
     * Empty when every chunk is done or held by a live lease.
     */
    Optional<ChunkLease> claim(String migration, long planId, String owner, Duration lease);

    /**
     * Marks the leased chunk done with the rows copied: the checkpoint. The chunk's unchecked
     * copies are forgotten with it (the copier checked its own; a takeover settled the earlier
     * ones before copying). False, and nothing changes, when the lease was lost (taken over after
     * expiry, or the plan was replaced).
     */
    boolean complete(ChunkLease lease, long rowsCopied);

    /**
     * {@link #complete} of {@code done}, then {@link #claim} for {@code owner}, in one transaction:
     * a worker's checkpoint and its next claim in one round of the control store.
     */
    ChunkHandoff completeAndClaim(ChunkLease done, long rowsCopied, String owner, Duration lease);

    /**
     * Records an unchecked copy of the leased chunk under {@code mark}, committed before this
     * returns, while the lease is held: a claim that takes the chunk over afterwards sees it. False,
     * and nothing is recorded, when the lease was lost.
     */
    boolean recordUncheckedCopy(ChunkLease lease, String mark);

    /** Every unchecked copy recorded for the migration, of any plan. */
    List<UncheckedCopy> uncheckedCopies(String migration);

    /** Forgets an unchecked copy once it was settled. */
    void forgetUncheckedCopy(UncheckedCopy copy);

    /** Gives a chunk back after a failure, so another worker may take it at once. */
    void release(ChunkLease lease);

    /** Where the plan stands. */
    ChunkProgress progress(String migration, long planId);

    /** Stamps the plan completed (control store clock) if every chunk is done; returns the plan as stored. */
    BackfillPlan markCompleted(String migration, long planId);

    /** Every chunk of the plan by number: the open-ended tail first, then the others in key order (for status and tests). */
    List<ChunkStatus> chunks(String migration, long planId);
}
