package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.AdvanceRequest;
import io.decant.Decant;
import io.decant.Migration;
import io.decant.Phase;
import io.decant.RepairResult;
import io.decant.config.DecantConfig;
import io.decant.control.InstanceStatus;
import io.decant.it.TwoStores.Order;
import io.decant.it.TwoStores.Topology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An instance that stopped heartbeating for longer than {@code instances.dead-after} is not waited
 * for by the phase barrier; so when it comes back it must not go on writing under the phase it had:
 * the phase moved on without it. The monolith whose call is paused runs in a child process
 * ({@link LibraryChild}) frozen with SIGSTOP between the two writes of a dual write; the later
 * writer is an in-process instance. And, the other way round, the intent of an instance that is
 * alive is not resolved behind its back just because its call is slow.
 */
class FencingIT {
    static final Order V0 = new Order(1, 10, 100, "NEW");

    static List<Topology> topologies() {
        return TwoStores.crossTopologies();
    }

    @TempDir
    Path dir;

    /**
     * The child in SHADOW_READ starts a dual write of key 1 = A and is frozen between its two
     * writes; the operator advances to READ_NEW past it; {@code laterWrite} runs in an in-process
     * READ_NEW instance (and records itself in the ledger); then the child is thawed and released.
     * Returns the child's reply to its paused call.
     */
    private static String pausedPastDeadAfter(TwoStores fx, DecantConfig config, Decant operator, Path dir, Order a,
                                              Ledger ledger, java.util.function.Consumer<Migration> laterWrite) {
        try (ChildInstance child = ChildInstance.start(config, "monolith-1", dir)) {
            assertThat(child.startPhase).isEqualTo(Phase.SHADOW_READ);
            child.send("hold-between", ChildInstance.writeCommand(a));
            child.awaitHold("between", 1);
            assertThat(fx.legacy.find(1)).as("legacy after the paused call's first write").contains(a);
            child.freeze();

            long t0 = System.nanoTime();
            operator.advance(TwoStores.MIGRATION, new AdvanceRequest(Optional.of(Phase.READ_NEW), Duration.ofSeconds(30), true,
                    "fencing test", "ops@it"));
            System.out.printf("%s: the advance past the frozen instance took %d ms%n", fx.topology,
                    (System.nanoTime() - t0) / 1_000_000);

            Migration later = fx.open(Decant.builder(config).instanceId("monolith-2")).migration(TwoStores.MIGRATION);
            TwoStores.awaitVersion(later, fx.state().version());
            laterWrite.accept(later);

            child.thaw();
            child.send("go");
            String reply = child.result(1);
            System.out.printf("%s: the paused call, thawed and released: %s%n", fx.topology, reply);
            ledger.upserted(a, reply);
            return reply;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void anInstancePausedPastDeadAfterDoesNotFinishItsDualWriteUnderTheOldPhase(Topology topology) {
        try (TwoStores fx = new TwoStores(topology)) {
            DecantConfig config = fx.config(ChildInstance.FAST, TwoStores.shadow(), Set.of());
            Decant operator = fx.open(Decant.builder(config));
            operator.init();
            Ledger ledger = new Ledger();
            fx.legacy.upsert(V0);
            fx.target.upsert(V0);
            ledger.seed(V0);
            fx.walkTo(Phase.SHADOW_READ);

            Order a = new Order(1, 10, 111, "A");
            Order b = new Order(1, 10, 222, "B");
            String reply = pausedPastDeadAfter(fx, config, operator, dir, a, ledger, later -> {
                later.write(1L, () -> fx.legacy.upsert(b), () -> fx.target.upsert(b));
                ledger.ack(b);
            });

            assertThat(reply).as("the paused call's second write, under its old phase SHADOW_READ, after READ_NEW went on"
                    + " without it and B was acknowledged (new store now: %s)", fx.target.find(1)).startsWith("failed 1 ");
            operator.repair(TwoStores.MIGRATION, false, null);
            assertThat(fx.legacy.find(1)).as("legacy after repair").contains(b);
            assertThat(fx.target.find(1)).as("new store after repair").contains(b);
            ledger.check(fx, "after repair");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void anInstancePausedPastDeadAfterDoesNotResurrectAKeyDeletedUnderTheNewPhase(Topology topology) {
        try (TwoStores fx = new TwoStores(topology)) {
            DecantConfig config = fx.config(ChildInstance.FAST, TwoStores.shadow(), Set.of());
            Decant operator = fx.open(Decant.builder(config));
            operator.init();
            Ledger ledger = new Ledger();
            fx.legacy.upsert(V0);
            fx.target.upsert(V0);
            ledger.seed(V0);
            fx.walkTo(Phase.SHADOW_READ);

            Order a = new Order(1, 10, 111, "A");
            String reply = pausedPastDeadAfter(fx, config, operator, dir, a, ledger, later -> {
                later.write(1L, () -> fx.legacy.delete(1), () -> fx.target.delete(1));
                ledger.ackDelete(1);
            });

            assertThat(reply).as("the paused call's second write, under its old phase SHADOW_READ, after READ_NEW went on"
                    + " without it and key 1 was deleted (new store now: %s)", fx.target.find(1)).startsWith("failed 1 ");
            operator.repair(TwoStores.MIGRATION, false, null);
            assertThat(fx.legacy.find(1)).as("legacy after repair").isEmpty();
            assertThat(fx.target.find(1)).as("new store after repair").isEmpty();
            ledger.check(fx, "after repair");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void anIntentOfALiveInstanceHeldBetweenItsWritesIsNotResolvedByAgeAlone(Topology topology) {
        try (TwoStores fx = new TwoStores(topology)) {
            DecantConfig config = fx.config(ChildInstance.FAST, TwoStores.shadow(), Set.of());
            Decant operator = fx.open(Decant.builder(config));
            operator.init();
            Ledger ledger = new Ledger();
            fx.legacy.upsert(V0);
            fx.target.upsert(V0);
            ledger.seed(V0);
            fx.walkTo(Phase.DUAL_WRITE);

            try (ChildInstance child = ChildInstance.start(config, "monolith-1", dir)) {
                assertThat(child.startPhase).isEqualTo(Phase.DUAL_WRITE);
                Order a = new Order(1, 10, 111, "A");
                child.send("hold-between", ChildInstance.writeCommand(a));
                child.awaitHold("between", 1);
                // older than dead-after: an old intent of a live instance may belong to a write waiting for a row lock...
                TwoStores.sleep(config.instances().deadAfter().toMillis() + 500);
                InstanceStatus me = fx.control().instances().list(TwoStores.MIGRATION).stream()
                        .filter(i -> i.instanceId().equals(child.instanceId)).findFirst().orElseThrow();
                assertThat(me.isLive(config.instances().deadAfter())).as("...but its instance renews its lease: %s", me).isTrue();

                RepairResult r = operator.repair(TwoStores.MIGRATION, false, null);

                assertThat(r.intentsResolved()).as("intents repair resolved while their live instance's call is between its"
                        + " writes (%s)", r).isZero();
                assertThat(fx.control().intents().count(TwoStores.MIGRATION)).as("intents left").isEqualTo(1);

                child.send("go");
                ledger.upserted(a, child.result(1));
                operator.repair(TwoStores.MIGRATION, false, null);
                ledger.check(fx, "after the held call finished and repair");
            }
        }
    }
}
