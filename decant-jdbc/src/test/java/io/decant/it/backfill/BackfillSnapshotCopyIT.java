package io.decant.it.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.decant.BackfillOptions;
import io.decant.BackfillResult;
import io.decant.Decant;
import io.decant.Migration;
import io.decant.config.DecantConfig;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PostgreSQL→PostgreSQL chunks are read from a snapshot without row locks and checked after the
 * target committed. This forces the case the check exists for: while the chunk's target
 * transaction is held open (its {@code COPY} waits on a key the test holds uncommitted), dual writes
 * commit in legacy after the snapshot and then find no row in the target — a delete, and updates
 * that match nothing — so the copy, once committed, carries stale rows. Afterwards an independent
 * SQL comparison finds the target equal to legacy, plus a row a third party wrote in the target
 * meanwhile, which the backfill must not delete.
 */
class BackfillSnapshotCopyIT {
    private static final int ROWS = 100;

    @ParameterizedTest(name = "composite key: {0}")
    @ValueSource(booleans = {false, true})
    void writesThatFindNoRowWhileTheCopyIsUncommittedAreRepairedByTheCheck(boolean composite) throws Exception {
        try (BackfillFixture f = new BackfillFixture(Engine.POSTGRES, Engine.POSTGRES)) {
            String keyColumns = composite ? "region, id" : "id";
            for (Database db : List.of(f.legacy, f.target)) {
                db.execute("CREATE TABLE orders (region varchar(8) NOT NULL, id bigint NOT NULL, total decimal(12,2),"
                        + " note varchar(40), updated_at timestamp(6), PRIMARY KEY (" + keyColumns + "))");
            }
            f.legacy.execute("INSERT INTO orders SELECT 'eu', g, g / 10.0, 'row ' || g, timestamp '2024-01-01 10:00:00'"
                    + " FROM generate_series(1, " + ROWS + ") g");
            f.open("""
                    source: { store: legacy, table: orders, key: [%s], version: updated_at }
                    target: { store: orders, table: orders, key: [%s] }
                    backfill: { chunk-rows: 1000, workers: 1 }
                    """.formatted(keyColumns, keyColumns), "{ heartbeat: 200ms, phase-poll: 200ms, dead-after: 2s }");
            f.toDualWrite();

            ExecutorService runner = Executors.newSingleThreadExecutor();
            try (Decant library = Decant.open(DecantConfig.load(f.configFile));
                 Connection legacy = f.legacy.connect(); Connection target = f.target.connect();
                 Connection blocker = f.target.connect()) {
                Migration orders = library.migration("orders");
                List<Integer> targetRowsHit = new ArrayList<>();
                // a source row lock would make these writes wait for the backfill, which waits for the test
                execute(legacy, "SET statement_timeout = '20s'");
                blocker.setAutoCommit(false);
                execute(blocker, "INSERT INTO orders VALUES ('eu', 50, 0, 'held', timestamp '2000-01-01 00:00:00')");
                long blockerXid = singleLong(blocker, "SELECT txid_current()") & 0xFFFF_FFFFL;

                Future<BackfillResult> backfill = runner.submit(() -> f.decant.backfill("orders", BackfillOptions.defaults(), null));
                awaitCopyWaitingFor(target, blockerXid, backfill);

                // the snapshot is taken and the copy is in the uncommitted target transaction: these
                // writes commit in legacy after the snapshot and match no target row
                orders.write(key(composite, 10), () -> assertRows(legacy, "DELETE FROM orders WHERE id = 10", 1),
                        () -> targetRowsHit.add(update(target, "DELETE FROM orders WHERE id = 10")));
                orders.write(key(composite, 20), () -> assertRows(legacy, "UPDATE orders SET total = 999.99, note = 'updated',"
                                + " updated_at = timestamp '2024-06-01 00:00:00' WHERE id = 20", 1),
                        () -> targetRowsHit.add(update(target, "UPDATE orders SET total = 999.99, note = 'updated',"
                                + " updated_at = timestamp '2024-06-01 00:00:00' WHERE id = 20")));
                // a version that goes back in time: the stale copy is the backfill's own, overwritten anyway
                orders.write(key(composite, 30), () -> assertRows(legacy, "UPDATE orders SET note = 'older',"
                                + " updated_at = timestamp '2023-01-01 00:00:00' WHERE id = 30", 1),
                        () -> targetRowsHit.add(update(target, "UPDATE orders SET note = 'older',"
                                + " updated_at = timestamp '2023-01-01 00:00:00' WHERE id = 30")));
                // a key deleted and written again: the copy's row is replaced by the new one
                orders.write(key(composite, 40), () -> assertRows(legacy, "DELETE FROM orders WHERE id = 40", 1),
                        () -> targetRowsHit.add(update(target, "DELETE FROM orders WHERE id = 40")));
                orders.write(key(composite, 40), () -> assertRows(legacy, "INSERT INTO orders VALUES ('eu', 40, 4.44, 'again',"
                                + " timestamp '2024-07-01 00:00:00')", 1),
                        () -> targetRowsHit.add(update(target, "UPDATE orders SET total = 4.44 WHERE id = 40")));
                // a row of the chunk's range written in the target by someone else, absent in legacy: not the backfill's to delete
                assertRows(target, "INSERT INTO orders VALUES ('eu', 77777, 7.77, 'third party', timestamp '2024-01-01 10:00:00')", 1);

                assertThat(targetRowsHit).as("target rows the dual writes found while the copy was uncommitted")
                        .containsExactly(0, 0, 0, 0, 0);
                blocker.rollback();
                BackfillResult result = backfill.get(120, TimeUnit.SECONDS);
                assertThat(result.completed()).isTrue();
                assertThat(result.method()).contains("snapshot");
                assertThat(result.chunksMerged()).isZero();
            } finally {
                runner.shutdownNow();
            }

            List<String> cols = List.of("region", "id", "total", "note", "updated_at");
            List<List<String>> expected = new ArrayList<>(BackfillFixture.rows(f.legacy, "orders", cols, List.of("id")));
            expected.add(List.of("eu", "77777", "7.77", "third party", "2024-01-01T10:00"));
            assertThat(expected).hasSize(ROWS);
            assertThat(BackfillFixture.rows(f.target, "orders", cols, List.of("id"))).containsExactlyElementsOf(expected);
        }
    }

    private static Object key(boolean composite, long id) {
        return composite ? List.of("eu", id) : id;
    }

    /** Waits until a target backend waits for the transaction {@code xid} (the backfill's COPY, on the held key). */
    private static void awaitCopyWaitingFor(Connection target, long xid, Future<?> backfill) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (PreparedStatement ps = target.prepareStatement("SELECT count(*) FROM pg_locks WHERE locktype = 'transactionid'"
                + " AND NOT granted AND transactionid::text = ?")) {
            ps.setString(1, Long.toString(xid));
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
                if (backfill.isDone()) {
                    backfill.get();
                    fail("the backfill finished without waiting for the held key");
                }
                if (System.nanoTime() > deadline) {
                    fail("the backfill's copy never waited for the held key");
                }
                Thread.sleep(20);
            }
        }
    }

    private static void assertRows(Connection c, String sql, int rows) {
        try (Statement s = c.createStatement()) {
            assertThat(s.executeUpdate(sql)).as(sql).isEqualTo(rows);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static int update(Connection c, String sql) {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long singleLong(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
