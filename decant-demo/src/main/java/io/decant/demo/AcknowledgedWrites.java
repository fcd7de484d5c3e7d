package io.decant.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The simulated monolith's memory of every write the library acknowledged: per key, the last
 * acknowledged value, or that it was deleted. Writes of one key are serialized through
 * {@link #lock(long)} (as row locks serialize them in a real application), so "last" is
 * well defined: the order of acknowledgements is the order of the ledger.
 */
public final class AcknowledgedWrites {
    private static final int STRIPES = 1024;

    /**
     * What the ledger knows of a key: the states the stores may hold for it, each a value or empty
     * for deleted. After an acknowledged write there is exactly one: the acknowledged value. A write
     * that failed (was not acknowledged) may or may not have taken effect, so it adds its attempted
     * state to the acceptable ones until the next acknowledged write settles the key again.
     */
    public record Entry(List<Optional<Order>> acceptable) {
        public Entry {
            acceptable = List.copyOf(acceptable);
        }

        /** True when the last write of the key was acknowledged: the stores must hold exactly that. */
        public boolean settled() {
            return acceptable.size() == 1;
        }

        /** The last acknowledged (or last attempted) state. */
        public Optional<Order> last() {
            return acceptable.get(acceptable.size() - 1);
        }

        public boolean accepts(Optional<Order> state) {
            return acceptable.contains(state);
        }
    }

    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    private final AtomicLong saves = new AtomicLong();
    private final AtomicLong deletes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    public AcknowledgedWrites() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** The lock that serializes writes of {@code id}; hold it from before the write until it is recorded. */
    public ReentrantLock lock(long id) {
        return locks[(int) Math.floorMod(id * 0x9E3779B97F4A7C15L >>> 20, (long) STRIPES)];
    }

    /** Records an acknowledged save. */
    public void saved(Order order) {
        entries.put(order.id(), new Entry(List.of(Optional.of(order))));
        saves.incrementAndGet();
    }

    /** Records an acknowledged delete. */
    public void deleted(long id) {
        entries.put(id, new Entry(List.of(Optional.empty())));
        deletes.incrementAndGet();
    }

    /**
     * Records a write that failed: the key may now hold {@code before} or {@code attempted}.
     *
     * @param before    the state before the write (for a key never written, its initial row)
     * @param attempted what the write tried to leave (empty for a delete)
     */
    public void failed(long id, Optional<Order> before, Optional<Order> attempted) {
        entries.compute(id, (k, e) -> {
            List<Optional<Order>> states = new ArrayList<>(e == null ? List.of(before) : e.acceptable());
            if (!states.contains(attempted)) {
                states.add(attempted);
            }
            return new Entry(states);
        });
        failures.incrementAndGet();
    }

    /** Keys whose last write failed, so either state is acceptable. */
    public long unsettled() {
        return entries.values().stream().filter(e -> !e.settled()).count();
    }

    public long failures() {
        return failures.get();
    }

    /** What the ledger knows of {@code id}; empty when the key was never written through the library. */
    public Optional<Entry> get(long id) {
        return Optional.ofNullable(entries.get(id));
    }

    /** A snapshot of every key written, by id. */
    public Map<Long, Entry> snapshot() {
        return Map.copyOf(entries);
    }

    public long saves() {
        return saves.get();
    }

    public long deletes() {
        return deletes.get();
    }

    public int keys() {
        return entries.size();
    }
}
