package io.decant.internal.phase;

import io.decant.Phase;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.LongAdder;

/**
 * Which phase an instance acts on, and which phase version it may acknowledge. Every call enters
 * the current epoch (phase + version) and leaves it when done. An instance acknowledges version V
 * only when every call that started under an older version has finished: the acknowledged epoch is
 * the oldest one still running calls, or the current one when none is.
 *
 * <p>{@link #enter()} is lock-free: an increment, a volatile read and a compare. A call that raced
 * a phase change retries on the new epoch, so no call runs under an epoch that was already counted
 * as drained.
 */
public final class EpochTracker {
    private volatile Epoch current;
    private final ArrayDeque<Epoch> older = new ArrayDeque<>();

    public EpochTracker(Phase phase, long version) {
        this.current = new Epoch(phase, version);
    }

    /** One phase version as seen by this instance, with its calls in flight. */
    public static final class Epoch {
        private final Phase phase;
        private final long version;
        private final LongAdder inFlight = new LongAdder();

        Epoch(Phase phase, long version) {
            this.phase = phase;
            this.version = version;
        }

        public Phase phase() {
            return phase;
        }

        public long version() {
            return version;
        }

        boolean drained() {
            return inFlight.sum() == 0;
        }

        @Override
        public String toString() {
            return phase + "@" + version;
        }
    }

    /** Starts a call: returns the epoch it runs under. Pair with {@link #exit(Epoch)} in a finally block. */
    public Epoch enter() {
        for (;;) {
            Epoch e = current;
            e.inFlight.increment();
            if (current == e) {
                return e;
            }
            e.inFlight.decrement();
        }
    }

    public void exit(Epoch e) {
        e.inFlight.decrement();
    }

    public Epoch current() {
        return current;
    }

    /** Starts a newer phase version; returns false (and changes nothing) when it is not newer. */
    public synchronized boolean moveTo(Phase phase, long version) {
        Epoch c = current;
        if (version <= c.version) {
            return false;
        }
        older.addLast(c);
        current = new Epoch(phase, version);
        return true;
    }

    /** The newest epoch whose older epochs have all drained: the one this instance may acknowledge. */
    public synchronized Epoch acknowledged() {
        while (!older.isEmpty() && older.peekFirst().drained()) {
            older.removeFirst();
        }
        return older.isEmpty() ? current : older.peekFirst();
    }
}
