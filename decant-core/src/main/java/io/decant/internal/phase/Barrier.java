package io.decant.internal.phase;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.config.Durations;
import io.decant.control.ControlStore;
import io.decant.control.InstanceStatus;
import io.decant.control.MigrationState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Waits until every live instance of a migration acknowledged a phase version. Dead instances (no
 * heartbeat for {@code deadAfter}) are named in messages and not waited for.
 */
public final class Barrier {
    private final ControlStore control;
    private final Duration deadAfter;
    private final Duration poll;

    public Barrier(ControlStore control, Duration deadAfter, Duration poll) {
        this.control = control;
        this.deadAfter = deadAfter;
        this.poll = poll;
    }

    /**
     * Returns the milliseconds waited; throws BARRIER_TIMEOUT naming each laggard when {@code wait}
     * passes first. A zero wait checks nothing.
     */
    public long await(MigrationState state, Duration wait) {
        if (wait.isZero() || wait.isNegative()) {
            return 0;
        }
        long start = System.nanoTime();
        long deadline = start + wait.toNanos();
        for (;;) {
            List<InstanceStatus> all = control.instances().list(state.migration());
            List<InstanceStatus> lagging = laggards(all, state.version(), deadAfter);
            if (lagging.isEmpty()) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            if (System.nanoTime() >= deadline) {
                throw timeout(state, wait, all, lagging);
            }
            try {
                Thread.sleep(Math.max(1, Math.min(poll.toMillis(), (deadline - System.nanoTime()) / 1_000_000 + 1)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DecantException(ErrorCode.BARRIER_TIMEOUT, "interrupted while waiting for the barrier of "
                        + state.migration() + " at version " + state.version());
            }
        }
    }

    /** Live instances that acknowledged an older version than {@code version}. */
    public static List<InstanceStatus> laggards(List<InstanceStatus> all, long version, Duration deadAfter) {
        List<InstanceStatus> out = new ArrayList<>();
        for (InstanceStatus i : all) {
            if (i.isLive(deadAfter) && i.ackedVersion() < version) {
                out.add(i);
            }
        }
        return out;
    }

    DecantException timeout(MigrationState state, Duration wait, List<InstanceStatus> all, List<InstanceStatus> lagging) {
        List<String> details = new ArrayList<>();
        for (InstanceStatus i : lagging) {
            details.add("laggard: " + Guards.describe(i) + ", last heartbeat " + i.heartbeatAge().toMillis() + "ms ago");
        }
        for (InstanceStatus i : all) {
            if (!i.isLive(deadAfter)) {
                details.add("dead (not waited for): " + Guards.describe(i) + ", no heartbeat for "
                        + Durations.format(i.heartbeatAge().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
            }
        }
        long live = all.stream().filter(i -> i.isLive(deadAfter)).count();
        List<String> names = lagging.stream().map(Guards::describe).toList();
        return new DecantException(ErrorCode.BARRIER_TIMEOUT, "migration " + state.migration() + " is at " + state.phase()
                + " (version " + state.version() + "), but after " + Durations.format(wait) + " " + lagging.size() + " of "
                + live + " live instance(s) had not acknowledged it: " + String.join("; ", names)
                + ". Check those processes (are they stuck or cut off from the control store?), then wait again with"
                + " decant advance --wait, or stop them", details, null);
    }
}
