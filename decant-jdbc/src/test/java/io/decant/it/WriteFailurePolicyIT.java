package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.decant.Decant;
import io.decant.Migration;
import io.decant.Phase;
import io.decant.RepairResult;
import io.decant.StatusReport;
import io.decant.control.MigrationState;
import io.decant.it.TwoStores.Order;
import io.decant.it.TwoStores.Side;
import io.decant.it.TwoStores.Topology;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every phase × each store failing gives the outcome of the README's phase table, and after repair
 * both stores are equal by an independent SQL comparison.
 */
class WriteFailurePolicyIT {

    static List<Topology> topologies() {
        return TwoStores.allTopologies();
    }

    /** What a write under a phase with one store failing must do. */
    record Expected(boolean callFails, boolean legacyCalled, boolean newCalled, boolean legacyHasRow, boolean newHasRow) {
    }

    static Expected expected(Phase p, boolean legacyFails) {
        return switch (p) {
            case LEGACY_ONLY -> legacyFails ? new Expected(true, true, false, false, false)
                    : new Expected(false, true, false, true, false);
            case DUAL_WRITE, SHADOW_READ -> legacyFails ? new Expected(true, true, false, false, false)
                    : new Expected(false, true, true, true, false);
            case READ_NEW -> legacyFails ? new Expected(false, true, true, false, true)
                    : new Expected(true, false, true, false, false);
            case NEW_ONLY, RETIRED -> legacyFails ? new Expected(false, false, true, false, true)
                    : new Expected(true, false, true, false, false);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void everyPhaseWithEitherStoreFailingGivesTheDesignedOutcomeAndRepairMakesBothStoresEqual(Topology topology) {
        try (TwoStores fx = new TwoStores(topology)) {
            Decant decant = fx.open();
            decant.init();
            Migration orders = decant.migration(TwoStores.MIGRATION);
            long key = 1000;
            for (Phase p : List.of(Phase.LEGACY_ONLY, Phase.DUAL_WRITE, Phase.SHADOW_READ, Phase.READ_NEW, Phase.NEW_ONLY)) {
                TwoStores.awaitVersion(orders, fx.setPhase(p).version());
                for (boolean legacyFails : List.of(true, false)) {
                    key++;
                    writeWithOneStoreFailing(fx, orders, p, legacyFails, key);
                    if (p == Phase.LEGACY_ONLY) {
                        fx.legacy.delete(key); // the new store is not written before DUAL_WRITE: put the tables back in step
                    }
                }
                if (p.writesBoth()) {
                    // the failed second write's key; and, on a machine slow enough for dead-after (2 s) to pass,
                    // the failed authoritative write's key too, which its live instance journals by then
                    assertThat(decant.status(TwoStores.MIGRATION).journalDepth()).as("journal in %s", p).isBetween(1L, 2L);
                    RepairResult r = decant.repair(TwoStores.MIGRATION, false, null);
                    assertThat(r.repaired()).as("repaired in %s", p).isBetween(1L, 2L);
                    assertThat(r.failed()).isZero();
                    assertThat(fx.differences()).as("differences after repair in %s", p).isEmpty();
                    deleteWithTheOtherStoreFailing(fx, decant, orders, p, ++key);
                }
            }
            // NEW_ONLY: the key written while legacy was not written waits, deferred, for a rollback
            StatusReport inNewOnly = awaitDeferred(decant);
            assertThat(inNewOnly.journalDepth()).isZero();
            assertThat(decant.repair(TwoStores.MIGRATION, false, null).repaired()).as("repair leaves deferred keys").isZero();
            assertThat(fx.differences()).hasSize(1);
            decant.rollback(TwoStores.MIGRATION, Phase.READ_NEW, "bring legacy up to date", Duration.ofSeconds(20), "test@it");
            decant.repair(TwoStores.MIGRATION, false, null);
            assertThat(fx.differences()).as("differences after rollback from NEW_ONLY and repair").isEmpty();

            // RETIRED: new store only
            fx.setPhase(Phase.NEW_ONLY);
            MigrationState retired = fx.setPhase(Phase.RETIRED);
            TwoStores.awaitVersion(orders, retired.version());
            for (boolean legacyFails : List.of(true, false)) {
                writeWithOneStoreFailing(fx, orders, Phase.RETIRED, legacyFails, ++key);
            }
        }
    }

    private static void writeWithOneStoreFailing(TwoStores fx, Migration orders, Phase p, boolean legacyFails, long key) {
        Side failing = legacyFails ? fx.legacy : fx.target;
        Order o = new Order(key, 7, key * 10, "NEW");
        fx.legacy.calls.set(0);
        fx.target.calls.set(0);
        failing.failing.set(true);
        Throwable thrown;
        try {
            thrown = catchThrowable(() -> orders.write(key, () -> fx.legacy.upsert(o), () -> fx.target.upsert(o)));
        } finally {
            failing.failing.set(false);
        }
        Expected e = expected(p, legacyFails);
        String c = p + " with the " + failing.name + " store failing";
        if (e.callFails()) {
            assertThat(thrown).as(c + ": the call fails").isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(failing.name + " store is down");
        } else {
            assertThat(thrown).as(c + ": the call succeeds").isNull();
        }
        assertThat(fx.legacy.calls.get() > 0).as(c + ": legacy write called").isEqualTo(e.legacyCalled());
        assertThat(fx.target.calls.get() > 0).as(c + ": new write called").isEqualTo(e.newCalled());
        assertThat(fx.legacy.find(key)).as(c + ": legacy row").isEqualTo(e.legacyHasRow() ? java.util.Optional.of(o) : java.util.Optional.empty());
        assertThat(fx.target.find(key)).as(c + ": new row").isEqualTo(e.newHasRow() ? java.util.Optional.of(o) : java.util.Optional.empty());
    }

    /** A delete acknowledged while the non-authoritative store is down is repaired into a delete there too. */
    private static void deleteWithTheOtherStoreFailing(TwoStores fx, Decant decant, Migration orders, Phase p, long key) {
        Side other = p.legacyIsAuthoritative() ? fx.target : fx.legacy;
        Order o = new Order(key, 8, 80, "PAID");
        orders.write(key, () -> fx.legacy.upsert(o), () -> fx.target.upsert(o));
        assertThat(fx.legacy.find(key)).contains(o);
        assertThat(fx.target.find(key)).contains(o);
        other.failing.set(true);
        try {
            orders.write(key, () -> fx.legacy.delete(key), () -> fx.target.delete(key));
        } finally {
            other.failing.set(false);
        }
        assertThat(fx.differences()).as("after a delete in %s with the %s store failing", p, other.name).hasSize(1);
        decant.repair(TwoStores.MIGRATION, false, null);
        assertThat(fx.differences()).as("after repairing the delete in %s", p).isEmpty();
        assertThat(fx.legacy.rows()).doesNotContainKey(key);
    }

    private static StatusReport awaitDeferred(Decant decant) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        StatusReport s = decant.status(TwoStores.MIGRATION);
        while (s.deferredDepth() == 0 && System.nanoTime() < deadline) {
            TwoStores.sleep(20);
            s = decant.status(TwoStores.MIGRATION);
        }
        // recorded before each write, so the call whose new write failed left one too (copying its key's
        // current state is harmless); and durably before the calls returned, with no heartbeat needed
        assertThat(s.deferredDepth()).as("deferred keys of NEW_ONLY writes").isEqualTo(2);
        return s;
    }
}
