package io.decant.http.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.BackfillOptions;
import io.decant.VerifyOptions;
import io.decant.VerifyReport;
import io.decant.VerifyReport.Difference;
import io.decant.VerifyReport.Kind;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.spi.Key;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Verification against a table behind the service's API: spans cut, digests and row hashes computed
 * by the service next to its data and compared with the legacy database's; differences planted in
 * the service's database (past the API) are found by kind — over the whole table, a key range and
 * listed keys — and {@code verify --repair} copies them from legacy through the API.
 */
class HttpVerifyIT {
    private static final int ROWS = 3000;
    private static final List<String> COLUMNS = List.of("id", "customer_id", "total", "note", "flag", "payload", "updated_at");

    private static VerifyOptions options() {
        return VerifyOptions.defaults().withRecheckDelay(Duration.ofMillis(100));
    }

    @ParameterizedTest(name = "legacy {0} → service on {1}")
    @CsvSource({"POSTGRES,POSTGRES", "MARIADB,POSTGRES", "POSTGRES,MARIADB", "MARIADB,MARIADB"})
    void verifyFindsEveryKindOfDifferenceInTheServiceAndRepairFixesThem(Engine from, Engine to) throws Exception {
        try (ServiceFixture f = new ServiceFixture(from, to)) {
            f.legacy.execute(HttpBackfillIT.table(f.legacy));
            f.service.execute(HttpBackfillIT.table(f.service));
            HttpBackfillIT.seed(f.legacy, ROWS);
            f.serve("orders", null);
            f.open("""
                    source: { store: legacy, table: orders, key: [id] }
                    target: { store: orders, table: orders, key: [id] }
                    backfill: { chunk-rows: 500, workers: 2 }
                    verify: { chunk-rows: 400, recheck-delay: 100ms }
                    """, null);
            f.toDualWrite();
            f.decant.backfill("orders", BackfillOptions.defaults(), null);

            VerifyReport clean = f.decant.verify("orders", options(), null);
            assertThat(clean.clean()).as("%s", clean).isTrue();
            assertThat(clean.rowsCompared()).isEqualTo(ROWS);
            assertThat(clean.inDatabase()).as("hashed next to the data on both sides").isTrue();
            assertThat(clean.spans()).isGreaterThan(3);

            // past the API, in the service's own database: two rows missing, two extra (one before the first key), two differing
            f.service.execute("DELETE FROM orders WHERE id IN (10, 1500)",
                    "INSERT INTO orders (id, customer_id, total, note) VALUES (0, 1, 1.00, 'extra'), (" + (ROWS + 100) + ", 1, 1.00, 'extra')",
                    "UPDATE orders SET note = 'changed' WHERE id = 20",
                    "UPDATE orders SET total = total + 1, payload = NULL WHERE id = 2500");

            VerifyReport found = f.decant.verify("orders", options(), null);
            System.out.printf("legacy %s → service on %s: %s%n", from, to, found);
            assertThat(found.missingInTarget()).isEqualTo(2);
            assertThat(found.extraInTarget()).isEqualTo(2);
            assertThat(found.differing()).isEqualTo(2);
            assertThat(found.clean()).isFalse();
            assertThat(found.spansDescended()).isGreaterThan(0);
            assertThat(found.samples()).extracting(Difference::kind, d -> d.key().toString()).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple(Kind.EXTRA_IN_TARGET, "0"),
                    org.assertj.core.groups.Tuple.tuple(Kind.MISSING_IN_TARGET, "10"),
                    org.assertj.core.groups.Tuple.tuple(Kind.DIFFERING_COLUMNS, "20"),
                    org.assertj.core.groups.Tuple.tuple(Kind.MISSING_IN_TARGET, "1500"),
                    org.assertj.core.groups.Tuple.tuple(Kind.DIFFERING_COLUMNS, "2500"),
                    org.assertj.core.groups.Tuple.tuple(Kind.EXTRA_IN_TARGET, String.valueOf(ROWS + 100)));
            assertThat(found.samples()).filteredOn(d -> d.key().equals(Key.of(2500L))).first()
                    .satisfies(d -> assertThat(d.columns()).containsExactlyInAnyOrder("total", "payload"));

            VerifyReport range = f.decant.verify("orders", options().withRange(Key.of(1L), Key.of(1000L)), null);
            assertThat(range.differences()).as("--from 1 --to 1000: %s", range).isEqualTo(2);
            VerifyReport listed = f.decant.verify("orders", options().withKeys(List.of(Key.of(2500L), Key.of(21L))), null);
            assertThat(listed.differing()).as("--keys 2500,21: %s", listed).isEqualTo(1);
            assertThat(listed.differences()).isEqualTo(1);

            VerifyReport repaired = f.decant.verify("orders", options().withRepair(true), null);
            assertThat(repaired.differences()).isEqualTo(6);
            assertThat(repaired.repaired()).isEqualTo(6);
            assertThat(repaired.clean()).isTrue();
            assertThat(f.decant.verify("orders", options(), null).clean()).isTrue();
            assertThat(ServiceFixture.rows(f.service, "orders", COLUMNS, "id"))
                    .containsExactlyElementsOf(ServiceFixture.rows(f.legacy, "orders", COLUMNS, "id"));
        }
    }

    /** A floating-point column is not hashed in a database: its rows are streamed from the service and compared in Java. */
    @ParameterizedTest(name = "legacy {0} → service on {1}")
    @CsvSource({"POSTGRES,MARIADB", "MARIADB,POSTGRES"})
    void rowsThatCannotBeHashedInTheDatabaseAreStreamedFromTheService(Engine from, Engine to) throws Exception {
        try (ServiceFixture f = new ServiceFixture(from, to)) {
            for (var db : List.of(f.legacy, f.service)) {
                db.execute("CREATE TABLE readings (id bigint PRIMARY KEY, ratio " + (ServiceFixture.postgres(db) ? "double precision" : "double")
                        + ", label varchar(20))");
            }
            f.legacy.execute(ServiceFixture.postgres(f.legacy)
                    ? "INSERT INTO readings SELECT g, g / 7.0, 'r' || g FROM generate_series(1, 1200) g"
                    : "INSERT INTO readings SELECT seq, seq / 7e0, CONCAT('r', seq) FROM seq_1_to_1200");
            f.serve("readings", null);
            f.open("""
                    source: { store: legacy, table: readings, key: [id] }
                    target: { store: orders, table: readings, key: [id] }
                    verify: { chunk-rows: 300, recheck-delay: 100ms }
                    """, null);
            f.toDualWrite();
            f.decant.backfill("orders", BackfillOptions.defaults(), null);
            VerifyReport clean = f.decant.verify("orders", options(), null);
            assertThat(clean.clean()).as("%s", clean).isTrue();
            assertThat(clean.inDatabase()).isFalse();
            assertThat(clean.rowsCompared()).isEqualTo(1200);

            f.service.execute("UPDATE readings SET ratio = ratio + 0.5 WHERE id = 700", "DELETE FROM readings WHERE id = 5");
            VerifyReport found = f.decant.verify("orders", options().withRepair(true), null);
            assertThat(found.differing()).isEqualTo(1);
            assertThat(found.missingInTarget()).isEqualTo(1);
            assertThat(found.clean()).isTrue();
            List<String> cols = List.of("id", "ratio", "label");
            assertThat(ServiceFixture.rows(f.service, "readings", cols, "id"))
                    .containsExactlyElementsOf(ServiceFixture.rows(f.legacy, "readings", cols, "id"));
        }
    }
}
