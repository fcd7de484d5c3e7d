package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.AdvanceRequest;
import io.decant.Decant;
import io.decant.Migration;
import io.decant.Phase;
import io.decant.RepairResult;
import io.decant.it.TwoStores.Order;
import io.decant.it.TwoStores.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Eight writer threads in two library instances insert, update, delete and read overlapping keys
 * while an operator moves the phase forward and back (across the authority flip and out of
 * NEW_ONLY), with store writes failing at random and a background repairer running. After a final
 * repair the two tables have no difference by independent SQL.
 *
 * <p>Writes of one key are serialized by a per-key lock, standing for the row lock the monolith
 * holds in its own database: two unsynchronized writes of one key can reach the stores in
 * different orders with no failure to journal, which the design leaves to shadow reads and
 * verification, not to the journal.
 */
class ConcurrentWritersIT {
    static final int KEYS = 40;
    static final int WRITERS_PER_INSTANCE = 4;

    static List<Topology> topologies() {
        return TwoStores.crossTopologies();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void concurrentWritersWhilePhasesMoveForwardAndBackConvergeAfterRepair(Topology topology) throws Exception {
        try (TwoStores fx = new TwoStores(topology)) {
            Decant ops = fx.open();
            ops.init();
            fx.setPhase(Phase.DUAL_WRITE);
            Decant a = fx.open(Decant.builder(fx.config()).instanceId("monolith-a"));
            Decant b = fx.open(Decant.builder(fx.config()).instanceId("monolith-b").backgroundRepair(true));
            List<Migration> handles = List.of(a.migration(TwoStores.MIGRATION), b.migration(TwoStores.MIGRATION));
            for (Migration m : handles) {
                TwoStores.awaitVersion(m, fx.state().version());
            }

            ReentrantLock[] rowLocks = new ReentrantLock[KEYS + 1];
            for (int i = 0; i < rowLocks.length; i++) {
                rowLocks[i] = new ReentrantLock();
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong acknowledged = new AtomicLong();
            AtomicLong injected = new AtomicLong();
            AtomicLong reads = new AtomicLong();
            ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
            // every state each key has been written to (absent at first and after a delete): a read
            // must return one of them, never a value that no writer of that key ever wrote
            List<Set<Optional<Order>>> written = new ArrayList<>();
            for (int i = 0; i <= KEYS; i++) {
                Set<Optional<Order>> states = ConcurrentHashMap.newKeySet();
                states.add(Optional.empty());
                written.add(states);
            }
            List<Thread> writers = new ArrayList<>();
            for (Migration orders : handles) {
                for (int w = 0; w < WRITERS_PER_INSTANCE; w++) {
                    Thread t = new Thread(() -> {
                        ThreadLocalRandom rnd = ThreadLocalRandom.current();
                        while (!stop.get()) {
                            long key = 1 + rnd.nextInt(KEYS);
                            int op = rnd.nextInt(10);
                            rowLocks[(int) key].lock();
                            try {
                                if (op < 3) {
                                    Optional<Order> l = orders.read(key, () -> fx.legacy.rows().entrySet().stream()
                                            .filter(e -> e.getKey() == key).map(e -> e.getValue()).findFirst(), () -> fx.target.find(key));
                                    reads.incrementAndGet();
                                    assertThat(written.get((int) key)).as("states written to key %d", key).contains(l);
                                    continue;
                                }
                                Order o = new Order(key, rnd.nextInt(100), rnd.nextLong(1_000_000), op < 8 ? "NEW" : "PAID");
                                boolean delete = op == 9;
                                written.get((int) key).add(delete ? Optional.empty() : Optional.of(o)); // before either store has it
                                boolean failLegacy = rnd.nextInt(100) < 4;
                                boolean failNew = !failLegacy && rnd.nextInt(100) < 4;
                                Runnable legacyWrite = () -> {
                                    if (failLegacy) {
                                        injected.incrementAndGet();
                                        throw new IllegalStateException("legacy write failed (injected)");
                                    }
                                    if (delete) {
                                        fx.legacy.delete(key);
                                    } else {
                                        fx.legacy.upsert(o);
                                    }
                                };
                                Runnable newWrite = () -> {
                                    if (failNew) {
                                        injected.incrementAndGet();
                                        throw new IllegalStateException("new write failed (injected)");
                                    }
                                    if (delete) {
                                        fx.target.delete(key);
                                    } else {
                                        fx.target.upsert(o);
                                    }
                                };
                                try {
                                    orders.write(key, legacyWrite, newWrite);
                                    acknowledged.incrementAndGet();
                                } catch (IllegalStateException e) {
                                    if (!e.getMessage().contains("(injected)")) {
                                        note(unexpected, e);
                                    }
                                }
                            } catch (Throwable e) {
                                note(unexpected, e);
                            } finally {
                                rowLocks[(int) key].unlock();
                            }
                        }
                    }, "writer");
                    writers.add(t);
                    t.start();
                }
            }

            Duration wait = Duration.ofSeconds(20);
            List<Phase> path = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (Phase p : List.of(Phase.SHADOW_READ, Phase.READ_NEW, Phase.NEW_ONLY)) {
                    TwoStores.sleep(400);
                    ops.advance(TwoStores.MIGRATION, new AdvanceRequest(Optional.of(p), wait, true, "concurrency test", "ops@it"));
                    path.add(p);
                }
                for (Phase p : List.of(Phase.READ_NEW, Phase.SHADOW_READ, Phase.DUAL_WRITE)) {
                    TwoStores.sleep(400);
                    ops.rollback(TwoStores.MIGRATION, p, "concurrency test", wait, "ops@it");
                    path.add(p);
                }
            }
            TwoStores.sleep(400);
            stop.set(true);
            for (Thread t : writers) {
                t.join();
            }

            assertThat(unexpected).as("unexpected failures (the first %d kept)", KEPT_FAILURES).isEmpty();
            assertThat(path).endsWith(Phase.DUAL_WRITE);
            assertThat(acknowledged.get()).as("acknowledged writes").isGreaterThan(100);
            assertThat(injected.get()).as("injected store failures").isGreaterThan(0);
            assertThat(reads.get()).isPositive();

            a.close();
            b.close(); // stops its background repairer after the batch it holds
            RepairResult r = ops.repair(TwoStores.MIGRATION, false, null);
            assertThat(r.failed()).isZero();
            assertThat(fx.control().journal().depth(TwoStores.MIGRATION)).isZero();
            assertThat(fx.differences()).as("differences after repair").isEmpty();
            assertThat(fx.legacy.rows()).isNotEmpty();
        }
    }

    private static final int KEPT_FAILURES = 20;

    /** Keeps the first few unexpected failures: a writer failing in a tight loop must not fill the heap. */
    private static void note(ConcurrentLinkedQueue<Throwable> unexpected, Throwable e) {
        if (unexpected.size() < KEPT_FAILURES) {
            unexpected.add(e);
        }
    }
}
