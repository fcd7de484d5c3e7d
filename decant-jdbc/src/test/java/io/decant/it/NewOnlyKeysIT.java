package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.Decant;
import io.decant.Phase;
import io.decant.VerifyOptions;
import io.decant.config.DecantConfig;
import io.decant.it.TwoStores.Order;
import io.decant.it.TwoStores.Topology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * In NEW_ONLY only the new store is written, and a rollback must bring every key written there into
 * legacy. A key an instance wrote must be on record somewhere the rollback finds it from the moment
 * the call is acknowledged: not in the memory of a process that can be killed (SIGKILL) or frozen
 * (SIGSTOP) before its next heartbeat. The monolith runs in a child process ({@link LibraryChild});
 * both tables are checked with plain SQL against the {@link Ledger} of acknowledged writes.
 */
class NewOnlyKeysIT {
    static final Order ONE = new Order(1, 10, 100, "NEW");
    static final Order TWO = new Order(2, 20, 200, "NEW");

    static List<Topology> topologies() {
        return TwoStores.crossTopologies();
    }

    @TempDir
    Path dir;

    /** Rows 1 and 2 in both stores, in the ledger, and the migration walked to NEW_ONLY. */
    private static Ledger seedAndWalkToNewOnly(TwoStores fx) {
        Ledger ledger = new Ledger();
        for (Order o : List.of(ONE, TWO)) {
            fx.legacy.upsert(o);
            fx.target.upsert(o);
            ledger.seed(o);
        }
        fx.walkTo(Phase.NEW_ONLY);
        return ledger;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void keysWrittenInNewOnlySurviveACrashAndARollback(Topology topology) {
        try (TwoStores fx = new TwoStores(topology)) {
            DecantConfig config = fx.config(ChildInstance.SLOW_HEARTBEAT, TwoStores.shadow(), Set.of());
            Decant operator = fx.open(Decant.builder(config));
            operator.init();
            Ledger ledger = seedAndWalkToNewOnly(fx);

            Order update = new Order(1, 10, 150, "PAID");
            try (ChildInstance child = ChildInstance.start(config, "monolith-1", dir)) {
                assertThat(child.startPhase).isEqualTo(Phase.NEW_ONLY);
                child.send(ChildInstance.writeCommand(update), "delete 2");
                String updated = child.result(1);
                String deleted = child.result(2);
                long acked = System.nanoTime();
                child.kill(); // SIGKILL at once: before the instance's next heartbeat
                long killedAfterMs = (System.nanoTime() - acked) / 1_000_000;
                System.out.printf("%s: child killed %d ms after its last acknowledgement%n", topology, killedAfterMs);
                assertThat(updated).as("the update of key 1 in NEW_ONLY").isEqualTo("ok 1");
                assertThat(deleted).as("the delete of key 2 in NEW_ONLY").isEqualTo("ok 2");
                ledger.upserted(update, updated);
                ledger.deleted(2, deleted);
            }

            operator.rollback(TwoStores.MIGRATION, Phase.SHADOW_READ, "the service misbehaves", Duration.ofSeconds(30), "ops@it");
            operator.repair(TwoStores.MIGRATION, false, null);
            operator.verify(TwoStores.MIGRATION, VerifyOptions.defaults().withRepair(true), null);

            ledger.check(fx, "after a SIGKILL in NEW_ONLY, a rollback to SHADOW_READ, repair and verify --repair");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void aNewOnlyInstanceFrozenAcrossARollbackLosesNoWrite(Topology topology) {
        try (TwoStores fx = new TwoStores(topology)) {
            DecantConfig config = fx.config(ChildInstance.SLOW_HEARTBEAT, TwoStores.shadow(), Set.of());
            Decant operator = fx.open(Decant.builder(config));
            operator.init();
            Ledger ledger = seedAndWalkToNewOnly(fx);

            Order update = new Order(1, 10, 150, "PAID");
            try (ChildInstance child = ChildInstance.start(config, "monolith-1", dir)) {
                assertThat(child.startPhase).isEqualTo(Phase.NEW_ONLY);
                String reply = child.write(update);
                child.freeze(); // SIGSTOP at once: before the instance's next heartbeat
                assertThat(reply).as("the update of key 1 in NEW_ONLY").isEqualTo("ok 1");
                ledger.upserted(update, reply);

                long t0 = System.nanoTime();
                operator.rollback(TwoStores.MIGRATION, Phase.SHADOW_READ, "the service misbehaves", Duration.ofSeconds(30),
                        "ops@it");
                System.out.printf("%s: the rollback past the frozen instance took %d ms%n", topology,
                        (System.nanoTime() - t0) / 1_000_000);
                long rolledBack = fx.state().version();

                child.thaw();
                // a moment for the thawed instance to heartbeat and poll (it may also stay fenced)
                boolean acked = child.awaitAck(fx, rolledBack, Duration.ofSeconds(5));
                System.out.printf("%s: the thawed instance acknowledged SHADOW_READ: %s%n", topology, acked);
                operator.repair(TwoStores.MIGRATION, false, null);

                assertThat(fx.legacy.find(1)).as("legacy after the rollback and repair: the update acknowledged in NEW_ONLY"
                        + " by the instance that was frozen (deferred entries now: %d)",
                        fx.control().journal().deferredDepth(TwoStores.MIGRATION)).contains(update);
                assertThat(fx.control().journal().deferredDepth(TwoStores.MIGRATION)).as("deferred journal entries after the rollback")
                        .isZero();
                assertThat(fx.control().journal().depth(TwoStores.MIGRATION)).as("journal after repair").isZero();

                // its next call: fenced (its lease expired while it was frozen) or, having polled, a SHADOW_READ dual write
                Order next = new Order(1, 10, 175, "SHIPPED");
                String nextReply = child.write(next);
                System.out.printf("%s: the thawed instance's next write: %s%n", topology, nextReply);
                ledger.upserted(next, nextReply);
                operator.repair(TwoStores.MIGRATION, false, null);
                assertThat(fx.control().journal().depth(TwoStores.MIGRATION)).as("journal after the last repair").isZero();
                ledger.check(fx, "after a NEW_ONLY instance was frozen across a rollback to SHADOW_READ");
            }
        }
    }
}
