package io.decant.internal.phase;

import io.decant.InstanceFencedException;
import java.time.Duration;

/**
 * This instance's lease on the phase it acts on (the project's guarantees, "Fencing"). Every
 * successful phase poll renews it, from the moment the poll was <em>sent</em>, on this process's
 * monotonic clock. It lasts {@code dead-after} minus a safety margin of {@value #MARGIN_PERCENT}%:
 * the control store treats the instance as gone once it has not renewed for {@code dead-after} by its
 * own clock, so as long as the two clocks drift apart by less than the margin — they need not agree
 * on the time, only run at nearly the same rate — the instance has stopped acting on its old phase
 * before anyone stops waiting for it.
 *
 * <p>A call records the lease's <em>generation</em> when it starts and checks the lease before each
 * store write and before it returns. A renewal whose reply arrives after the lease had lapsed starts
 * a new generation, so a call that was running while the lease lapsed (the process was paused, or
 * cut off from the control store) fails even though the lease is valid again: the control store may
 * have moved on without it in the meantime.
 *
 * <p>What the lease cannot cover: a pause that starts after a check and before the write reaches the
 * database, and lasts longer than the margin. The margin is sized for that too; verification is the
 * backstop.
 */
public final class Lease {
    /** The safety margin, as a share of {@code dead-after}. */
    public static final int MARGIN_PERCENT = 20;

    private final long durationNanos;
    private final String instanceId;
    /** When the poll that last renewed the lease was sent (System.nanoTime()). */
    private volatile long renewedAt;
    /** Bumped by a renewal that arrives after the lease had lapsed. Written before {@link #renewedAt}. */
    private volatile long generation;

    public Lease(Duration deadAfter, String instanceId) {
        this.durationNanos = deadAfter.toNanos() / 100 * (100 - MARGIN_PERCENT);
        this.instanceId = instanceId;
        this.renewedAt = System.nanoTime() - durationNanos - 1; // no lease before the first poll
    }

    /** How long a lease lasts: {@code dead-after} minus the margin. */
    public Duration duration() {
        return Duration.ofNanos(durationNanos);
    }

    /** A poll sent at {@code sentAt} (System.nanoTime()) succeeded. */
    public synchronized void renewed(long sentAt) {
        long now = System.nanoTime();
        if (now - renewedAt >= durationNanos) {
            generation++;
        }
        if (sentAt - renewedAt > 0) {
            renewedAt = sentAt;
        }
    }

    /** The generation a call starting now belongs to. */
    public long generation() {
        return generation;
    }

    /** True while the lease is valid and has not lapsed since generation {@code g}. */
    public boolean holds(long g) {
        long at = renewedAt; // read before the generation: a renewal writes them in the other order
        return System.nanoTime() - at < durationNanos && generation == g;
    }

    /** Throws {@link InstanceFencedException} unless {@link #holds(long)}. */
    public void check(long g, String migration, String when) {
        if (!holds(g)) {
            long age = (System.nanoTime() - renewedAt) / 1_000_000;
            throw new InstanceFencedException("migration " + migration + ": instance " + instanceId + " " + when
                    + ": it cannot prove its phase current (last successful phase poll " + age + " ms ago"
                    + (generation == g ? "" : ", and its lease lapsed while the call ran") + "; a lease lasts "
                    + duration().toMillis() + " ms). Check its connection to the control store; it polls again by itself");
        }
    }
}
