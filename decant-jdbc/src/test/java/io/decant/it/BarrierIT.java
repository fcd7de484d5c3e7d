package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.decant.AdvanceRequest;
import io.decant.Decant;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.Migration;
import io.decant.Phase;
import io.decant.PhaseChange;
import io.decant.control.InstanceAck;
import io.decant.control.InstanceInfo;
import io.decant.control.InstanceStatus;
import io.decant.control.MigrationState;
import io.decant.it.TwoStores.Order;
import io.decant.it.TwoStores.Topology;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The phase barrier: {@code advance --wait} waits for every live instance to acknowledge, times out
 * naming the laggards, ignores dead instances, and completes once the laggard acknowledges.
 */
class BarrierIT {

    static List<Topology> topologies() {
        return TwoStores.crossTopologies();
    }

    /** An instance row kept alive by heartbeats that acknowledge an old version until told to follow. */
    static final class LaggingInstance implements AutoCloseable {
        final InstanceInfo info = new InstanceInfo("laggard-1", "lag-host", 4242);
        final AtomicBoolean follow = new AtomicBoolean();
        final Thread thread;

        LaggingInstance(TwoStores fx, MigrationState stuckAt) {
            thread = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    MigrationState s = follow.get() ? fx.state() : stuckAt;
                    fx.control().instances().heartbeat(info, List.of(new InstanceAck(TwoStores.MIGRATION, s.version(), s.phase())));
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "lagging-instance");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void advanceWaitTimesOutNamingTheLaggardAndNotTheDeadThenSucceedsOnceItAcknowledges(Topology topology) throws Exception {
        try (TwoStores fx = new TwoStores(topology)) {
            Decant operator = fx.open();
            operator.init();
            Decant a = fx.open(Decant.builder(fx.config()).instanceId("instance-a"));
            Decant b = fx.open(Decant.builder(fx.config()).instanceId("instance-b"));
            Migration ma = a.migration(TwoStores.MIGRATION);
            Migration mb = b.migration(TwoStores.MIGRATION);
            MigrationState start = fx.state();
            fx.control().instances().heartbeat(new InstanceInfo("dead-1", "gone-host", 7), List.of(new InstanceAck(TwoStores.MIGRATION,
                    start.version(), start.phase())));
            TwoStores.sleep(fx.config().instances().deadAfter().toMillis() + 500);

            try (LaggingInstance laggard = new LaggingInstance(fx, start)) {
                DecantException timeout = catchThrowableOfType(DecantException.class, () -> operator.advance(TwoStores.MIGRATION,
                        new AdvanceRequest(Optional.of(Phase.DUAL_WRITE), Duration.ofMillis(1500), false, null, "ops@it")));
                assertThat(timeout.code()).isEqualTo(ErrorCode.BARRIER_TIMEOUT);
                assertThat(timeout.getMessage()).contains("1 of 3 live instance(s)")
                        .contains("instance laggard-1 on lag-host (pid 4242) acts on LEGACY_ONLY (version 1)")
                        .doesNotContain("instance-a").doesNotContain("instance-b").doesNotContain("dead-1");
                assertThat(timeout.details()).anySatisfy(d -> assertThat(d).startsWith("dead (not waited for): instance dead-1"));
                MigrationState dual = fx.state();
                assertThat(dual.phase()).isEqualTo(Phase.DUAL_WRITE);
                assertThat(ma.phaseVersion()).isEqualTo(dual.version());
                assertThat(mb.phaseVersion()).isEqualTo(dual.version());

                laggard.follow.set(true);
                List<PhaseChange> changes = operator.advance(TwoStores.MIGRATION, new AdvanceRequest(Optional.of(Phase.SHADOW_READ),
                        Duration.ofSeconds(20), true, "barrier test: no backfill here", "ops@it"));
                assertThat(changes).singleElement().satisfies(c -> {
                    assertThat(c.to()).isEqualTo(Phase.SHADOW_READ);
                    assertThat(c.forced()).isTrue();
                });
                List<InstanceStatus> live = fx.control().instances().list(TwoStores.MIGRATION).stream()
                        .filter(i -> i.isLive(fx.config().instances().deadAfter())).toList();
                assertThat(live).extracting(InstanceStatus::instanceId).containsExactlyInAnyOrder("instance-a", "instance-b", "laggard-1");
                assertThat(live).allSatisfy(i -> assertThat(i.ackedVersion()).isGreaterThanOrEqualTo(changes.get(0).version()));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void anInstanceAcknowledgesANewPhaseOnlyAfterItsCallsOfTheOldPhaseFinished(Topology topology) throws Exception {
        try (TwoStores fx = new TwoStores(topology)) {
            Decant operator = fx.open();
            operator.init();
            fx.setPhase(Phase.DUAL_WRITE);
            Decant monolith = fx.open(Decant.builder(fx.config()).instanceId("monolith-1"));
            Migration orders = monolith.migration(TwoStores.MIGRATION);
            TwoStores.awaitVersion(orders, fx.state().version());

            CountDownLatch inLegacyWrite = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Order o = new Order(1, 1, 100, "NEW");
            Thread slowCall = new Thread(() -> orders.write(1L, () -> {
                inLegacyWrite.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                fx.legacy.upsert(o);
            }, () -> fx.target.upsert(o)));
            slowCall.start();
            inLegacyWrite.await();

            AdvanceRequest toShadow = new AdvanceRequest(Optional.of(Phase.SHADOW_READ), Duration.ofMillis(1500), true,
                    "barrier test", "ops@it");
            DecantException timeout = catchThrowableOfType(DecantException.class, () -> operator.advance(TwoStores.MIGRATION, toShadow));
            assertThat(timeout.code()).isEqualTo(ErrorCode.BARRIER_TIMEOUT);
            assertThat(timeout.getMessage()).contains("instance monolith-1").contains("acts on DUAL_WRITE");
            assertThat(orders.phase()).as("new calls already run under the new phase").isEqualTo(Phase.SHADOW_READ);

            release.countDown();
            slowCall.join();
            List<PhaseChange> next = operator.advance(TwoStores.MIGRATION, new AdvanceRequest(Optional.of(Phase.READ_NEW),
                    Duration.ofSeconds(20), true, "barrier test", "ops@it"));
            assertThat(next).singleElement().satisfies(c -> assertThat(c.to()).isEqualTo(Phase.READ_NEW));
            assertThat(fx.differences()).isEmpty();
        }
    }
}
