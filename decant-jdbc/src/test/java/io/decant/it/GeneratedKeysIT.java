package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.decant.AdvanceRequest;
import io.decant.Decant;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.KeyedWrite;
import io.decant.Migration;
import io.decant.Phase;
import io.decant.RepairResult;
import io.decant.VerifyOptions;
import io.decant.config.DecantConfig;
import io.decant.config.Guard;
import io.decant.control.MigrationState;
import io.decant.it.TwoStores.Order;
import io.decant.it.TwoStores.Side;
import io.decant.it.TwoStores.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inserts whose key the database generates ({@link Migration#insert}) on real databases: a legacy
 * {@code BIGSERIAL} or {@code AUTO_INCREMENT} table and a target identity or {@code AUTO_INCREMENT}
 * table. Writers insert through two library instances while the migration is walked from
 * LEGACY_ONLY to NEW_ONLY and back across the authority flip; the {@code key-source} guard refuses
 * each hand-over of key generation until the statement it prints was run; no two acknowledged inserts
 * share a key and every one is in both stores after repair. A child process killed right after its
 * legacy insert, and one killed between its two writes, are repaired.
 */
class GeneratedKeysIT {
    @TempDir
    Path dir;
    private static final Pattern STATEMENT = Pattern.compile("run: (.+?) \\(\\d+ keys of room");
    /** The guards this test satisfies by hand or does not exercise; key-source stays on. */
    private static final Set<Guard> OFF = EnumSet.of(Guard.BACKFILL_COMPLETE, Guard.VERIFY_CLEAN, Guard.JOURNAL_EMPTY,
            Guard.SHADOW_EVIDENCE);

    static List<Topology> topologies() {
        return TwoStores.crossTopologies();
    }

    /** Inserts from several threads through the given instances; each acknowledged insert is kept under its key. */
    private static final class Inserters implements AutoCloseable {
        final Map<Long, Order> acknowledged;
        final ConcurrentLinkedQueue<Long> duplicates;
        final Set<Long> mine = ConcurrentHashMap.newKeySet();
        final AtomicLong failed = new AtomicLong();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final List<Thread> threads = new ArrayList<>();

        Inserters(TwoStores fx, List<Migration> instances, int perInstance, Map<Long, Order> acknowledged,
                  ConcurrentLinkedQueue<Long> duplicates, AtomicLong sequence) {
            this.acknowledged = acknowledged;
            this.duplicates = duplicates;
            for (int i = 0; i < instances.size(); i++) {
                Migration m = instances.get(i);
                for (int t = 0; t < perInstance; t++) {
                    long customer = 100L * (i + 1) + t;
                    Thread th = new Thread(() -> {
                        while (running.get()) {
                            long n = sequence.incrementAndGet();
                            String status = "N" + n;
                            try {
                                long key = m.insert(write(fx.legacy, customer, n, status), write(fx.target, customer, n, status));
                                mine.add(key);
                                if (acknowledged.putIfAbsent(key, new Order(key, customer, n, status)) != null) {
                                    duplicates.add(key);
                                }
                            } catch (RuntimeException e) {
                                failed.incrementAndGet();
                                if (failures.size() < 5) {
                                    failures.add(e.toString());
                                }
                            }
                        }
                    }, "inserter-" + customer);
                    threads.add(th);
                    th.start();
                }
            }
        }

        /** Waits until {@code more} further inserts of these threads were acknowledged. */
        void awaitMore(int more) {
            long target = mine.size() + more;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (mine.size() < target) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("only " + mine.size() + " inserts acknowledged, " + failed + " failed: " + failures);
                }
                TwoStores.sleep(10);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    static KeyedWrite<Long> write(Side side, long customer, long total, String status) {
        return key -> {
            if (key == null) {
                return side.insertGenerated(customer, total, status);
            }
            side.upsert(new Order(key, customer, total, status));
            return key;
        };
    }

    private static AdvanceRequest to(Phase p) {
        return new AdvanceRequest(Optional.of(p), Duration.ofSeconds(30), false, null, "test@it");
    }

    /** The statement the refused key-source check printed. */
    private static String statement(DecantException refused) {
        String all = String.join("\n", refused.details());
        Matcher m = STATEMENT.matcher(all);
        assertThat(m.find()).as("the key-source refusal names the statement to run: %s", all).isTrue();
        return m.group(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void insertsInEveryPhaseUnderConcurrentWritersNeverShareAKeyAcrossTheHandOvers(Topology topology) throws Exception {
        try (TwoStores fx = new TwoStores(topology, true)) {
            DecantConfig config = fx.config(TwoStores.fastInstances(), TwoStores.shadow(), OFF);
            Decant ops = fx.open(Decant.builder(config));
            ops.init();
            List<Migration> instances = List.of(fx.open(Decant.builder(config)).migration(TwoStores.MIGRATION),
                    fx.open(Decant.builder(config)).migration(TwoStores.MIGRATION));
            Map<Long, Order> acked = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<Long> duplicates = new ConcurrentLinkedQueue<>();
            AtomicLong sequence = new AtomicLong();
            try (Inserters in = new Inserters(fx, instances, 2, acked, duplicates, sequence)) {
                in.awaitMore(30); // LEGACY_ONLY: legacy generates, only legacy is written
                ops.advance(TwoStores.MIGRATION, to(Phase.DUAL_WRITE));
                in.awaitMore(30);
                assertThat(ops.backfill(TwoStores.MIGRATION, null, null).rowsCopied()).isPositive();
                ops.advance(TwoStores.MIGRATION, to(Phase.SHADOW_READ));
                in.awaitMore(30);

                // the new table's identity still starts at 1: the flip is refused until it is moved past legacy's keys
                DecantException refused = catchThrowableOfType(() -> ops.advance(TwoStores.MIGRATION, to(Phase.READ_NEW)),
                        DecantException.class);
                assertThat(refused.code()).isEqualTo(ErrorCode.GUARD_REFUSED);
                assertThat(String.join("\n", refused.details())).contains("FAILED key-source").contains("on store 'svc'");
                assertThat(fx.state().phase()).isEqualTo(Phase.SHADOW_READ);
                fx.target.run(statement(refused));
                ops.advance(TwoStores.MIGRATION, to(Phase.READ_NEW)); // hands key generation over, then the barrier
                assertThat(fx.control().keyFences().fence(TwoStores.MIGRATION)).hasValueSatisfying(f ->
                        assertThat(f.newAbove()).isTrue());
                in.awaitMore(30); // READ_NEW: the new store generates
                ops.advance(TwoStores.MIGRATION, to(Phase.NEW_ONLY));
                in.awaitMore(30);
                System.out.printf("%s: %d inserts failed, e.g. %s%n", topology, in.failed.get(), in.failures);
            }
            long flip = fx.control().keyFences().fence(TwoStores.MIGRATION).orElseThrow().boundary();
            assertThat(duplicates).as("keys acknowledged to two inserts").isEmpty();
            assertThat(acked.keySet()).as("some keys came from the new store's generator").anyMatch(k -> k >= flip);
            Map<Long, Order> target = fx.target.rows();
            assertThat(acked.values()).as("every acknowledged insert is in the authoritative store under its key")
                    .allMatch(o -> o.equals(target.get(o.id())));

            // back across the flip: legacy generates again, so its generator must first pass the new store's
            DecantException back = catchThrowableOfType(() -> ops.rollback(TwoStores.MIGRATION, Phase.SHADOW_READ, "test",
                    Duration.ofSeconds(30), "test@it"), DecantException.class);
            assertThat(back.code()).isEqualTo(ErrorCode.GUARD_REFUSED);
            assertThat(String.join("\n", back.details())).contains("on store 'legacy'");
            assertThat(fx.state().phase()).as("a refused rollback changes nothing").isEqualTo(Phase.NEW_ONLY);
            fx.legacy.run(statement(back));
            ops.rollback(TwoStores.MIGRATION, Phase.SHADOW_READ, "test", Duration.ofSeconds(30), "test@it");
            long back2 = fx.control().keyFences().fence(TwoStores.MIGRATION).map(f -> {
                assertThat(f.newAbove()).isFalse();
                return f.boundary();
            }).orElseThrow();
            assertThat(fx.differences()).as("the rollback's drain brought legacy up to date").isEmpty();

            try (Inserters in = new Inserters(fx, instances, 2, acked, duplicates, sequence)) {
                in.awaitMore(30); // SHADOW_READ again: legacy generates, past every key the new store handed out
                in.close();
                assertThat(in.mine).allMatch(k -> k >= back2);
            }
            assertThat(duplicates).as("keys acknowledged to two inserts").isEmpty();
            awaitIntentsSettled(fx);
            RepairResult r = ops.repair(TwoStores.MIGRATION, false, null);
            assertThat(r.failed()).isZero();
            assertThat(fx.differences()).as("both stores agree").isEmpty();
            Map<Long, Order> legacy = fx.legacy.rows();
            assertThat(acked.values()).as("every acknowledged insert is in both stores under its key")
                    .allMatch(o -> o.equals(legacy.get(o.id())));
        }
    }

    /**
     * A child is killed with SIGKILL right after its legacy insert generated the key, before Decant named
     * it: its pending insert cannot be journaled (the key is unknown), so the sweeper marks it, the
     * verify-clean guard refuses until a full verification that started after that, and
     * {@code verify --repair} copies the row. A second child is killed between its two writes, its key
     * named: the sweeper journals the key and repair copies it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void aChildKilledAfterItsLegacyInsertOrBetweenItsWritesIsRepaired(Topology topology) throws Exception {
        try (TwoStores fx = new TwoStores(topology, true)) {
            Set<Guard> off = EnumSet.complementOf(EnumSet.of(Guard.VERIFY_CLEAN));
            DecantConfig config = fx.config(ChildInstance.FAST, TwoStores.shadow(), off);
            Decant ops = fx.open(Decant.builder(config));
            ops.init();
            fx.setPhase(Phase.DUAL_WRITE);
            assertThat(ops.verify(TwoStores.MIGRATION, VerifyOptions.defaults(), null).clean()).isTrue();

            long key;
            try (ChildInstance child = ChildInstance.start(DecantYaml.write(config, dir.resolve("monolith-1.yaml"), 3),
                    "monolith-1", dir, GeneratedInsertChild.class)) {
                child.send("hold-inserted", "insert 7 700 NEW");
                key = Long.parseLong(child.await(l -> l.startsWith("inserted 7 "), ChildInstance.REPLY_WAIT).split(" ")[2]);
                child.kill();
            }
            Order seven = new Order(key, 7, 700, "NEW");
            assertThat(fx.legacy.find(key)).contains(seven);
            assertThat(fx.target.find(key)).as("killed before its second write").isEmpty();
            assertThat(fx.control().intents().count(TwoStores.MIGRATION)).as("its pending insert").isEqualTo(1);
            long swept = repairUntilResolved(ops);
            assertThat(swept).as("the sweeper took the pending insert").isEqualTo(1);
            assertThat(fx.control().intents().unverifiedInserts(TwoStores.MIGRATION)).isEqualTo(1);
            DecantException refused = catchThrowableOfType(() -> ops.advance(TwoStores.MIGRATION, to(Phase.SHADOW_READ)),
                    DecantException.class);
            assertThat(refused.code()).isEqualTo(ErrorCode.GUARD_REFUSED);
            assertThat(String.join("\n", refused.details())).contains("FAILED verify-clean").contains("cut off");
            assertThat(ops.verify(TwoStores.MIGRATION, VerifyOptions.defaults().withRepair(true), null).repaired()).isEqualTo(1);
            assertThat(fx.control().intents().unverifiedInserts(TwoStores.MIGRATION)).isZero();
            assertThat(fx.target.find(key)).contains(seven);
            assertThat(ops.advance(TwoStores.MIGRATION, to(Phase.SHADOW_READ))).hasSize(1);

            try (ChildInstance child = ChildInstance.start(DecantYaml.write(config, dir.resolve("monolith-2.yaml"), 3),
                    "monolith-2", dir, GeneratedInsertChild.class)) {
                child.send("hold-between", "insert 8 800 NEW");
                child.await(l -> l.equals("between 8"), ChildInstance.REPLY_WAIT);
                child.kill();
            }
            List<Order> eight = fx.legacy.ofCustomer(8);
            assertThat(eight).hasSize(1);
            assertThat(fx.target.ofCustomer(8)).as("killed between its writes").isEmpty();
            assertThat(repairUntilResolved(ops)).as("the sweeper journaled the named key").isEqualTo(1);
            assertThat(fx.control().intents().unverifiedInserts(TwoStores.MIGRATION)).isZero();
            assertThat(fx.target.ofCustomer(8)).isEqualTo(eight);
            assertThat(fx.differences()).isEmpty();
        }
    }

    /**
     * {@code retire --drop} on PostgreSQL, where a serial column's sequence goes with its table: refused
     * while another table's default draws from it, and while it handed out keys since key generation
     * passed to the new store; nothing is deleted, and a retire without {@code --drop} still works.
     */
    @org.junit.jupiter.api.Test
    void retireDropIsRefusedWhileTheLegacySequenceIsStillUsed() throws Exception {
        try (TwoStores fx = new TwoStores(new Topology(io.decant.jdbc.testing.TestDatabases.Engine.POSTGRES,
                io.decant.jdbc.testing.TestDatabases.Engine.POSTGRES, false), true)) {
            fx.legacy.run("CREATE TABLE invoices (id bigint PRIMARY KEY DEFAULT nextval('orders_id_seq'), note text)");
            DecantConfig config = fx.config(TwoStores.fastInstances(), TwoStores.shadow(), OFF);
            Decant ops = fx.open(Decant.builder(config));
            ops.init();
            for (int i = 0; i < 5; i++) {
                fx.legacy.insertGenerated(1, i, "NEW");
            }
            ops.advance(TwoStores.MIGRATION, to(Phase.DUAL_WRITE));
            ops.backfill(TwoStores.MIGRATION, null, null);
            ops.advance(TwoStores.MIGRATION, to(Phase.SHADOW_READ));
            DecantException refused = catchThrowableOfType(() -> ops.advance(TwoStores.MIGRATION, to(Phase.READ_NEW)),
                    DecantException.class);
            fx.target.run(statement(refused));
            ops.advance(TwoStores.MIGRATION, to(Phase.NEW_ONLY));
            assertThat(ops.verify(TwoStores.MIGRATION, VerifyOptions.defaults(), null).clean()).isTrue();
            Path backup = dir.resolve("orders.dcnt");
            ops.backup(TwoStores.MIGRATION, backup, null);

            DecantException shared = catchThrowableOfType(() -> ops.retire(TwoStores.MIGRATION, backup, true, "test@it", null),
                    DecantException.class);
            assertThat(shared.code()).isEqualTo(ErrorCode.GUARD_REFUSED);
            assertThat(shared.details()).singleElement().asString().contains("orders_id_seq").contains("invoices.id");
            fx.legacy.run("INSERT INTO invoices (note) VALUES ('drawn after the flip')");
            DecantException drawn = catchThrowableOfType(() -> ops.retire(TwoStores.MIGRATION, backup, true, "test@it", null),
                    DecantException.class);
            assertThat(drawn.details()).hasSize(2).anySatisfy(d -> assertThat(d).contains("handed out keys after key generation"));
            assertThat(fx.legacy.rows()).as("nothing was deleted").hasSize(5);
            assertThat(fx.state().phase()).isEqualTo(Phase.NEW_ONLY);

            assertThat(ops.retire(TwoStores.MIGRATION, backup, false, "test@it", null).rowsDeleted()).isEqualTo(5);
            assertThat(fx.state().phase()).isEqualTo(Phase.RETIRED);
        }
    }

    /**
     * In one live instance: an insert whose legacy write throws before writing leaves a pending insert
     * that the instance drops after dead-after; one whose legacy row committed but whose reply was lost
     * leaves a row only a verification finds; one whose legacy key lies past a key fence (as for an
     * instance that has not seen the flip) fails before its second write, and repair removes its legacy row.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void failedAndFencedInsertsOfALiveInstanceAreNotAcknowledgedAndLeaveNothingBehind(Topology topology) {
        try (TwoStores fx = new TwoStores(topology, true)) {
            DecantConfig config = fx.config(TwoStores.fastInstances(), TwoStores.shadow(), OFF);
            Decant ops = fx.open(Decant.builder(config));
            ops.init();
            MigrationState s = fx.setPhase(Phase.DUAL_WRITE);
            Migration orders = fx.open(Decant.builder(config)).migration(TwoStores.MIGRATION);
            TwoStores.awaitVersion(orders, s.version());
            long first = orders.insert(write(fx.legacy, 1, 100, "NEW"), write(fx.target, 1, 100, "NEW"));
            assertThat(fx.target.find(first)).contains(new Order(first, 1, 100, "NEW"));

            assertThatThrownBy(() -> orders.insert(k -> {
                throw new IllegalStateException("duplicate order number (refused before writing)");
            }, write(fx.target, 2, 200, "NEW"))).hasMessageContaining("duplicate order number");
            long[] lost = new long[1];
            assertThatThrownBy(() -> orders.insert(k -> {
                lost[0] = fx.legacy.insertGenerated(3, 300, "NEW");
                throw new IllegalStateException("connection reset after the commit");
            }, write(fx.target, 3, 300, "NEW"))).hasMessageContaining("connection reset");
            awaitIntentsSettled(fx); // the instance drops both pending inserts after dead-after
            assertThat(fx.control().intents().unverifiedInserts(TwoStores.MIGRATION)).isZero();
            assertThat(fx.control().journal().depth(TwoStores.MIGRATION)).isZero();
            assertThat(fx.differences()).as("the row of the lost reply, in legacy only").hasSize(1);
            assertThat(ops.verify(TwoStores.MIGRATION, VerifyOptions.defaults().withRepair(true), null).repaired()).isEqualTo(1);
            assertThat(fx.target.find(lost[0])).contains(new Order(lost[0], 3, 300, "NEW"));

            // a fence as after a flip this instance has not seen: keys from legacy's next one on are the new store's
            long boundary = fx.legacy.insertGenerated(9, 9, "PROBE") + 1;
            fx.legacy.delete(boundary - 1);
            fx.control().keyFences().set(TwoStores.MIGRATION, new io.decant.control.KeyFence(boundary, true,
                    java.util.OptionalLong.empty(), null));
            assertThatThrownBy(() -> orders.insert(write(fx.legacy, 4, 400, "NEW"), write(fx.target, 4, 400, "NEW")))
                    .isInstanceOf(DecantException.class).hasMessageContaining("hand-over of key generation");
            List<Order> fenced = fx.legacy.ofCustomer(4);
            assertThat(fenced).hasSize(1);
            assertThat(fenced.get(0).id()).isGreaterThanOrEqualTo(boundary);
            assertThat(fx.target.ofCustomer(4)).as("refused before its second write").isEmpty();
            awaitIntentsSettled(fx); // journaled from the new store, whose generator owns the key
            assertThat(ops.repair(TwoStores.MIGRATION, false, null).repaired()).isEqualTo(1);
            assertThat(fx.legacy.ofCustomer(4)).as("the unacknowledged legacy row is undone").isEmpty();
            assertThat(fx.differences()).isEmpty();
        }
    }

    /** Repairs until the killed child counts as gone and its intent was resolved; returns how many intents were. */
    private static long repairUntilResolved(Decant ops) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (;;) {
            RepairResult r = ops.repair(TwoStores.MIGRATION, false, null);
            assertThat(r.failed()).isZero();
            if (r.intentsResolved() > 0 || System.nanoTime() > deadline) {
                return r.intentsResolved();
            }
            TwoStores.sleep(200);
        }
    }

    /** Waits until the intents of finished inserts were cleared and those of refused ones resolved (after dead-after). */
    static void awaitIntentsSettled(TwoStores fx) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (fx.control().intents().count(TwoStores.MIGRATION) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(fx.control().intents().count(TwoStores.MIGRATION) + " intents left");
            }
            TwoStores.sleep(20);
        }
    }
}
