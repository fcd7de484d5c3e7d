package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.Decant;
import io.decant.Migration;
import io.decant.Phase;
import io.decant.config.DecantConfig;
import io.decant.it.TwoStores.Order;
import io.decant.it.TwoStores.Topology;
import io.decant.spi.Key;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Migration#write} inside the application's transaction ({@link Decant.Builder#transactions}):
 * the legacy write commits only with the outer transaction, the new write of DUAL_WRITE/SHADOW_READ
 * follows the commit, a rollback leaves nothing to repair before the flip and re-syncs the key from
 * the new store after it, an open transaction holds the phase barrier, and a process killed between
 * the commit and the new write leaves an intent that the sweeper repairs.
 */
class TransactionsIT {

    @TempDir
    Path dir;

    static List<Topology> topologies() {
        return TwoStores.crossTopologies();
    }

    private static final List<Phase> PHASES = List.of(Phase.LEGACY_ONLY, Phase.DUAL_WRITE, Phase.SHADOW_READ, Phase.READ_NEW,
            Phase.NEW_ONLY);

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void commitAndRollbackOfTheOuterTransactionInEachPhase(Topology topology) {
        try (TwoStores fx = new TwoStores(topology)) {
            fx.open().init();
            ApplicationTransactions transactions = new ApplicationTransactions(fx.legacy.pool);
            Decant monolith = fx.open(Decant.builder(fx.config()).transactions(transactions));
            Migration orders = monolith.migration(TwoStores.MIGRATION);
            for (int i = 0; i < PHASES.size(); i++) {
                Phase p = PHASES.get(i);
                TwoStores.awaitVersion(orders, fx.walkTo(p).version());
                boolean legacyWritten = p != Phase.NEW_ONLY;
                boolean newAtOnce = p == Phase.READ_NEW || p == Phase.NEW_ONLY;
                boolean intent = p != Phase.LEGACY_ONLY;

                // commit
                Order committed = new Order(10L * i + 1, i, 100 + i, "NEW");
                try (ApplicationTransactions.Transaction tx = transactions.begin()) {
                    orders.write(committed.id(), () -> fx.legacy.upsert(tx.connection, committed), () -> fx.target.upsert(committed));
                    assertThat(fx.legacy.find(committed.id())).as("%s: the legacy write is not visible before the commit", p).isEmpty();
                    assertThat(fx.target.find(committed.id())).as("%s: the new store before the commit", p)
                            .isEqualTo(newAtOnce ? Optional.of(committed) : Optional.empty());
                    assertThat(fx.control().intents().count(TwoStores.MIGRATION)).as("%s: the intent stands until the end", p)
                            .isEqualTo(intent ? 1 : 0);
                    tx.commit();
                }
                assertThat(fx.legacy.find(committed.id())).as("%s: legacy after the commit", p)
                        .isEqualTo(legacyWritten ? Optional.of(committed) : Optional.empty());
                assertThat(fx.target.find(committed.id())).as("%s: the new store after the commit", p)
                        .isEqualTo(p == Phase.LEGACY_ONLY ? Optional.empty() : Optional.of(committed));
                CrashBetweenWritesIT.awaitNoIntents(fx);
                if (p == Phase.NEW_ONLY) {
                    assertThat(fx.control().journal().deferredKeys(TwoStores.MIGRATION, List.of(Key.of(committed.id()))))
                            .as("NEW_ONLY: the key is recorded for a rollback of the phase").isNotEmpty();
                } else {
                    assertThat(fx.control().journal().depth(TwoStores.MIGRATION)).as("%s: nothing to repair after a commit", p).isZero();
                }

                // rollback
                Order rolledBack = new Order(10L * i + 2, i, 200 + i, "NEW");
                try (ApplicationTransactions.Transaction tx = transactions.begin()) {
                    orders.write(rolledBack.id(), () -> fx.legacy.upsert(tx.connection, rolledBack), () -> fx.target.upsert(rolledBack));
                    tx.rollback();
                }
                assertThat(fx.legacy.find(rolledBack.id())).as("%s: legacy after the rollback", p).isEmpty();
                assertThat(fx.target.find(rolledBack.id())).as("%s: the new store after the rollback", p)
                        .isEqualTo(newAtOnce ? Optional.of(rolledBack) : Optional.empty());
                switch (p) {
                    case LEGACY_ONLY, DUAL_WRITE, SHADOW_READ -> {
                        CrashBetweenWritesIT.awaitNoIntents(fx); // cleared: neither store changed
                        assertThat(fx.control().journal().depth(TwoStores.MIGRATION)).as("%s: nothing to repair", p).isZero();
                    }
                    case READ_NEW -> {
                        // the authoritative new write landed without the legacy one: the kept intent re-syncs the key from new
                        assertThat(fx.control().intents().count(TwoStores.MIGRATION)).as("READ_NEW: the intent is kept").isEqualTo(1);
                        CrashBetweenWritesIT.awaitNoIntents(fx, fx.config().instances().deadAfter().plusSeconds(10));
                        assertThat(fx.control().journal().depth(TwoStores.MIGRATION)).isEqualTo(1);
                        monolith.repair(TwoStores.MIGRATION, false, null);
                        assertThat(fx.legacy.find(rolledBack.id())).as("READ_NEW: legacy follows the new store").contains(rolledBack);
                    }
                    case NEW_ONLY -> {
                        CrashBetweenWritesIT.awaitNoIntents(fx);
                        assertThat(fx.control().journal().deferredKeys(TwoStores.MIGRATION, List.of(Key.of(rolledBack.id()))))
                                .as("NEW_ONLY: the key is recorded for a rollback of the phase").isNotEmpty();
                    }
                    default -> throw new AssertionError(p);
                }
            }
        }
    }

    /**
     * {@link Migration#insert} inside the application's transaction: the generating store's insert and
     * the key named first, then the write's steps for that key — in DUAL_WRITE/SHADOW_READ the new
     * write under legacy's key only after the commit and never after a rollback; from READ_NEW on the
     * new store generates at once and legacy's write under its key commits or rolls back with the
     * transaction (re-synced from the new store then).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void insertsWithGeneratedKeysCommitAndRollBackWithTheOuterTransactionInEachPhase(Topology topology) {
        try (TwoStores fx = new TwoStores(topology, true)) {
            fx.open().init();
            ApplicationTransactions transactions = new ApplicationTransactions(fx.legacy.pool);
            Decant monolith = fx.open(Decant.builder(fx.config()).transactions(transactions));
            Migration orders = monolith.migration(TwoStores.MIGRATION);
            for (int i = 0; i < PHASES.size(); i++) {
                Phase p = PHASES.get(i);
                if (p == Phase.READ_NEW) { // the operator's statement the key-source guard asks for: the new generator past legacy's keys
                    fx.target.run(fx.target.db.engine() == io.decant.jdbc.testing.TestDatabases.Engine.POSTGRES
                            ? "ALTER TABLE orders_v2 ALTER COLUMN order_id RESTART WITH 1000" : "ALTER TABLE orders_v2 AUTO_INCREMENT = 1000");
                }
                TwoStores.awaitVersion(orders, fx.walkTo(p).version());
                boolean newGenerates = p == Phase.READ_NEW || p == Phase.NEW_ONLY;

                // commit
                long committed;
                long customer = 10L * i + 1;
                try (ApplicationTransactions.Transaction tx = transactions.begin()) {
                    committed = orders.insert(inserting(fx.legacy, tx, customer), inserting(fx.target, null, customer));
                    Order o = new Order(committed, customer, customer, "NEW");
                    assertThat(fx.legacy.find(committed)).as("%s: the legacy write is not visible before the commit", p).isEmpty();
                    assertThat(fx.target.find(committed)).as("%s: the new store before the commit", p)
                            .isEqualTo(newGenerates ? Optional.of(o) : Optional.empty());
                    assertThat(fx.control().intents().count(TwoStores.MIGRATION)).as("%s: the intent stands until the end", p)
                            .isEqualTo(p == Phase.LEGACY_ONLY ? 0 : 1);
                    tx.commit();
                }
                Order o = new Order(committed, customer, customer, "NEW");
                assertThat(committed).as("%s: the key's generator", p).matches(k -> newGenerates == k >= 1000);
                assertThat(fx.legacy.find(committed)).as("%s: legacy after the commit", p)
                        .isEqualTo(p == Phase.NEW_ONLY ? Optional.empty() : Optional.of(o));
                assertThat(fx.target.find(committed)).as("%s: the new store after the commit", p)
                        .isEqualTo(p == Phase.LEGACY_ONLY ? Optional.empty() : Optional.of(o));
                CrashBetweenWritesIT.awaitNoIntents(fx);
                if (p == Phase.NEW_ONLY) {
                    assertThat(fx.control().journal().deferredKeys(TwoStores.MIGRATION, List.of(Key.of(committed))))
                            .as("NEW_ONLY: the key is recorded for a rollback of the phase").isNotEmpty();
                } else {
                    assertThat(fx.control().journal().depth(TwoStores.MIGRATION)).as("%s: nothing to repair after a commit", p).isZero();
                }

                // rollback
                long rolledBack;
                long other = 10L * i + 2;
                try (ApplicationTransactions.Transaction tx = transactions.begin()) {
                    rolledBack = orders.insert(inserting(fx.legacy, tx, other), inserting(fx.target, null, other));
                    tx.rollback();
                }
                Order r = new Order(rolledBack, other, other, "NEW");
                assertThat(fx.legacy.find(rolledBack)).as("%s: legacy after the rollback", p).isEmpty();
                assertThat(fx.target.find(rolledBack)).as("%s: the new store after the rollback", p)
                        .isEqualTo(newGenerates ? Optional.of(r) : Optional.empty());
                switch (p) {
                    case LEGACY_ONLY, DUAL_WRITE, SHADOW_READ -> {
                        CrashBetweenWritesIT.awaitNoIntents(fx); // cleared: neither store changed
                        assertThat(fx.control().journal().depth(TwoStores.MIGRATION)).as("%s: nothing to repair", p).isZero();
                    }
                    case READ_NEW -> {
                        assertThat(fx.control().intents().count(TwoStores.MIGRATION)).as("READ_NEW: the intent is kept").isEqualTo(1);
                        CrashBetweenWritesIT.awaitNoIntents(fx, fx.config().instances().deadAfter().plusSeconds(10));
                        assertThat(fx.control().journal().depth(TwoStores.MIGRATION)).isEqualTo(1);
                        monolith.repair(TwoStores.MIGRATION, false, null);
                        assertThat(fx.legacy.find(rolledBack)).as("READ_NEW: legacy follows the new store").contains(r);
                    }
                    case NEW_ONLY -> {
                        CrashBetweenWritesIT.awaitNoIntents(fx);
                        assertThat(fx.control().journal().deferredKeys(TwoStores.MIGRATION, List.of(Key.of(rolledBack))))
                                .as("NEW_ONLY: the key is recorded for a rollback of the phase").isNotEmpty();
                    }
                    default -> throw new AssertionError(p);
                }
            }
            assertThat(fx.differences()).as("both tables alike but for the LEGACY_ONLY insert (no backfill here) and the NEW_ONLY ones")
                    .hasSize(3);
        }
    }

    /** One side's write of an insert of customer {@code c}'s order: generating its key, or under the key given; in {@code tx} when given. */
    private static io.decant.KeyedWrite<Long> inserting(TwoStores.Side side, ApplicationTransactions.Transaction tx, long c) {
        return key -> {
            if (key == null) {
                return tx == null ? side.insertGenerated(c, c, "NEW") : side.insertGenerated(tx.connection, c, c, "NEW");
            }
            Order o = new Order(key, c, c, "NEW");
            if (tx == null) {
                side.upsert(o);
            } else {
                side.upsert(tx.connection, o);
            }
            return key;
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void anOpenTransactionHoldsThePhaseBarrierUntilItEnds(Topology topology) {
        try (TwoStores fx = new TwoStores(topology)) {
            fx.open().init();
            ApplicationTransactions transactions = new ApplicationTransactions(fx.legacy.pool);
            Decant monolith = fx.open(Decant.builder(fx.config()).transactions(transactions));
            Migration orders = monolith.migration(TwoStores.MIGRATION);
            TwoStores.awaitVersion(orders, fx.setPhase(Phase.DUAL_WRITE).version());
            Order o = new Order(1, 1, 100, "NEW");
            try (ApplicationTransactions.Transaction tx = transactions.begin()) {
                orders.write(o.id(), () -> fx.legacy.upsert(tx.connection, o), () -> fx.target.upsert(o));
                long next = fx.setPhase(Phase.SHADOW_READ).version();
                TwoStores.awaitVersion(orders, next); // new calls act on SHADOW_READ now
                for (int beat = 0; beat < 10; beat++) { // ten heartbeats: the instance must not acknowledge meanwhile
                    TwoStores.sleep(fx.config().instances().heartbeat().toMillis());
                    assertThat(ackedVersion(fx)).as("acknowledged while a DUAL_WRITE call's transaction is open").isLessThan(next);
                }
                tx.commit();
                awaitAck(fx, next);
            }
            assertThat(fx.target.find(o.id())).as("the DUAL_WRITE call wrote the new store after the commit").contains(o);
            assertThat(fx.differences()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void aProcessKilledBetweenTheCommitAndTheNewWriteLeavesAnIntentTheSweeperRepairs(Topology topology) {
        try (TwoStores fx = new TwoStores(topology)) {
            DecantConfig config = fx.config(ChildInstance.SLOW_HEARTBEAT, TwoStores.shadow(), Set.of());
            Decant operator = fx.open(Decant.builder(config));
            operator.init();
            fx.setPhase(Phase.DUAL_WRITE);
            Order o = new Order(7, 3, 700, "PAID");
            try (ChildInstance child = ChildInstance.start(DecantYaml.write(config, dir.resolve("child.yaml"), 3), "monolith-tx",
                    dir, TransactionalChild.class)) {
                assertThat(child.startPhase).isEqualTo(Phase.DUAL_WRITE);
                child.send("hold-between", ChildInstance.writeCommand(o));
                child.awaitHold("between", o.id()); // the outer transaction committed; the new write has not run
                assertThat(fx.legacy.find(o.id())).as("the legacy write committed with the outer transaction").contains(o);
                assertThat(fx.target.find(o.id())).isEmpty();
                assertThat(fx.control().intents().count(TwoStores.MIGRATION)).as("the intent stands").isEqualTo(1);
                child.kill();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (fx.control().intents().count(TwoStores.MIGRATION) > 0) { // stale once the killed instance is gone
                assertThat(System.nanoTime()).as("the sweeper resolved the killed instance's intent in time").isLessThan(deadline);
                operator.repair(TwoStores.MIGRATION, false, null);
                TwoStores.sleep(200);
            }
            operator.repair(TwoStores.MIGRATION, false, null);
            assertThat(fx.target.find(o.id())).as("the committed legacy write reached the new store by repair").contains(o);
            assertThat(fx.differences()).isEmpty();
            assertThat(fx.control().journal().depth(TwoStores.MIGRATION)).isZero();
        }
    }

    /**
     * Two transactions write one key: the legacy row lock orders their legacy writes, but not the new
     * writes that follow their commits. The later one's new write lands first, the earlier one's last:
     * the new store holds the older value, and the key must be journaled for repair.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void aNewWriteOvertakenByALaterTransactionOfTheKeyIsRepaired(Topology topology) throws Exception {
        try (TwoStores fx = new TwoStores(topology)) {
            fx.open().init();
            ApplicationTransactions transactions = new ApplicationTransactions(fx.legacy.pool);
            Decant monolith = fx.open(Decant.builder(fx.config()).transactions(transactions));
            Migration orders = monolith.migration(TwoStores.MIGRATION);
            TwoStores.awaitVersion(orders, fx.setPhase(Phase.DUAL_WRITE).version());
            for (int i = 0; i < 5; i++) { // one after the other: a finished write's intent, not yet deleted, does not count
                Order o = new Order(6, 1, i, "NEW");
                try (ApplicationTransactions.Transaction tx = transactions.begin()) {
                    orders.write(o.id(), () -> fx.legacy.upsert(tx.connection, o), () -> fx.target.upsert(o));
                    tx.commit();
                }
            }
            CrashBetweenWritesIT.awaitNoIntents(fx);
            assertThat(fx.control().journal().depth(TwoStores.MIGRATION)).as("writes of a key one after the other").isZero();

            Order first = new Order(5, 1, 100, "NEW");
            Order second = new Order(5, 1, 200, "PAID");
            java.util.concurrent.CountDownLatch firstCommitted = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch secondDone = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CompletableFuture<Void> earlier = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try (ApplicationTransactions.Transaction tx = transactions.begin()) {
                    orders.write(first.id(), () -> fx.legacy.upsert(tx.connection, first), () -> {
                        firstCommitted.countDown();
                        await(secondDone); // the later transaction's new write goes first
                        fx.target.upsert(first);
                    });
                    tx.commit();
                }
            });
            await(firstCommitted);
            try (ApplicationTransactions.Transaction tx = transactions.begin()) {
                orders.write(second.id(), () -> fx.legacy.upsert(tx.connection, second), () -> fx.target.upsert(second));
                tx.commit();
            }
            secondDone.countDown();
            earlier.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(fx.legacy.find(5)).contains(second);
            assertThat(fx.target.find(5)).as("the earlier transaction's new write landed last").contains(first);
            CrashBetweenWritesIT.awaitNoIntents(fx);
            assertThat(fx.control().journal().depth(TwoStores.MIGRATION)).as("the overtaken key is journaled").isEqualTo(1);
            monolith.repair(TwoStores.MIGRATION, false, null);
            assertThat(fx.target.find(5)).contains(second);
            assertThat(fx.differences()).isEmpty();
        }
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            if (!latch.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError("a latch of the test was not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static long ackedVersion(TwoStores fx) {
        return fx.control().instances().list(TwoStores.MIGRATION).stream().mapToLong(i -> i.ackedVersion()).min().orElse(0);
    }

    private static void awaitAck(TwoStores fx, long version) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (ackedVersion(fx) < version) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the instance did not acknowledge version " + version + " after the transaction ended");
            }
            TwoStores.sleep(20);
        }
    }
}
