package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.Decant;
import io.decant.RepairResult;
import io.decant.control.Direction;
import io.decant.control.JournalOrigin;
import io.decant.it.TwoStores.Order;
import io.decant.it.TwoStores.Topology;
import io.decant.spi.Key;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A version column never decides a repair's direction: an uncertain difference (a shadow mismatch,
 * a verification difference) is copied in its journaled direction — the store authoritative when it
 * was found — and a certain one as it was journaled, whatever the versions say. (Deciding by the
 * newer version lost acknowledged writes whose version was stamped by a host clock running behind
 * another's: see ClockSkewIT.)
 */
class RepairVersionIT {

    static List<Topology> topologies() {
        return TwoStores.crossTopologies();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void anUncertainDifferenceIsCopiedInItsJournaledDirectionWhateverTheVersionsSay(Topology topology) {
        try (TwoStores fx = new TwoStores(topology)) {
            fx.legacy.db.execute("ALTER TABLE orders ADD COLUMN rev BIGINT NOT NULL DEFAULT 0");
            fx.target.db.execute("ALTER TABLE orders_v2 ADD COLUMN rev BIGINT NOT NULL DEFAULT 0");
            Decant ops = fx.open(Decant.builder(fx.configWithVersion()));
            ops.init();
            // key 1: journaled legacy→new, though the new store holds the higher version
            fx.legacy.db.execute("INSERT INTO orders (id, customer_id, total_cents, status, rev) VALUES (1, 1, 100, 'OLD', 5)");
            fx.target.db.execute("INSERT INTO orders_v2 (order_id, customer, total_cents, status, rev) VALUES (1, 1, 900, 'NEWER', 9)");
            // key 2: journaled new→legacy, though legacy holds the higher version
            fx.legacy.db.execute("INSERT INTO orders (id, customer_id, total_cents, status, rev) VALUES (2, 2, 700, 'NEWER', 7)");
            fx.target.db.execute("INSERT INTO orders_v2 (order_id, customer, total_cents, status, rev) VALUES (2, 2, 300, 'OLD', 3)");
            // key 3: same version on both sides
            fx.legacy.db.execute("INSERT INTO orders (id, customer_id, total_cents, status, rev) VALUES (3, 3, 30, 'LEGACY', 4)");
            fx.target.db.execute("INSERT INTO orders_v2 (order_id, customer, total_cents, status, rev) VALUES (3, 3, 31, 'NEW', 4)");
            // shadow mismatches: they say nothing about which store holds the latest write
            fx.control().journal().enqueue(TwoStores.MIGRATION, List.of(Key.of(1), Key.of(3)), Direction.LEGACY_TO_NEW, JournalOrigin.SHADOW_MISMATCH);
            fx.control().journal().enqueue(TwoStores.MIGRATION, List.of(Key.of(2)), Direction.NEW_TO_LEGACY, JournalOrigin.SHADOW_MISMATCH);

            RepairResult r = ops.repair(TwoStores.MIGRATION, false, null);
            assertThat(r.repaired()).isEqualTo(3);
            assertThat(r.failed()).isZero();
            assertThat(fx.differences()).isEmpty();
            assertThat(fx.target.find(1)).as("legacy's row copied, its lower version notwithstanding").contains(new Order(1, 1, 100, "OLD"));
            assertThat(fx.legacy.find(1)).contains(new Order(1, 1, 100, "OLD"));
            assertThat(fx.legacy.find(2)).as("the new store's row copied, its lower version notwithstanding").contains(new Order(2, 2, 300, "OLD"));
            assertThat(fx.target.find(3)).contains(new Order(3, 3, 30, "LEGACY"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void aCertainDirectionIsFollowedWhateverTheVersionsSay(Topology topology) {
        try (TwoStores fx = new TwoStores(topology)) {
            fx.legacy.db.execute("ALTER TABLE orders ADD COLUMN rev BIGINT NOT NULL DEFAULT 0");
            fx.target.db.execute("ALTER TABLE orders_v2 ADD COLUMN rev BIGINT NOT NULL DEFAULT 0");
            Decant ops = fx.open(Decant.builder(fx.configWithVersion()));
            ops.init();
            // key 1: the latest acknowledged write reached legacy only (its new write failed), with a
            // smaller version than the older write the new store still holds (a writer whose clock is
            // behind, or a counter restarted by a delete and re-insert)
            fx.legacy.db.execute("INSERT INTO orders (id, customer_id, total_cents, status, rev) VALUES (1, 1, 100, 'LATEST', 1)");
            fx.target.db.execute("INSERT INTO orders_v2 (order_id, customer, total_cents, status, rev) VALUES (1, 1, 900, 'OLDER', 9)");
            // key 2: the same the other way round (a READ_NEW write whose legacy write failed)
            fx.legacy.db.execute("INSERT INTO orders (id, customer_id, total_cents, status, rev) VALUES (2, 2, 700, 'OLDER', 7)");
            fx.target.db.execute("INSERT INTO orders_v2 (order_id, customer, total_cents, status, rev) VALUES (2, 2, 300, 'LATEST', 3)");
            fx.control().journal().enqueue(TwoStores.MIGRATION, List.of(Key.of(1)), Direction.LEGACY_TO_NEW, JournalOrigin.SECOND_WRITE_FAILED);
            fx.control().journal().enqueue(TwoStores.MIGRATION, List.of(Key.of(2)), Direction.NEW_TO_LEGACY, JournalOrigin.SECOND_WRITE_FAILED);
            // a later shadow mismatch of key 1 does not turn its certain direction around
            fx.control().journal().enqueue(TwoStores.MIGRATION, List.of(Key.of(1)), Direction.NEW_TO_LEGACY, JournalOrigin.SHADOW_MISMATCH);

            RepairResult r = ops.repair(TwoStores.MIGRATION, false, null);
            assertThat(r.repaired()).isEqualTo(2);
            assertThat(fx.differences()).isEmpty();
            assertThat(fx.target.find(1)).contains(new Order(1, 1, 100, "LATEST"));
            assertThat(fx.legacy.find(2)).contains(new Order(2, 2, 300, "LATEST"));
        }
    }
}
