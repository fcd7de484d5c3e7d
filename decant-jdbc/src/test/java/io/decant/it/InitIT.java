package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.decant.Decant;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.InitResult;
import io.decant.Phase;
import io.decant.it.TwoStores.Topology;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code decant init}: idempotent, checks the mapping against both tables, and on a bad mapping changes nothing. */
class InitIT {

    static List<Topology> topologies() {
        return TwoStores.crossTopologies();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void initRegistersEachMigrationOnceAndReportsItsMapping(Topology topology) {
        try (TwoStores fx = new TwoStores(topology)) {
            Decant ops = fx.open();
            InitResult first = ops.init();
            assertThat(first.schemaVersion()).isPositive();
            assertThat(first.migrations()).singleElement().satisfies(m -> {
                assertThat(m.name()).isEqualTo("orders");
                assertThat(m.phase()).isEqualTo(Phase.LEGACY_ONLY);
                assertThat(m.registered()).isTrue();
                assertThat(m.mapping()).containsExactly("order_id ← id", "customer ← customer_id", "total_cents ← total_cents",
                        "status ← status");
            });
            fx.setPhase(Phase.DUAL_WRITE);
            InitResult again = fx.open().init();
            assertThat(again.schemaVersion()).isEqualTo(first.schemaVersion());
            assertThat(again.migrations()).singleElement().satisfies(m -> {
                assertThat(m.registered()).isFalse();
                assertThat(m.phase()).isEqualTo(Phase.DUAL_WRITE);
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void aMappingThatDoesNotFitTheTablesIsBadConfigNamingTableColumnAndFixAndCreatesNothing(Topology topology) {
        try (TwoStores fx = new TwoStores(topology)) {
            fx.legacy.db.execute("ALTER TABLE orders DROP COLUMN customer_id");
            DecantException e = catchThrowableOfType(DecantException.class, () -> fx.open().init());
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_CONFIG);
            assertThat(e.getMessage()).contains("nothing was changed")
                    .contains("source table `orders` has no column `customer_id` (mapped to target column `customer`)")
                    .contains("fix `columns:`");
            assertThat(fx.control().schemaVersion()).as("no control schema was created").isZero();

            DecantException notInitialized = catchThrowableOfType(DecantException.class,
                    () -> fx.open().status(TwoStores.MIGRATION));
            assertThat(notInitialized.code()).isEqualTo(ErrorCode.BAD_CONFIG);
            assertThat(notInitialized.getMessage()).contains("run decant init");
        }
    }
}
