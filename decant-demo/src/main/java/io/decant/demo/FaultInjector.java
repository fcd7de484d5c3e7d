package io.decant.demo;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The faults the demo injects: the orders service unreachable for a while (every call of the
 * monolith to it fails), and a process "crash" between the two writes of a dual write (the hook
 * the library calls there throws, as if the process died at that instant, leaving the intent
 * record behind).
 */
public final class FaultInjector {
    /** Thrown between the two writes of a dual write to simulate the process dying there. */
    public static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash() {
            super("simulated crash between the two writes of a dual write", null, false, false);
        }
    }

    private volatile boolean outage;
    private final AtomicInteger crashesArmed = new AtomicInteger();
    private final AtomicInteger crashes = new AtomicInteger();

    private final AtomicInteger refused = new AtomicInteger();

    /** Whether calls to the service fail now; counts the refused calls. */
    public boolean serviceUnreachable() {
        if (outage) {
            refused.incrementAndGet();
            return true;
        }
        return false;
    }

    /** Calls to the service refused by the outage so far. */
    public int refusedCalls() {
        return refused.get();
    }

    public void serviceOutage(boolean on) {
        outage = on;
    }

    /** The next {@code n} dual writes (of any instance using {@link #betweenWrites()}) crash between their writes. */
    public void armCrashes(int n) {
        crashesArmed.addAndGet(n);
    }

    /** The hook a library instance runs between the two writes of a dual write. */
    public Runnable betweenWrites() {
        return () -> {
            if (crashesArmed.get() > 0 && crashesArmed.getAndDecrement() > 0) {
                crashes.incrementAndGet();
                throw new SimulatedCrash();
            }
        };
    }

    /** Crashes that happened. */
    public int crashes() {
        return crashes.get();
    }
}
