package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.decant.Decant;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.Phase;
import io.decant.config.DecantConfig;
import io.decant.control.MigrationState;
import io.decant.it.TwoStores.Order;
import io.decant.it.TwoStores.Topology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A rollback that moves authority back to legacy (from READ_NEW or NEW_ONLY to SHADOW_READ or
 * earlier) is complete only when every live instance acts on the new phase and the journal was
 * drained after that: until then an instance may still write the new store alone. Without waiting
 * it cannot be complete, so it is refused; when its wait timed out, running it again finishes it.
 */
class RollbackAcrossTheFlipIT {

    static List<Topology> topologies() {
        return TwoStores.crossTopologies();
    }

    static Stream<Arguments> flipCases() {
        return TwoStores.crossTopologies().stream()
                .flatMap(t -> Stream.of(Arguments.of(t, Phase.NEW_ONLY), Arguments.of(t, Phase.READ_NEW)));
    }

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, from {1}")
    @MethodSource("flipCases")
    void aRollbackAcrossTheAuthorityFlipWithoutWaitingIsRefused(Topology topology, Phase from) {
        try (TwoStores fx = new TwoStores(topology)) {
            Decant operator = fx.open();
            operator.init();
            MigrationState before = fx.walkTo(from);

            DecantException refused = catchThrowableOfType(DecantException.class, () -> operator.rollback(TwoStores.MIGRATION,
                    Phase.SHADOW_READ, "back to legacy at once", Duration.ZERO, "ops@it"));

            assertThat(refused).as("a rollback from %s to SHADOW_READ with --wait 0 (state now: %s)", from, fx.state())
                    .isNotNull();
            assertThat(refused.code()).as("its error code (%s)", refused.getMessage()).isEqualTo(ErrorCode.BAD_CONFIG);
            assertThat(fx.state().phase()).as("the phase after the refusal").isEqualTo(from);
            assertThat(fx.state().version()).isEqualTo(before.version());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void aRollbackWhoseBarrierTimedOutIsFinishedByRunningItAgain(Topology topology) {
        try (TwoStores fx = new TwoStores(topology)) {
            DecantConfig config = fx.config(ChildInstance.FAST, TwoStores.shadow(), Set.of());
            Decant operator = fx.open(Decant.builder(config));
            operator.init();
            Ledger ledger = new Ledger();
            Order one = new Order(1, 10, 100, "NEW");
            fx.legacy.upsert(one);
            fx.target.upsert(one);
            ledger.seed(one);
            fx.walkTo(Phase.NEW_ONLY);

            try (ChildInstance child = ChildInstance.start(config, "monolith-1", dir)) {
                assertThat(child.startPhase).isEqualTo(Phase.NEW_ONLY);
                Order update = new Order(1, 10, 150, "PAID");
                ledger.upserted(update, child.write(update));
                awaitJournaled(fx, 1); // the key is on record (today: deferred, by the next heartbeat)

                // a call of the child's is held in NEW_ONLY: the instance cannot acknowledge a newer version
                Order held = new Order(2, 20, 200, "NEW");
                child.send("hold-new", ChildInstance.writeCommand(held));
                child.awaitHold("holding", 2);
                DecantException timeout = catchThrowableOfType(DecantException.class, () -> operator.rollback(TwoStores.MIGRATION,
                        Phase.SHADOW_READ, "the service misbehaves", Duration.ofSeconds(1), "ops@it"));
                assertThat(timeout).as("the rollback waiting 1s for an instance with a call in flight").isNotNull();
                assertThat(timeout.code()).as("its error code (%s)", timeout.getMessage()).isEqualTo(ErrorCode.BARRIER_TIMEOUT);
                MigrationState rolledBack = fx.state();
                assertThat(rolledBack.phase()).isEqualTo(Phase.SHADOW_READ);

                child.send("go");
                String reply = child.result(2);
                System.out.printf("%s: the held NEW_ONLY call, released: %s%n", topology, reply);
                ledger.upserted(held, reply);
                assertThat(child.awaitAck(fx, rolledBack.version(), Duration.ofSeconds(10)))
                        .as("the child acknowledged SHADOW_READ once its held call finished").isTrue();

                assertThatCode(() -> operator.rollback(TwoStores.MIGRATION, Phase.SHADOW_READ, "finishing the rollback",
                        Duration.ofSeconds(30), "ops@it")).as("the same rollback again, the phase already being SHADOW_READ")
                        .doesNotThrowAnyException();
                operator.repair(TwoStores.MIGRATION, false, null);

                ledger.check(fx, "after the rollback was run again and repair");
                assertThat(fx.control().journal().depth(TwoStores.MIGRATION)).as("journal").isZero();
                assertThat(fx.control().journal().deferredDepth(TwoStores.MIGRATION)).as("deferred entries").isZero();
            }
        }
    }

    private static void awaitJournaled(TwoStores fx, long depth) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (fx.control().journal().deferredDepth(TwoStores.MIGRATION) + fx.control().journal().depth(TwoStores.MIGRATION) < depth) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the NEW_ONLY instance did not journal its key within 10 s");
            }
            TwoStores.sleep(20);
        }
    }
}
