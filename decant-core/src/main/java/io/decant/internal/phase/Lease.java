package io.decant.internal.phase;

import io.decant.InstanceFencedException;
import io.decant.control.LeaseFence;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;

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
 * <p>The control store keeps a token per unbroken lease (a renewal that finds the lease lapsed, or a
 * sweeper that counted the instance as gone, replaces it). A call remembers the token it started under
 * and presents it ({@link #fence}) with the journal writes that can turn an entry's direction around,
 * and the control store checks it in the same transaction: so even a call paused right after its own
 * check cannot journal once others acted without it.
 *
 * <p>What the lease cannot cover: a pause that starts after a check and before the write reaches the
 * database, and lasts longer than the margin. The margin is sized for that too; verification is the
 * backstop.
 */
public final class Lease {
    /** The safety margin, as a share of {@code dead-after}. */
    public static final int MARGIN_PERCENT = 20;

    private static final SecureRandom TOKENS = new SecureRandom();

    private final long durationNanos;
    private final Duration deadAfter;
    private final String instanceId;
    /** Per migration, the control store's token of the lease as of the last renewal. */
    private volatile Map<String, Long> tokens = Map.of();
    /** When the poll that last renewed the lease was sent (System.nanoTime()). */
    private volatile long renewedAt;
    /** Bumped by a renewal that arrives after the lease had lapsed. Written before {@link #renewedAt}. */
    private volatile long generation;

    public Lease(Duration deadAfter, String instanceId) {
        this.durationNanos = deadAfter.toNanos() / 100 * (100 - MARGIN_PERCENT);
        this.deadAfter = deadAfter;
        this.instanceId = instanceId;
        this.renewedAt = System.nanoTime() - durationNanos - 1; // no lease before the first poll
    }

    /** How long a lease lasts: {@code dead-after} minus the margin. */
    public Duration duration() {
        return Duration.ofNanos(durationNanos);
    }

    /** A token to propose with the next renewal (taken only where the control store finds the lease lapsed). */
    public long proposeToken() {
        return TOKENS.nextLong();
    }

    /** A poll sent at {@code sentAt} (System.nanoTime()) succeeded and the control store holds these tokens. */
    public synchronized void renewed(long sentAt, Map<String, Long> grantedTokens) {
        tokens = Map.copyOf(grantedTokens); // before the lease counts as renewed: a call that sees it valid sees these
        renewed(sentAt);
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

    /** The token of the migration's lease as of the last renewal (0 before any). */
    public long token(String migration) {
        return tokens.getOrDefault(migration, 0L);
    }

    /** What a call that started under {@code token} presents with a fenced journal write. */
    public LeaseFence fence(long token) {
        return new LeaseFence(instanceId, token, deadAfter);
    }

    /** The exception of a call the control store fenced. */
    public InstanceFencedException fenced(String migration, String what) {
        return new InstanceFencedException("migration " + migration + ": instance " + instanceId + " " + what
                + ". It was counted as gone while the call ran (paused, or cut off from the control store); the call is"
                + " not acknowledged");
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
