package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.decant.Decant;
import io.decant.Migration;
import io.decant.Phase;
import io.decant.StatusReport;
import io.decant.control.MigrationState;
import io.decant.it.TwoStores.Order;
import io.decant.it.TwoStores.Topology;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Collection reads ({@link Migration#readAll}) in SHADOW_READ on real stores: a customer's orders are
 * read from legacy, which answers, and from the new store, compared as sets; deliberate differences
 * (an order missing from the new store, an extra one, a changed one) make one mismatched comparison
 * with a sample per differing order under its key, the keys are journaled and repair heals them; an
 * equal collection in another order matches, a failing shadow read errs.
 */
class CollectionReadsIT {
    static List<Topology> topologies() {
        return TwoStores.crossTopologies();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void aQuerysCollectionsAreComparedAsSetsCountedSampledByElementKeyAndRepaired(Topology topology) {
        try (TwoStores fx = new TwoStores(topology)) {
            Decant ops = fx.open();
            ops.init();
            MigrationState dual = fx.setPhase(Phase.DUAL_WRITE);
            Migration orders = fx.open().migration(TwoStores.MIGRATION);
            TwoStores.awaitVersion(orders, dual.version());
            for (long customer = 1; customer <= 2; customer++) {
                for (long n = 1; n <= 3; n++) {
                    Order o = new Order(customer * 10 + n, customer, n * 100, "NEW");
                    orders.write(o.id(), () -> fx.legacy.upsert(o), () -> fx.target.upsert(o));
                }
            }
            MigrationState shadow = fx.setPhase(Phase.SHADOW_READ);
            TwoStores.awaitVersion(orders, shadow.version());

            // behind Decant's back, customer 2's orders differ in the new store: 21 missing, 22 changed, 29 extra
            fx.target.delete(21);
            fx.target.upsert(new Order(22, 2, 1, "STALE"));
            fx.target.upsert(new Order(29, 2, 900, "NEW"));

            List<Order> one = orders.readAll("orders of customer 1", () -> sorted(fx.legacy.ofCustomer(1), false),
                    () -> sorted(fx.target.ofCustomer(1), true), Order::id);
            assertThat(one).as("legacy answers").isEqualTo(sorted(fx.legacy.ofCustomer(1), false));
            List<Order> two = orders.readAll("orders of customer 2", () -> fx.legacy.ofCustomer(2), () -> fx.target.ofCustomer(2),
                    Order::id);
            assertThat(two).extracting(Order::id).containsExactlyInAnyOrder(21L, 22L, 23L);
            orders.readAll("orders of customer 3", () -> fx.legacy.ofCustomer(3), () -> {
                throw new IllegalStateException("the new store's query failed");
            }, Order::id);

            StatusReport s = awaitShadow(ops, 3, 3);
            assertThat(s.shadow().phaseVersion()).isEqualTo(shadow.version());
            assertThat(s.shadow().matched()).as("customer 1: same orders, another order").isEqualTo(1);
            assertThat(s.shadow().mismatched()).as("customer 2: one comparison, three differing orders").isEqualTo(1);
            assertThat(s.shadow().errored()).isEqualTo(1);
            assertThat(s.shadow().ignored()).isZero();
            assertThat(s.mismatches()).extracting(StatusReport.Mismatch::key, m -> m.legacyValue().equals("∅"),
                    m -> m.newValue().equals("∅")).containsExactlyInAnyOrder(
                    tuple("21", false, true), tuple("22", false, false), tuple("29", true, false));
            assertThat(s.mismatches()).filteredOn(m -> m.key().equals("22")).singleElement().satisfies(m -> {
                assertThat(m.legacyValue()).contains("totalCents=200");
                assertThat(m.newValue()).contains("STALE");
            });
            assertThat(s.journalDepth()).as("the three keys, journaled from legacy").isEqualTo(3);

            ops.repair(TwoStores.MIGRATION, false, null);
            assertThat(fx.differences()).isEmpty();
            assertThat(fx.target.find(29)).as("the extra order is gone: legacy never had it").isEmpty();
            orders.readAll("orders of customer 2", () -> fx.legacy.ofCustomer(2), () -> fx.target.ofCustomer(2), Order::id);
            assertThat(awaitShadow(ops, 4, 0).shadow().matched()).as("after repair the collections match").isEqualTo(2);
        }
    }

    private static List<Order> sorted(List<Order> orders, boolean descending) {
        Comparator<Order> byId = Comparator.comparingLong(Order::id);
        return orders.stream().sorted(descending ? byId.reversed() : byId).toList();
    }

    /** Waits until {@code n} comparisons of the current phase version were flushed and the journal holds {@code depth} keys. */
    private static StatusReport awaitShadow(Decant ops, long n, long depth) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        StatusReport s = ops.status(TwoStores.MIGRATION);
        while (s.shadow().matched() + s.shadow().mismatched() + s.shadow().errored() + s.shadow().ignored() < n
                || s.journalDepth() != depth || s.mismatches().size() < (depth == 0 ? 0 : depth)) {
            if (System.nanoTime() > deadline) {
                break;
            }
            TwoStores.sleep(50);
            s = ops.status(TwoStores.MIGRATION);
        }
        return s;
    }
}
