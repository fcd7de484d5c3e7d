package io.decant.internal.routing;

import io.decant.control.ShadowCounts;
import io.decant.metrics.ShadowOutcome;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Shadow comparison counts per phase version, four separate counters, never folded together.
 * {@link #drain()} takes the deltas to flush to the control store under the version they were seen in.
 * Counters of a version are kept for the instance's life (phase versions are few), so no count can
 * land in counters that were just dropped.
 */
public final class ShadowTally {
    private final ConcurrentHashMap<Long, Counters> byVersion = new ConcurrentHashMap<>();

    private static final class Counters {
        final LongAdder[] counts = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};
    }

    public void count(long version, ShadowOutcome outcome) {
        byVersion.computeIfAbsent(version, v -> new Counters()).counts[outcome.ordinal()].increment();
    }

    /** The counts since the last drain, by phase version (versions with nothing new are left out). */
    public Map<Long, ShadowCounts> drain() {
        Map<Long, ShadowCounts> out = new LinkedHashMap<>();
        for (var e : byVersion.entrySet()) {
            LongAdder[] c = e.getValue().counts;
            ShadowCounts d = new ShadowCounts(c[ShadowOutcome.MATCHED.ordinal()].sumThenReset(),
                    c[ShadowOutcome.MISMATCHED.ordinal()].sumThenReset(), c[ShadowOutcome.IGNORED.ordinal()].sumThenReset(),
                    c[ShadowOutcome.ERRORED.ordinal()].sumThenReset());
            if (!d.isZero()) {
                out.put(e.getKey(), d);
            }
        }
        return out;
    }

    /** Adds back deltas that could not be flushed. */
    public void restore(long version, ShadowCounts d) {
        Counters c = byVersion.computeIfAbsent(version, v -> new Counters());
        c.counts[ShadowOutcome.MATCHED.ordinal()].add(d.matched());
        c.counts[ShadowOutcome.MISMATCHED.ordinal()].add(d.mismatched());
        c.counts[ShadowOutcome.IGNORED.ordinal()].add(d.ignored());
        c.counts[ShadowOutcome.ERRORED.ordinal()].add(d.errored());
    }
}
