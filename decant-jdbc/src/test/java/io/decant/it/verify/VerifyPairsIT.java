package io.decant.it.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.Decant;
import io.decant.VerifyOptions;
import io.decant.VerifyReport;
import io.decant.VerifyReport.Difference;
import io.decant.VerifyReport.Kind;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.spi.Key;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every engine pair, every value kind, a composite key, NULLs and renamed columns: identical tables
 * verify clean, and planted differences of all three kinds are found and named — both when spans
 * are hashed inside the databases and when rows are compared in Java (a JSON column).
 */
class VerifyPairsIT {
    private static final String VERIFY = "{ chunk-rows: 40, recheck-delay: 100ms }";

    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of(Engine.POSTGRES, Engine.POSTGRES),
                Arguments.of(Engine.MARIADB, Engine.POSTGRES),
                Arguments.of(Engine.POSTGRES, Engine.MARIADB),
                Arguments.of(Engine.MARIADB, Engine.MARIADB));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void identicalTablesOfEveryKindVerifyClean(Engine legacy, Engine target) throws Exception {
        try (VerifyFixture f = new VerifyFixture(legacy, target)) {
            Decant decant = f.open(VERIFY);
            f.fill(300);
            for (String migration : List.of("orders", "orders_hashed")) {
                VerifyReport r = decant.verify(migration, VerifyOptions.defaults(), null);
                assertThat(r.differences()).as(migration + ": " + r.samples()).isZero();
                assertThat(r.rowsCompared()).isEqualTo(300);
                assertThat(r.spans()).isGreaterThan(5);
                assertThat(r.inDatabase()).isEqualTo(migration.equals("orders_hashed"));
                assertThat(r.fullTable()).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void plantedDifferencesOfAllThreeKindsAreFoundAndNamed(Engine legacy, Engine target) throws Exception {
        try (VerifyFixture f = new VerifyFixture(legacy, target)) {
            Decant decant = f.open(VERIFY);
            f.fill(300);
            f.target.execute(
                    "DELETE FROM orders WHERE region = 'eu' AND order_id = 10",
                    "INSERT INTO orders (region, order_id, customer) VALUES ('zz', 1, 5)",
                    "UPDATE orders SET total_cents = total_cents + 0.01 WHERE region = 'us' AND order_id = 20",
                    "UPDATE orders SET status = NULL, paid = NULL WHERE region = 'eu' AND order_id = 30",
                    "UPDATE orders SET created = NULL WHERE region = 'us' AND order_id = 40",
                    "UPDATE orders SET payload = NULL WHERE region = 'eu' AND order_id = 50");
            f.legacy.execute("INSERT INTO orders (region, id) VALUES ('aa', 7)");
            f.target.execute("UPDATE orders SET document = '{\"items\": [1]}' WHERE region = 'us' AND order_id = 60");
            f.target.execute("UPDATE orders SET ref = '00000000-0000-0000-0000-000000000001' WHERE region = 'eu' AND order_id = 70");

            VerifyReport all = decant.verify("orders", VerifyOptions.defaults(), null);
            assertThat(all.missingInTarget()).isEqualTo(2);
            assertThat(all.extraInTarget()).isEqualTo(1);
            assertThat(all.differing()).isEqualTo(6);
            assertThat(all.samples()).contains(
                    new Difference(Kind.MISSING_IN_TARGET, Key.of("aa", 7), List.of(), false),
                    new Difference(Kind.MISSING_IN_TARGET, Key.of("eu", 10), List.of(), false),
                    new Difference(Kind.EXTRA_IN_TARGET, Key.of("zz", 1), List.of(), false),
                    new Difference(Kind.DIFFERING_COLUMNS, Key.of("us", 20), List.of("total_cents"), false),
                    new Difference(Kind.DIFFERING_COLUMNS, Key.of("eu", 30), List.of("status", "paid"), false),
                    new Difference(Kind.DIFFERING_COLUMNS, Key.of("us", 40), List.of("created"), false),
                    new Difference(Kind.DIFFERING_COLUMNS, Key.of("eu", 50), List.of("payload"), false),
                    new Difference(Kind.DIFFERING_COLUMNS, Key.of("us", 60), List.of("document"), false),
                    new Difference(Kind.DIFFERING_COLUMNS, Key.of("eu", 70), List.of("ref"), false));
            assertThat(all.clean()).isFalse();

            VerifyReport hashed = decant.verify("orders_hashed", VerifyOptions.defaults(), null);
            assertThat(hashed.inDatabase()).isTrue();
            assertThat(hashed.missingInTarget()).isEqualTo(2);
            assertThat(hashed.extraInTarget()).isEqualTo(1);
            assertThat(hashed.differing()).as("the JSON column is not mapped here").isEqualTo(5);
            assertThat(hashed.spansDescended()).isLessThan(hashed.spans());
        }
    }
}
