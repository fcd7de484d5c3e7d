package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.Decant;
import io.decant.Migration;
import io.decant.Phase;
import io.decant.StatusReport;
import io.decant.control.MigrationState;
import io.decant.it.TwoStores.Order;
import io.decant.it.TwoStores.Topology;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Shadow reads against real stores: the answering store's value is returned, the other read is
 * compared, the four counts reach the control store under the phase version they were seen in, a
 * persistent mismatch is sampled with both values and journaled from the authoritative store, and
 * repair heals it.
 */
class ShadowReadsIT {
    static final int ROWS = 20;

    static List<Topology> topologies() {
        return TwoStores.crossTopologies();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void shadowReadsCountCompareSampleAndJournalMismatchesFromTheAuthoritativeStore(Topology topology) {
        try (TwoStores fx = new TwoStores(topology)) {
            Decant ops = fx.open();
            ops.init();
            MigrationState shadow = fx.setPhase(Phase.DUAL_WRITE);
            Decant monolith = fx.open();
            Migration orders = monolith.migration(TwoStores.MIGRATION);
            TwoStores.awaitVersion(orders, shadow.version());
            for (long k = 1; k <= ROWS; k++) {
                Order o = new Order(k, 3, k * 100, "NEW");
                orders.write(k, () -> fx.legacy.upsert(o), () -> fx.target.upsert(o));
            }
            shadow = fx.setPhase(Phase.SHADOW_READ);
            TwoStores.awaitVersion(orders, shadow.version());

            // the new store misses an update of key 7 (written behind Decant's back)
            fx.target.upsert(new Order(7, 3, 1, "STALE"));
            readAll(fx, orders, "legacy");
            StatusReport s = awaitCompared(ops, ROWS);
            assertThat(s.shadow().phaseVersion()).isEqualTo(shadow.version());
            assertThat(s.shadow().matched()).isEqualTo(ROWS - 1);
            assertThat(s.shadow().mismatched()).isEqualTo(1);
            assertThat(s.shadow().ignored()).isZero();
            assertThat(s.shadow().errored()).isZero();
            assertThat(s.mismatches()).singleElement().satisfies(m -> {
                assertThat(m.key()).isEqualTo("7");
                assertThat(m.legacyValue()).contains("totalCents=700");
                assertThat(m.newValue()).contains("STALE");
            });
            assertThat(s.journalDepth()).isEqualTo(1);
            ops.repair(TwoStores.MIGRATION, false, null);
            assertThat(fx.differences()).isEmpty();

            // READ_NEW: the new store answers; a stale legacy row is journaled new→legacy; a failing shadow read is errored
            MigrationState readNew = fx.setPhase(Phase.READ_NEW);
            TwoStores.awaitVersion(orders, readNew.version());
            fx.legacy.upsert(new Order(9, 3, 1, "STALE"));
            readAll(fx, orders, "new");
            Optional<Order> answered = orders.read(3L, () -> {
                throw new IllegalStateException("legacy read failed");
            }, () -> fx.target.find(3L));
            assertThat(answered).contains(new Order(3, 3, 300, "NEW"));
            StatusReport r = awaitCompared(ops, ROWS + 1);
            assertThat(r.shadow().phaseVersion()).isEqualTo(readNew.version());
            assertThat(r.shadow().matched()).isEqualTo(ROWS - 1);
            assertThat(r.shadow().mismatched()).isEqualTo(1);
            assertThat(r.shadow().errored()).isEqualTo(1);
            assertThat(r.journalDepth()).isEqualTo(1);
            ops.repair(TwoStores.MIGRATION, false, null);
            assertThat(fx.differences()).isEmpty();
            assertThat(fx.legacy.find(9)).contains(new Order(9, 3, 900, "NEW"));
        }
    }

    private static void readAll(TwoStores fx, Migration orders, String answering) {
        for (long k = 1; k <= ROWS; k++) {
            long key = k;
            Optional<Order> got = orders.read(key, () -> fx.legacy.find(key), () -> fx.target.find(key));
            Order expected = (answering.equals("legacy") ? fx.legacy : fx.target).find(key).orElseThrow();
            assertThat(got).as("key %d answered by %s", key, answering).contains(expected);
        }
    }

    /** Waits until the instance flushed {@code n} comparisons of the current phase version to the control store. */
    private static StatusReport awaitCompared(Decant ops, long n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        StatusReport s = ops.status(TwoStores.MIGRATION);
        while (s.shadow().matched() + s.shadow().mismatched() + s.shadow().errored() + s.shadow().ignored() < n
                || s.journalDepth() == 0) {
            if (System.nanoTime() > deadline) {
                break;
            }
            TwoStores.sleep(50);
            s = ops.status(TwoStores.MIGRATION);
        }
        return s;
    }
}
