package io.decant.demo;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of the simulated monolith, across its instances. */
public final class MonolithStats {
    final AtomicLong inserts = new AtomicLong();
    final AtomicLong updates = new AtomicLong();
    final AtomicLong deletes = new AtomicLong();
    final AtomicLong failedWrites = new AtomicLong();
    final AtomicLong crashedWrites = new AtomicLong();
    final AtomicLong reads = new AtomicLong();
    final AtomicLong failedReads = new AtomicLong();
    final AtomicLong earlierStamps = new AtomicLong();
    final AtomicLong earlierStampsJournaled = new AtomicLong();

    public long writes() {
        return inserts.get() + updates.get() + deletes.get();
    }

    public long reads() {
        return reads.get();
    }

    public long failedWrites() {
        return failedWrites.get();
    }

    public long crashedWrites() {
        return crashedWrites.get();
    }

    public long failedReads() {
        return failedReads.get();
    }

    /**
     * Acknowledged updates whose {@code updated_at} is earlier than the one the key's previous write
     * left (a host clock running ahead wrote that one): a version comparison orders them the wrong way.
     */
    public long earlierStamps() {
        return earlierStamps.get();
    }

    /** Of {@link #earlierStamps()}, those whose service write (the second) failed, so the library journaled the key. */
    public long earlierStampsJournaled() {
        return earlierStampsJournaled.get();
    }

    /** e.g. {@code 12,345 writes acknowledged (3,001 inserts, 8,200 updates, 1,144 deletes), 0 failed, 2 crashed, 40,210 reads}. */
    public String describe() {
        return String.format("%,d writes acknowledged (%,d inserts, %,d updates, %,d deletes), %,d failed, %,d crashed, %,d reads",
                writes(), inserts.get(), updates.get(), deletes.get(), failedWrites.get(), crashedWrites.get(), reads.get());
    }
}
