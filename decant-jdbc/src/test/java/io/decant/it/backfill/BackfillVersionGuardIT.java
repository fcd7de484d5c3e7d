package io.decant.it.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.BackfillOptions;
import io.decant.BackfillResult;
import io.decant.jdbc.testing.TestDatabases.Engine;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where the target already holds rows of a chunk, the chunk is merged: a target row with a newer
 * version keeps its values, an older one is overwritten, and a target row the source lacks stays.
 */
class BackfillVersionGuardIT {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"POSTGRES,POSTGRES", "MARIADB,POSTGRES", "POSTGRES,MARIADB", "MARIADB,MARIADB"})
    void aNewerTargetRowIsNeverOverwrittenByAnOlderSourceRow(Engine from, Engine to) throws Exception {
        try (BackfillFixture f = new BackfillFixture(from, to)) {
            for (var db : List.of(f.legacy, f.target)) {
                db.execute("CREATE TABLE orders (id bigint PRIMARY KEY, total decimal(10,2), updated_at "
                        + (f.postgres(db) ? "timestamp(6)" : "datetime(6)") + ")");
            }
            StringBuilder rows = new StringBuilder("INSERT INTO orders VALUES ");
            for (int i = 1; i <= 300; i++) {
                rows.append(i > 1 ? ", " : "").append("(").append(i).append(", ").append(i).append(".00, '2024-05-01 10:00:00')");
            }
            f.legacy.execute(rows.toString());
            f.target.execute("INSERT INTO orders VALUES (10, 999.00, '2024-05-01 11:00:00')",  // newer: kept
                    "INSERT INTO orders VALUES (20, 888.00, '2024-05-01 09:00:00')",               // older: overwritten
                    "INSERT INTO orders VALUES (30, 777.00, '2024-05-01 10:00:00')",               // equal: overwritten
                    "INSERT INTO orders VALUES (40, 666.00, NULL)",                                // no version: overwritten
                    "INSERT INTO orders VALUES (5000, 1.00, '2024-05-01 10:00:00')");              // not in source: kept
            f.open("""
                    source: { store: legacy, table: orders, key: [id], version: updated_at }
                    target: { store: orders, table: orders, key: [id] }
                    backfill: { chunk-rows: 50, workers: 2 }
                    """, null);
            f.toDualWrite();

            BackfillResult result = f.decant.backfill("orders", BackfillOptions.defaults(), null);

            assertThat(result.completed()).isTrue();
            assertThat(result.chunksMerged()).isGreaterThanOrEqualTo(2);
            assertThat(result.chunksCopied()).isGreaterThan(result.chunksMerged());
            List<List<String>> target = BackfillFixture.rows(f.target, "orders", List.of("id", "total", "updated_at"), List.of("id"));
            assertThat(target).hasSize(301);
            assertThat(target).contains(List.of("10", "999", "2024-05-01T11:00"), List.of("20", "20", "2024-05-01T10:00"),
                    List.of("30", "30", "2024-05-01T10:00"), List.of("40", "40", "2024-05-01T10:00"),
                    List.of("5000", "1", "2024-05-01T10:00"), List.of("300", "300", "2024-05-01T10:00"));
        }
    }
}
