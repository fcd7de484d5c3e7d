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
 * {@code ChaosIT} (decant-cli) once its monolith instances stamped with skewed clocks; this is its
 * interleaving, step by step:
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
 *   <li>A verification finds the stores different and, with repair, copies by the version column
 *       (the newer stamp wins): A overwrites B in legacy. B is gone from both stores.</li>
 * </ol>
 *
 * <p>Open: the test fails until the backfill or the repair stops trusting such a version column
 * over the authoritative store (see docs/known-issues.md).
 */
class ClockSkewIT {

    static List<Topology> topologies() {
        return TwoStores.crossTopologies();
    }

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

    private static DecantConfig withInstances(DecantConfig c, InstanceSettings instances) {
        return new DecantConfig(c.control(), c.stores(), c.migrations(), instances, Optional.empty());
    }
}
