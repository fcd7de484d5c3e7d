package io.decant.http.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.BackfillOptions;
import io.decant.BackfillResult;
import io.decant.Decant;
import io.decant.Migration;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The backfill into a table Decant reaches only through the service's API (decant-service's
 * endpoint over a real database): chunks read share-locked from the legacy database and loaded
 * with {@code POST …/rows/load} by several workers, straight into empty ranges and merged where the
 * service already holds rows; then with eight writers dual-writing through the library while it
 * runs. An independent SQL comparison of both databases finds no difference.
 */
class HttpBackfillIT {
    private static final int ROWS = 5000;
    private static final List<String> COLUMNS = List.of("id", "customer_id", "total", "note", "flag", "payload", "updated_at");

    static String table(Database db) {
        boolean pg = ServiceFixture.postgres(db);
        return "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, total decimal(12,2), note varchar(40),"
                + " flag boolean, payload " + (pg ? "bytea" : "varbinary(64)") + ", updated_at " + (pg ? "timestamp(6)" : "datetime(6)")
                + ")" + (pg ? "" : " CHARACTER SET utf8mb4");
    }

    static void seed(Database legacy, int rows) {
        legacy.execute(ServiceFixture.postgres(legacy)
                ? "INSERT INTO orders SELECT g, g % 97, g / 10.0, 'row ' || g || ' é€', g % 3 = 0, decode(lpad(to_hex(g), 8, '0'), 'hex'),"
                + " timestamp '2024-01-01 00:00:00.25' + g * interval '1 second' FROM generate_series(1, " + rows + ") g"
                : "INSERT INTO orders SELECT seq, seq % 97, seq / 10.0, CONCAT('row ', seq, ' é€'), seq % 3 = 0, UNHEX(LPAD(HEX(seq), 8, '0')),"
                + " TIMESTAMP '2024-01-01 00:00:00.25' + INTERVAL seq SECOND FROM seq_1_to_" + rows);
    }

    @ParameterizedTest(name = "legacy {0} → service on {1}")
    @CsvSource({"POSTGRES,POSTGRES", "MARIADB,POSTGRES", "POSTGRES,MARIADB", "MARIADB,MARIADB"})
    void aMultiWorkerBackfillCopiesEveryRowThroughTheServicesApi(Engine from, Engine to) throws Exception {
        try (ServiceFixture f = new ServiceFixture(from, to)) {
            f.legacy.execute(table(f.legacy));
            f.service.execute(table(f.service));
            seed(f.legacy, ROWS);
            // the service already holds a few rows (stale): their chunks are merged, the others loaded straight
            f.service.execute("INSERT INTO orders (id, customer_id, total, note) VALUES (3, 0, 0, 'stale'), (4000, 0, 0, 'stale')");
            f.serve("orders", null);
            f.open("""
                    source: { store: legacy, table: orders, key: [id] }
                    target: { store: orders, table: orders, key: [id] }
                    backfill: { chunk-rows: 200, workers: 4 }
                    """, null);
            f.toDualWrite();

            BackfillResult result = f.decant.backfill("orders", BackfillOptions.defaults(), null);

            assertThat(result.completed()).isTrue();
            assertThat(result.workers()).isEqualTo(4);
            assertThat(result.method()).contains("HTTP");
            assertThat(result.rowsCopied()).isEqualTo(ROWS);
            assertThat(result.chunksMerged()).as("chunks whose range held service rows").isGreaterThanOrEqualTo(2);
            assertThat(result.chunksCopied() - result.chunksMerged()).as("chunks loaded straight").isGreaterThan(10);
            assertThat(ServiceFixture.rows(f.service, "orders", COLUMNS, "id"))
                    .containsExactlyElementsOf(ServiceFixture.rows(f.legacy, "orders", COLUMNS, "id"));
        }
    }

    /**
     * Eight writer threads insert, update and delete through the library (dual writes, legacy first;
     * the new write goes to the service's database, as the service's own write path would) on keys
     * the four-worker backfill is copying. Writers of one key take turns, as the monolith's row lock
     * would make them.
     */
    @ParameterizedTest(name = "legacy {0} → service on {1}")
    @CsvSource({"POSTGRES,MARIADB", "MARIADB,POSTGRES"})
    void concurrentWritersDuringTheBackfillLeaveNoDifference(Engine from, Engine to) throws Exception {
        int keys = ROWS + 1000;
        try (ServiceFixture f = new ServiceFixture(from, to)) {
            f.legacy.execute(table(f.legacy));
            f.service.execute(table(f.service));
            seed(f.legacy, ROWS);
            f.serve("orders", "updated_at");
            f.open("""
                    source: { store: legacy, table: orders, key: [id], version: updated_at }
                    target: { store: orders, table: orders, key: [id] }
                    backfill: { chunk-rows: 150, workers: 4, max-rows-per-second: 3000 }
                    """, "{ heartbeat: 200ms, phase-poll: 200ms, dead-after: 2s }");
            f.toDualWrite();

            BackfillResult result;
            Decant library = f.open();
            Migration orders = library.migration("orders");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> writerFailure = new AtomicReference<>();
            AtomicLong writes = new AtomicLong();
            ReentrantLock[] stripes = new ReentrantLock[64];
            for (int i = 0; i < stripes.length; i++) {
                stripes[i] = new ReentrantLock();
            }
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                Thread t = new Thread(() -> {
                    try (Connection legacy = f.legacy.connect(); Connection service = f.service.connect()) {
                        boolean pgLegacy = ServiceFixture.postgres(f.legacy);
                        boolean pgService = ServiceFixture.postgres(f.service);
                        while (!stop.get()) {
                            ThreadLocalRandom r = ThreadLocalRandom.current();
                            int op = r.nextInt(10);
                            long id = 1 + r.nextInt(keys);
                            LocalDateTime at = LocalDateTime.now().truncatedTo(ChronoUnit.MICROS);
                            BigDecimal total = BigDecimal.valueOf(r.nextInt(100_000), 2);
                            ReentrantLock lock = stripes[(int) (id % stripes.length)];
                            lock.lock();
                            try {
                                if (op < 2) {
                                    orders.write(id, () -> delete(legacy, id), () -> delete(service, id));
                                } else {
                                    orders.write(id, () -> upsert(legacy, pgLegacy, id, total, at), () -> upsert(service, pgService, id, total, at));
                                }
                            } finally {
                                lock.unlock();
                            }
                            writes.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        writerFailure.compareAndSet(null, e);
                    }
                }, "writer-" + w);
                writers.add(t);
                t.start();
            }
            try {
                result = f.decant.backfill("orders", BackfillOptions.defaults(), null);
            } finally {
                stop.set(true);
                for (Thread t : writers) {
                    t.join();
                }
            }
            assertThat(writerFailure.get()).isNull();
            assertThat(writes.get()).isGreaterThan(200);
            assertThat(result.completed()).isTrue();
            assertThat(result.workers()).isEqualTo(4);
            System.out.printf("legacy %s → service on %s: %d writes during the backfill; %s%n", from, to, writes.get(), result);
            assertThat(ServiceFixture.rows(f.service, "orders", COLUMNS, "id"))
                    .containsExactlyElementsOf(ServiceFixture.rows(f.legacy, "orders", COLUMNS, "id"));
        }
    }

    static void upsert(Connection c, boolean postgres, long id, BigDecimal total, LocalDateTime at) {
        String sql = postgres
                ? "INSERT INTO orders (id, customer_id, total, note, flag, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (id) DO UPDATE SET customer_id = EXCLUDED.customer_id, total = EXCLUDED.total,"
                + " note = EXCLUDED.note, flag = EXCLUDED.flag, updated_at = EXCLUDED.updated_at"
                : "INSERT INTO orders (id, customer_id, total, note, flag, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE customer_id = VALUES(customer_id), total = VALUES(total),"
                + " note = VALUES(note), flag = VALUES(flag), updated_at = VALUES(updated_at)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            ps.setLong(2, id % 89);
            ps.setBigDecimal(3, total);
            ps.setString(4, "written " + total);
            ps.setBoolean(5, id % 2 == 0);
            ps.setObject(6, at);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void delete(Connection c, long id) {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM orders WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
