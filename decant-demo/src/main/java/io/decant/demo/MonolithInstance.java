package io.decant.demo;

import io.decant.Decant;
import io.decant.Migration;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One process of the simulated monolith: one Decant library instance, its own connection pools
 * and DAOs, writer threads (inserts, updates, deletes) and reader threads, all going through
 * {@link Migration#write} and {@link Migration#read} exactly as application code would. Every write
 * the library acknowledges is recorded in the shared {@link AcknowledgedWrites} ledger.
 */
final class MonolithInstance implements AutoCloseable {
    private final String name;
    private final Decant decant;
    private final Migration orders;
    private final LegacyOrders legacy;
    private final OrderStore service;
    private final AcknowledgedWrites ledger;
    private final OrderGenerator generator;
    private final long initialRows;
    private final AtomicLong nextId;
    private final MonolithStats stats;
    private final List<Long> crashedKeys;
    private final long seed;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private volatile long pauseMicros;
    /** Null: each change is stamped after the key's previous stamp; else this host's clock, running this far ahead. */
    private volatile Duration clockAhead;

    MonolithInstance(String name, Decant decant, String migration, DemoDatabase monolithDb, OrdersService ordersService,
                     FaultInjector faults, int threadCount,
                     AcknowledgedWrites ledger, OrderGenerator generator, long initialRows, AtomicLong nextId,
                     MonolithStats stats, List<Long> crashedKeys, long seed, long pauseMicros) {
        this.name = name;
        this.decant = decant;
        this.orders = decant.migration(migration);
        this.legacy = new LegacyOrders(monolithDb, name + "-legacy", threadCount + 1);
        this.service = ordersService.client(name + "-service", threadCount + 1, faults::serviceUnreachable);
        this.ledger = ledger;
        this.generator = generator;
        this.initialRows = initialRows;
        this.nextId = nextId;
        this.stats = stats;
        this.crashedKeys = crashedKeys;
        this.seed = seed;
        this.pauseMicros = pauseMicros;
    }

    String name() {
        return name;
    }

    Decant decant() {
        return decant;
    }

    /**
     * From now on, writes stamp {@code updated_at} with this host's clock as it reads, running
     * {@code ahead} ahead of the real time (negative: behind), as code that sets {@code updated_at =
     * now()} does; a write can then carry an earlier stamp than the key's previous one.
     */
    void clockAhead(Duration ahead) {
        this.clockAhead = ahead;
    }

    /** From now on, each thread pauses {@code micros} on average between two calls. */
    void pace(long micros) {
        this.pauseMicros = micros;
    }

    private Instant hostNow() {
        Duration ahead = clockAhead;
        return ahead == null ? Instant.now() : Instant.now().plus(ahead);
    }

    void start(int writers, int readers) {
        running = true;
        for (int i = 0; i < writers; i++) {
            SplittableRandom r = new SplittableRandom(seed * 31 + i);
            threads.add(daemon(name + "-writer-" + i, () -> writeLoop(r)));
        }
        for (int i = 0; i < readers; i++) {
            SplittableRandom r = new SplittableRandom(seed * 37 + 1000 + i);
            threads.add(daemon(name + "-reader-" + i, () -> readLoop(r)));
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Stops the threads after their current call and waits for them. */
    void stop() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.clear();
    }

    private void writeLoop(SplittableRandom r) {
        while (running) {
            int op = r.nextInt(100);
            try {
                if (op < 20) {
                    insert(r);
                } else if (op < 88) {
                    update(r);
                } else {
                    delete(r);
                }
            } catch (RuntimeException e) {
                // counted in the operation; the monolith keeps serving
            }
            pause(r);
        }
    }

    private void insert(SplittableRandom r) {
        long id = nextId.incrementAndGet();
        Order placed = generator.placed(id, r, hostNow());
        write(id, Optional.empty(), Optional.of(placed), stats.inserts);
    }

    private void update(SplittableRandom r) {
        long id = 1 + r.nextLong(nextId.get());
        ReentrantLock lock = ledger.lock(id);
        lock.lock();
        try {
            Optional<Order> before = current(id);
            if (before.isEmpty()) {
                return;
            }
            Order after = clockAhead == null ? generator.changed(before.get(), r, Instant.now())
                    : generator.changedOnHostClock(before.get(), r, hostNow());
            write(id, before, Optional.of(after), stats.updates);
        } finally {
            lock.unlock();
        }
    }

    private void delete(SplittableRandom r) {
        long id = 1 + r.nextLong(nextId.get());
        ReentrantLock lock = ledger.lock(id);
        lock.lock();
        try {
            Optional<Order> before = current(id);
            if (before.isEmpty()) {
                return;
            }
            write(id, before, Optional.empty(), stats.deletes);
        } finally {
            lock.unlock();
        }
    }

    /** What the monolith believes the key holds: the ledger's last state, else the initial row. */
    private Optional<Order> current(long id) {
        return ledger.get(id).map(AcknowledgedWrites.Entry::last)
                .orElseGet(() -> id <= initialRows ? Optional.of(generator.initial(id)) : Optional.empty());
    }

    /** One write of {@code o} through this instance (an insert or an update), recorded in the ledger; true when acknowledged. */
    boolean save(Order o) {
        ReentrantLock lock = ledger.lock(o.id());
        lock.lock();
        try {
            Optional<Order> before = current(o.id());
            return write(o.id(), before, Optional.of(o), before.isPresent() ? stats.updates : stats.inserts);
        } finally {
            lock.unlock();
        }
    }

    private boolean write(long id, Optional<Order> before, Optional<Order> after, AtomicLong counter) {
        ReentrantLock lock = ledger.lock(id);
        lock.lock();
        boolean[] serviceFailed = new boolean[1];
        try {
            if (after.isPresent()) {
                Order o = after.get();
                orders.write(id, () -> call(() -> {
                    legacy.save(o);
                    return true;
                }), () -> noting(serviceFailed, () -> call(() -> {
                    service.save(o);
                    return true;
                })));
                ledger.saved(o);
                if (before.isPresent() && o.updatedAt().isBefore(before.get().updatedAt())) {
                    stats.earlierStamps.incrementAndGet();
                    if (serviceFailed[0]) {
                        stats.earlierStampsJournaled.incrementAndGet();
                    }
                }
            } else {
                orders.write(id, () -> call(() -> legacy.delete(id)), () -> noting(serviceFailed, () -> call(() -> service.delete(id))));
                ledger.deleted(id);
            }
            counter.incrementAndGet();
            return true;
        } catch (FaultInjector.SimulatedCrash crash) {
            ledger.failed(id, before, after);
            stats.crashedWrites.incrementAndGet();
            synchronized (crashedKeys) {
                crashedKeys.add(id);
            }
        } catch (RuntimeException e) {
            ledger.failed(id, before, after);
            stats.failedWrites.incrementAndGet();
        } finally {
            lock.unlock();
        }
        return false;
    }

    /**
     * Runs a service call, noting in {@code failed} when it threw: in an acknowledged dual write whose
     * second write is the service's, the library journaled the key (legacy → service).
     */
    private static <T> T noting(boolean[] failed, java.util.function.Supplier<T> serviceCall) {
        try {
            return serviceCall.get();
        } catch (RuntimeException e) {
            failed[0] = true;
            throw e;
        }
    }

    private void readLoop(SplittableRandom r) {
        while (running) {
            long id = 1 + r.nextLong(nextId.get());
            try {
                orders.read(id, () -> call(() -> legacy.find(id)), () -> call(() -> service.find(id)));
                stats.reads.incrementAndGet();
            } catch (RuntimeException e) {
                stats.failedReads.incrementAndGet();
            }
            pause(r);
        }
    }

    private void pause(SplittableRandom r) {
        long micros = pauseMicros;
        if (micros > 0) {
            try {
                TimeUnit.MICROSECONDS.sleep(r.nextLong(micros * 2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    /** A DAO call as the library's write and read paths take it: failures surface as unchecked exceptions. */
    private interface StoreCall<T> {
        T run() throws SQLException, IOException;
    }

    private static <T> T call(StoreCall<T> c) {
        try {
            return c.run();
        } catch (SQLException | IOException e) {
            throw new StoreCallFailed(e);
        }
    }

    /** A DAO call failed with an {@link SQLException} (a database) or an {@link IOException} (the service's API). */
    static final class StoreCallFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreCallFailed(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    @Override
    public void close() {
        stop();
        try {
            decant.close();
        } finally {
            legacy.close();
            service.close();
        }
    }
}
