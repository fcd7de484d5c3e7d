package io.decant.it.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.Decant;
import io.decant.Phase;
import io.decant.VerifyOptions;
import io.decant.VerifyReport;
import io.decant.control.VerificationRecord;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.spi.Key;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code verify --repair} copies each persistent difference from the authoritative store (legacy
 * up to SHADOW_READ, new from READ_NEW) through the repair engine, after which a verify is clean;
 * every result is stored where the guards read it, and a key range or key list is not full-table
 * evidence.
 */
class VerifyRepairIT {
    private static final String VERIFY = "{ chunk-rows: 50, recheck-delay: 50ms }";

    static Stream<Arguments> pairs() {
        return Stream.of(Arguments.of(Engine.POSTGRES, Engine.MARIADB), Arguments.of(Engine.MARIADB, Engine.POSTGRES));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void repairFromLegacyThenVerifyIsClean(Engine legacy, Engine target) throws Exception {
        try (VerifyFixture f = new VerifyFixture(legacy, target)) {
            Decant decant = f.open(VERIFY);
            f.fill(200);
            f.advanceTo(Phase.DUAL_WRITE);
            plant(f);

            VerifyReport repaired = decant.verify("orders", VerifyOptions.defaults().withRepair(true), null);
            assertThat(repaired.differences()).isEqualTo(5);
            assertThat(repaired.repaired()).isEqualTo(5);
            assertThat(repaired.clean()).isTrue();
            assertThat(repaired.samples()).allMatch(VerifyReport.Difference::repaired);
            VerificationRecord stored = stored(decant, "orders");
            assertThat(stored.repaired()).isEqualTo(5);
            assertThat(stored.clean()).isTrue();

            VerifyReport again = decant.verify("orders", VerifyOptions.defaults(), null);
            assertThat(again.differences()).isZero();
            assertThat(again.rowsCompared()).isEqualTo(201);
            assertThat(count(f, f.target, "region = 'zz'")).as("the extra target row was deleted").isZero();
            assertThat(count(f, f.target, "region = 'aa'")).as("the missing row was copied").isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void fromReadNewTheNewStoreIsAuthoritative(Engine legacy, Engine target) throws Exception {
        try (VerifyFixture f = new VerifyFixture(legacy, target)) {
            Decant decant = f.open(VERIFY);
            f.fill(200);
            f.advanceTo(Phase.READ_NEW);
            plant(f);

            VerifyReport repaired = decant.verify("orders", VerifyOptions.defaults().withRepair(true), null);
            assertThat(repaired.repaired()).isEqualTo(5);
            assertThat(decant.verify("orders", VerifyOptions.defaults(), null).differences()).isZero();
            assertThat(count(f, f.legacy, "region = 'zz'")).as("the target's extra row was copied to legacy").isEqualTo(1);
            assertThat(count(f, f.legacy, "region = 'aa'")).as("the legacy-only row was deleted").isZero();
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void aKeyRangeOrKeyListIsComparedButIsNotFullTableEvidence(Engine legacy, Engine target) throws Exception {
        try (VerifyFixture f = new VerifyFixture(legacy, target)) {
            Decant decant = f.open(VERIFY);
            f.fill(200);
            plant(f);

            VerifyReport range = decant.verify("orders_hashed", VerifyOptions.defaults().withRange(Key.of("eu", 10), Key.of("eu", 40)), null);
            assertThat(range.fullTable()).isFalse();
            assertThat(range.rowsCompared()).isEqualTo(31);
            assertThat(range.samples()).extracting(d -> d.key().encode()).containsExactly("[\"eu\",10]", "[\"eu\",30]");
            assertThat(stored(decant, "orders_hashed").fullTable()).isFalse();

            VerifyReport keys = decant.verify("orders", VerifyOptions.defaults().withKeys(List.of(Key.of("zz", 1), Key.of("us", 3),
                    Key.of("us", 20))), null);
            assertThat(keys.fullTable()).isFalse();
            assertThat(keys.extraInTarget()).isEqualTo(1);
            assertThat(keys.differing()).isEqualTo(1);
            assertThat(keys.missingInTarget()).isZero();

            VerifyReport all = decant.verify("orders", VerifyOptions.defaults(), null);
            assertThat(all.fullTable()).isTrue();
            assertThat(stored(decant, "orders").fullTable()).isTrue();
            assertThat(stored(decant, "orders").clean()).isFalse();
        }
    }

    /** Five differences: two missing in target, one extra, two with differing columns. */
    private static void plant(VerifyFixture f) {
        f.target.execute(
                "DELETE FROM orders WHERE region = 'eu' AND order_id = 10",
                "INSERT INTO orders (region, order_id, customer, status) VALUES ('zz', 1, 5, 'extra')",
                "UPDATE orders SET total_cents = 1, status = 'changed' WHERE region = 'us' AND order_id = 20",
                "UPDATE orders SET paid = NULL, payload = NULL WHERE region = 'eu' AND order_id = 30");
        f.legacy.execute("INSERT INTO orders (region, id, status) VALUES ('aa', 7, 'legacy only')");
    }

    /** The verification the guards read: the newest stored for the migration. */
    private static VerificationRecord stored(Decant decant, String migration) {
        return decant.status(migration).verification().record();
    }

    private static long count(VerifyFixture f, Database db, String where) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
