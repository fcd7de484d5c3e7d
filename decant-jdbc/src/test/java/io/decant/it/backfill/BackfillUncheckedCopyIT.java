package io.decant.it.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.BackfillOptions;
import io.decant.BackfillResult;
import io.decant.control.BackfillPlan;
import io.decant.control.ChunkLease;
import io.decant.control.ChunkLeases;
import io.decant.control.MigrationState;
import io.decant.jdbc.TestStores;
import io.decant.jdbc.driver.JdbcStoreConnection;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.store.KeyRange;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A worker that dies after committing a snapshot copy but before checking it leaves the copy
 * recorded as unchecked. Here such a copy is made by hand — a target transaction copies every
 * legacy row, then legacy deletes and updates rows the target never hears of (the writes that
 * would have missed the uncommitted copy) — and recorded under a lease of a worker that is gone.
 * The next backfill, whether it takes the chunk over (the same plan) or starts a new plan, settles
 * the copy: an independent SQL comparison finds the target equal to legacy, plus a row a third
 * party wrote in the target, which is not the backfill's to delete.
 */
class BackfillUncheckedCopyIT {
    private static final String M = "orders";

    @ParameterizedTest(name = "new plan: {0}")
    @ValueSource(booleans = {false, true})
    void aCopyLeftUncheckedByADeadWorkerIsSettledByTheNextBackfill(boolean restart) throws Exception {
        try (BackfillFixture f = new BackfillFixture(Engine.POSTGRES, Engine.POSTGRES)) {
            for (Database db : List.of(f.legacy, f.target)) {
                db.execute("CREATE TABLE orders (id bigint PRIMARY KEY, total decimal(12,2), note varchar(40), updated_at timestamp(6))");
            }
            String rows = "SELECT g, g / 10.0, 'row ' || g, timestamp '2024-01-01 10:00:00' FROM generate_series(1, 100) g";
            f.legacy.execute("INSERT INTO orders " + rows);
            f.open("""
                    source: { store: legacy, table: orders, key: [id], version: updated_at }
                    target: { store: orders, table: orders, key: [id] }
                    backfill: { chunk-rows: 1000, workers: 1 }
                    """, null);
            f.toDualWrite();

            long copyXid;
            try (Connection target = f.target.connect(); Statement s = target.createStatement()) {
                target.setAutoCommit(false);
                try (ResultSet rs = s.executeQuery("SELECT txid_current()")) {
                    rs.next();
                    copyXid = rs.getLong(1);
                }
                s.execute("INSERT INTO orders " + rows);
                target.commit();
            }
            f.legacy.execute("DELETE FROM orders WHERE id IN (10, 11)",
                    "UPDATE orders SET total = 999.99, note = 'updated', updated_at = timestamp '2024-06-01 00:00:00' WHERE id = 20",
                    "UPDATE orders SET note = 'older', updated_at = timestamp '2023-01-01 00:00:00' WHERE id = 30");
            f.target.execute("INSERT INTO orders VALUES (77777, 7.77, 'third party', timestamp '2024-01-01 10:00:00')");

            try (JdbcStoreConnection control = TestStores.open("legacy", f.legacy, 2)) {
                ChunkLeases leases = control.control().chunkLeases();
                leases.ensureSchema();
                MigrationState state = control.control().phases().state(M).orElseThrow();
                BackfillPlan plan = leases.planOnce(M, p -> false, new BackfillPlan(M, 0, state.version(),
                        state.dualWriteVersion(), 1000, 0, 0, null, null), chunks -> chunks.accept(KeyRange.ALL));
                ChunkLease dead = leases.claim(M, plan.planId(), "elsewhere:1:gone#0", Duration.ofMillis(1)).orElseThrow();
                assertThat(leases.recordUncheckedCopy(dead, "pg-xid:" + copyXid)).isTrue();

                BackfillResult result = f.decant.backfill(M, BackfillOptions.defaults().withRestart(restart), null);

                assertThat(result.completed()).isTrue();
                assertThat(leases.uncheckedCopies(M)).isEmpty();
            }
            List<String> cols = List.of("id", "total", "note", "updated_at");
            List<List<String>> expected = new ArrayList<>(BackfillFixture.rows(f.legacy, "orders", cols, List.of("id")));
            expected.add(List.of("77777", "7.77", "third party", "2024-01-01T10:00"));
            assertThat(expected).hasSize(99);
            assertThat(BackfillFixture.rows(f.target, "orders", cols, List.of("id"))).containsExactlyElementsOf(expected);
        }
    }
}
