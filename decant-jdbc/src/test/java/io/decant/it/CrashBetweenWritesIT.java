package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.decant.Decant;
import io.decant.Migration;
import io.decant.Phase;
import io.decant.RepairResult;
import io.decant.config.InstanceSettings;
import io.decant.it.TwoStores.Order;
import io.decant.it.TwoStores.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A process that dies between the two writes of a dual write leaves its intent record behind;
 * repair turns it into a journal entry and copies the key from the store written first.
 */
class CrashBetweenWritesIT {

    /** Thrown by the crash hook: stands for the process dying. */
    static final class ProcessDied extends Error {
        ProcessDied() {
            super("process died between the two writes (simulated)");
        }
    }

    static List<Topology> topologies() {
        return TwoStores.crossTopologies();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void anIntentLeftByACrashBetweenTheWritesIsResolvedByRepair(Topology topology) {
        try (TwoStores fx = new TwoStores(topology)) {
            Decant operator = fx.open();
            operator.init();
            long next = 1;
            for (Phase p : List.of(Phase.DUAL_WRITE, Phase.READ_NEW)) {
                final long key = next++;
                fx.setPhase(p == Phase.DUAL_WRITE ? Phase.DUAL_WRITE : Phase.SHADOW_READ);
                if (p == Phase.READ_NEW) {
                    fx.setPhase(Phase.READ_NEW);
                }
                AtomicBoolean crash = new AtomicBoolean();
                Decant monolith = Decant.builder(fx.config()).crashHook(() -> {
                    if (crash.get()) {
                        throw new ProcessDied();
                    }
                }).open();
                Migration orders = monolith.migration(TwoStores.MIGRATION);
                TwoStores.awaitVersion(orders, fx.state().version());

                Order before = new Order(key, 1, 100, "NEW");
                orders.write(key, () -> fx.legacy.upsert(before), () -> fx.target.upsert(before));
                awaitNoIntents(fx); // clearing is asynchronous and batched
                Order after = new Order(key, 1, 250, "PAID");
                crash.set(true);
                Throwable died = catchThrowable(() -> orders.write(key, () -> fx.legacy.upsert(after), () -> fx.target.upsert(after)));
                assertThat(died).isInstanceOf(ProcessDied.class);
                assertThat(fx.differences()).as("%s: only the store written first has the update", p).hasSize(1);
                assertThat(fx.control().intents().count(TwoStores.MIGRATION)).as("%s: the intent is left behind", p).isEqualTo(1);
                assertThat(fx.control().journal().depth(TwoStores.MIGRATION)).isZero();

                monolith.close(); // the dead process: its heartbeats stop, its registry row goes

                RepairResult r = operator.repair(TwoStores.MIGRATION, false, null);
                assertThat(r.intentsResolved()).as("%s: intents resolved", p).isEqualTo(1);
                assertThat(r.repaired()).isEqualTo(1);
                assertThat(fx.control().intents().count(TwoStores.MIGRATION)).isZero();
                assertThat(fx.differences()).as("%s: differences after repair", p).isEmpty();
                Order authoritative = p == Phase.DUAL_WRITE ? fx.legacy.find(key).orElseThrow() : fx.target.find(key).orElseThrow();
                assertThat(authoritative).as("%s: the write that reached the first store is kept", p).isEqualTo(after);
            }
        }
    }

    static void awaitNoIntents(TwoStores fx) {
        awaitNoIntents(fx, java.time.Duration.ofSeconds(10));
    }

    static void awaitNoIntents(TwoStores fx, java.time.Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (fx.control().intents().count(TwoStores.MIGRATION) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the intent of a finished dual write was not cleared");
            }
            TwoStores.sleep(10);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void anIntentOfALiveInstanceIsNotResolvedBeforeItIsStale(Topology topology) {
        try (TwoStores fx = new TwoStores(topology)) {
            Decant operator = fx.open();
            operator.init();
            fx.setPhase(Phase.DUAL_WRITE);
            AtomicBoolean crash = new AtomicBoolean(true);
            Decant monolith = fx.open(Decant.builder(fx.config()).crashHook(() -> {
                if (crash.get()) {
                    throw new ProcessDied();
                }
            }));
            Migration orders = monolith.migration(TwoStores.MIGRATION);
            TwoStores.awaitVersion(orders, fx.state().version());
            Order o = new Order(5, 1, 100, "NEW");
            assertThat(catchThrowable(() -> orders.write(5L, () -> fx.legacy.upsert(o), () -> fx.target.upsert(o))))
                    .isInstanceOf(ProcessDied.class);
            // the writing instance still heartbeats and the intent is young: a dual write may still be in progress
            RepairResult r = operator.repair(TwoStores.MIGRATION, false, null);
            assertThat(r.intentsResolved()).isZero();
            assertThat(fx.control().intents().count(TwoStores.MIGRATION)).isEqualTo(1);
            assertThat(operator.status(TwoStores.MIGRATION).staleIntents()).isZero();
        }
    }
    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void anAuthoritativeWriteThatCommittedButReportedAFailureIsHealedThroughItsIntent(Topology topology) {
        try (TwoStores fx = new TwoStores(topology)) {
            Decant operator = fx.open();
            operator.init();
            fx.setPhase(Phase.DUAL_WRITE);
            Decant monolith = fx.open();
            Migration orders = monolith.migration(TwoStores.MIGRATION);
            TwoStores.awaitVersion(orders, fx.state().version());
            Order o = new Order(9, 1, 900, "NEW");
            // the legacy commit lands, then the connection is cut before the reply: the call fails
            Throwable failed = catchThrowable(() -> orders.write(9L, () -> {
                fx.legacy.upsert(o);
                throw new IllegalStateException("connection reset after commit (simulated)");
            }, () -> fx.target.upsert(o)));
            assertThat(failed).isInstanceOf(IllegalStateException.class);
            assertThat(fx.target.find(9)).as("the other store is not written").isEmpty();
            assertThat(fx.differences()).as("the stores disagree about key 9").hasSize(1);
            assertThat(fx.control().intents().count(TwoStores.MIGRATION)).as("the intent is kept: the outcome is unknown").isEqualTo(1);

            // the instance is live, so nobody else takes its intent; it journals it itself after dead-after
            awaitNoIntents(fx, fx.config().instances().deadAfter().plusSeconds(10));
            assertThat(fx.control().journal().depth(TwoStores.MIGRATION)).as("the instance journaled its abandoned intent").isEqualTo(1);
            RepairResult r = operator.repair(TwoStores.MIGRATION, false, null);
            assertThat(r.repaired()).isEqualTo(1);
            assertThat(fx.differences()).as("after repair").isEmpty();
            assertThat(fx.target.find(9)).contains(o);
        }
    }

    /**
     * Sixteen writers insert, update and delete overlapping keys through one instance with synchronous
     * intents, so intents are group-committed with several batches in flight, and about one call in
     * twenty dies between its two writes. Each first write checks, with plain SQL on another connection,
     * that the call's own intent is already committed; every call that died must have left its intent,
     * and repair must leave both tables equal by SQL.
     * Writes of one key are serialized by a lock standing for the monolith's row lock.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void concurrentDualWritesCutBetweenTheirWritesEachLeaveAnIntentThatRepairResolves(Topology topology) throws Exception {
        final int keys = 60;
        final int writers = 16;
        try (TwoStores fx = new TwoStores(topology)) {
            Decant operator = fx.open();
            operator.init();
            for (Phase p : List.of(Phase.DUAL_WRITE, Phase.READ_NEW)) {
                if (p == Phase.READ_NEW) {
                    fx.setPhase(Phase.SHADOW_READ);
                }
                fx.setPhase(p);
                // a dead-after longer than the test: the live instance must not journal its cut calls' intents itself
                Decant monolith = fx.open(Decant.builder(fx.config(new InstanceSettings(java.time.Duration.ofMillis(100),
                        java.time.Duration.ofMillis(50), java.time.Duration.ofSeconds(60)), TwoStores.shadow(), java.util.Set.of()))
                        .crashHook(() -> {
                    if (ThreadLocalRandom.current().nextInt(20) == 0) {
                        throw new ProcessDied();
                    }
                }));
                Migration orders = monolith.migration(TwoStores.MIGRATION);
                TwoStores.awaitVersion(orders, fx.state().version());

                ReentrantLock[] rowLocks = new ReentrantLock[keys + 1];
                for (int i = 0; i < rowLocks.length; i++) {
                    rowLocks[i] = new ReentrantLock();
                }
                AtomicLong acknowledged = new AtomicLong();
                AtomicLong died = new AtomicLong();
                AtomicLong deletes = new AtomicLong();
                AtomicLong firstWritesWithoutIntent = new AtomicLong();
                ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
                long until = System.nanoTime() + java.time.Duration.ofSeconds(3).toNanos();
                List<Thread> threads = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    Thread t = new Thread(() -> {
                        ThreadLocalRandom rnd = ThreadLocalRandom.current();
                        while (System.nanoTime() < until) {
                            long key = 1 + rnd.nextInt(keys);
                            boolean delete = rnd.nextInt(5) == 0;
                            Order o = new Order(key, rnd.nextInt(100), rnd.nextLong(1_000_000), delete ? "GONE" : "NEW");
                            rowLocks[(int) key].lock();
                            try {
                                // intents of this key so far; the call's own must be newer and committed before its first write
                                long before = fx.lastIntentId(key);
                                Runnable checkIntent = () -> {
                                    if (fx.lastIntentId(key) <= before) {
                                        firstWritesWithoutIntent.incrementAndGet();
                                    }
                                };
                                boolean legacyFirst = p == Phase.DUAL_WRITE;
                                Runnable legacyWrite = () -> {
                                    if (legacyFirst) {
                                        checkIntent.run();
                                    }
                                    if (delete) {
                                        fx.legacy.delete(key);
                                    } else {
                                        fx.legacy.upsert(o);
                                    }
                                };
                                Runnable newWrite = () -> {
                                    if (!legacyFirst) {
                                        checkIntent.run();
                                    }
                                    if (delete) {
                                        fx.target.delete(key);
                                    } else {
                                        fx.target.upsert(o);
                                    }
                                };
                                orders.write(key, legacyWrite, newWrite);
                                if (delete) {
                                    deletes.incrementAndGet();
                                }
                                acknowledged.incrementAndGet();
                            } catch (ProcessDied e) {
                                died.incrementAndGet();
                            } catch (Throwable e) {
                                unexpected.add(e);
                            } finally {
                                rowLocks[(int) key].unlock();
                            }
                        }
                    }, "writer");
                    threads.add(t);
                    t.start();
                }
                for (Thread t : threads) {
                    t.join();
                }
                assertThat(unexpected).isEmpty();
                assertThat(firstWritesWithoutIntent.get()).as("%s: first writes whose intent was not yet committed", p).isZero();
                assertThat(acknowledged.get()).as("%s: acknowledged writes", p).isGreaterThan(100);
                assertThat(deletes.get()).isPositive();
                assertThat(died.get()).as("%s: calls cut between their writes", p).isPositive();

                // the finished calls' intents are cleared in the background; the cut ones' stay, every one of them
                long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
                while (fx.control().intents().count(TwoStores.MIGRATION) > died.get() && System.nanoTime() < deadline) {
                    TwoStores.sleep(10);
                }
                assertThat(fx.control().intents().count(TwoStores.MIGRATION)).as("%s: one intent per cut call", p)
                        .isEqualTo(died.get());
                monolith.close(); // the dead process: its heartbeats stop, its registry row goes

                RepairResult r = operator.repair(TwoStores.MIGRATION, false, null);
                assertThat(r.intentsResolved()).as("%s: intents resolved", p).isEqualTo(died.get());
                assertThat(r.failed()).isZero();
                assertThat(fx.control().intents().count(TwoStores.MIGRATION)).isZero();
                assertThat(fx.differences()).as("%s: differences after repair", p).isEmpty();
                assertThat(fx.legacy.rows()).isNotEmpty();
            }
        }
    }
}
