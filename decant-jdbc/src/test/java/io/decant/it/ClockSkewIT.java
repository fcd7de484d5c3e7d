package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.BackfillOptions;
import io.decant.BackfillResult;
import io.decant.Decant;
import io.decant.Migration;
import io.decant.Phase;
import io.decant.VerifyOptions;
import io.decant.config.DecantConfig;
import io.decant.config.InstanceSettings;
import io.decant.it.TwoStores.Order;
import io.decant.it.TwoStores.Topology;
import io.decant.jdbc.testing.TestDatabases.Engine;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A version column stamped by the writing hosts' clocks ({@code updated_at = now()} in the
 * application), of equal precision in both stores, where one host's clock runs ahead. Found by
 * {@code ChaosIT} (decant-demo) once its monolith instances stamped with skewed clocks; each test is
 * one of its interleavings, forced step by step; both are fixed (see docs/known-issues.md): a
 * repair waits out a dual write in flight, and a difference nobody recorded is copied from the
 * authoritative store, never by the version column.
 */
class ClockSkewIT {

    static List<Topology> topologies() {
        return TwoStores.crossTopologies();
    }

    /**
     * Fixed (it failed on both topologies while a verification's repair followed the newer version).
     *
     * <ol>
     *   <li>The phase moves to DUAL_WRITE. Host a (polling fast, its clock 30 ms ahead) dual-writes key
     *       1 = A, stamped t + 30 ms: both stores hold A.</li>
     *   <li>Host b still acts on LEGACY_ONLY (it polls slowly; the barrier waits for it) and writes key
     *       1 = B, stamped t by its clock: legacy only, as LEGACY_ONLY does. The call is acknowledged;
     *       B is the latest acknowledged write. Nothing is journaled: the backfill is what brings such
     *       writes over.</li>
     *   <li>Every instance acknowledged DUAL_WRITE; the backfill copies legacy's B version-guarded (an
     *       existing target row only by an equal or newer version): the new store's A carries a later
     *       stamp, so B is not copied.</li>
     *   <li>A verification finds the stores different and, with repair, copied by the version column
     *       (the newer stamp won): A overwrote B in legacy, and B was gone from both stores. Now it
     *       copies from the authoritative store, legacy: B reaches the new store.</li>
     * </ol>
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void aLegacyOnlyWriteOfALaggingInstanceSurvivesTheBackfillAndVerifyWhenAnotherHostsClockRunsAhead(Topology topology) {
        try (TwoStores fx = new TwoStores(topology)) {
            String micros = "timestamp(6)";
            DecantConfig versioned = CertainDirectionIT.versioned(fx, "updated_at",
                    topology.legacy() == Engine.POSTGRES ? micros : "DATETIME(6)", "changed_at",
                    topology.target() == Engine.POSTGRES ? micros : "DATETIME(6)");
            // dead-after long enough for host b's slow phase poll to keep its lease
            Duration deadAfter = Duration.ofSeconds(12);
            DecantConfig fast = withInstances(versioned, new InstanceSettings(Duration.ofMillis(100), Duration.ofMillis(50), deadAfter));
            DecantConfig slow = withInstances(versioned, new InstanceSettings(Duration.ofMillis(100), Duration.ofSeconds(6), deadAfter));
            Decant operator = fx.open(Decant.builder(fast));
            operator.init();
            Ledger ledger = new Ledger();
            Migration a = fx.open(Decant.builder(fast).instanceId("host-a")).migration(TwoStores.MIGRATION);
            Migration b = fx.open(Decant.builder(slow).instanceId("host-b")).migration(TwoStores.MIGRATION);
            TwoStores.awaitVersion(b, fx.state().version());

            long dualWrite = fx.setPhase(Phase.DUAL_WRITE).version();
            TwoStores.awaitVersion(a, dualWrite);
            LocalDateTime t = LocalDateTime.now().truncatedTo(ChronoUnit.MILLIS);
            Order first = new Order(1, 1, 100, "A");
            LocalDateTime ahead = t.plus(30, ChronoUnit.MILLIS); // host a's clock runs 30 ms ahead
            a.write(1L, () -> CertainDirectionIT.upsert(fx.legacy, "updated_at", first, ahead, false),
                    () -> CertainDirectionIT.upsert(fx.target, "changed_at", first, ahead, false));
            ledger.ack(first);

            assertThat(b.phase()).as("host b lags the phase change (test setup: its next poll is seconds away)")
                    .isEqualTo(Phase.LEGACY_ONLY);
            Order second = new Order(1, 1, 200, "B");
            b.write(1L, () -> CertainDirectionIT.upsert(fx.legacy, "updated_at", second, t, false),
                    () -> CertainDirectionIT.upsert(fx.target, "changed_at", second, t, false));
            ledger.ack(second);

            TwoStores.awaitVersion(b, dualWrite);
            BackfillResult backfilled = operator.backfill(TwoStores.MIGRATION, BackfillOptions.defaults(), null);
            assertThat(backfilled.completed()).as("backfill %s", backfilled).isTrue();
            operator.verify(TwoStores.MIGRATION, VerifyOptions.defaults().withRepair(true), null);
            operator.repair(TwoStores.MIGRATION, false, null);

            ledger.check(fx, "after the backfill and verify --repair (host a's A carried a stamp 30 ms ahead of host b's later B)");
        }
    }

    /**
     * A dual write whose second write is slow (a stalled network) is in flight while a verification
     * finds the stores different: legacy has its new row B, the new store still the older A, stamped
     * later by a clock running ahead. The repair must not decide by the version column while a write
     * of the key is in flight: copying A over B in legacy leaves A there once B's second write lands
     * and B is acknowledged (and a later verification then copies A over B in the new store too).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void aVerifyRepairDoesNotDecideByTheVersionWhileADualWriteOfTheKeyIsInFlight(Topology topology) throws Exception {
        try (TwoStores fx = new TwoStores(topology)) {
            String micros = "timestamp(6)";
            DecantConfig config = CertainDirectionIT.versioned(fx, "updated_at",
                    topology.legacy() == Engine.POSTGRES ? micros : "DATETIME(6)", "changed_at",
                    topology.target() == Engine.POSTGRES ? micros : "DATETIME(6)");
            Decant operator = fx.open(Decant.builder(config));
            operator.init();
            long dualWrite = fx.setPhase(Phase.DUAL_WRITE).version();
            Migration a = fx.open(Decant.builder(config).instanceId("host-a")).migration(TwoStores.MIGRATION);
            Migration b = fx.open(Decant.builder(config).instanceId("host-b")).migration(TwoStores.MIGRATION);
            TwoStores.awaitVersion(a, dualWrite);
            TwoStores.awaitVersion(b, dualWrite);
            Ledger ledger = new Ledger();

            LocalDateTime t = LocalDateTime.now().truncatedTo(ChronoUnit.MILLIS);
            Order first = new Order(1, 1, 100, "A");
            LocalDateTime ahead = t.plus(30, ChronoUnit.MILLIS); // host a's clock runs 30 ms ahead
            a.write(1L, () -> CertainDirectionIT.upsert(fx.legacy, "updated_at", first, ahead, false),
                    () -> CertainDirectionIT.upsert(fx.target, "changed_at", first, ahead, false));
            ledger.ack(first);

            // host b writes B later, by its own clock at t; its new-store write stalls until released
            Order second = new Order(1, 1, 200, "B");
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                java.util.concurrent.Future<?> call = writer.submit(() -> b.write(1L,
                        () -> CertainDirectionIT.upsert(fx.legacy, "updated_at", second, t, false), () -> {
                            try {
                                release.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            CertainDirectionIT.upsert(fx.target, "changed_at", second, t, false);
                        }));
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (!fx.legacy.find(1).equals(Optional.of(second)) && System.nanoTime() < deadline) {
                    TwoStores.sleep(10);
                }
                assertThat(fx.legacy.find(1)).as("legacy after B's first write").contains(second);

                operator.verify(TwoStores.MIGRATION, VerifyOptions.defaults().withRepair(true), null);

                release.countDown();
                call.get(30, java.util.concurrent.TimeUnit.SECONDS);
                ledger.ack(second);
            } finally {
                release.countDown();
                writer.shutdownNow();
            }
            ledger.check(fx, "after a verify --repair that ran while B's dual write was in flight, and B's acknowledgement");
        }
    }

    private static DecantConfig withInstances(DecantConfig c, InstanceSettings instances) {
        return new DecantConfig(c.control(), c.stores(), c.migrations(), instances, Optional.empty());
    }
}
