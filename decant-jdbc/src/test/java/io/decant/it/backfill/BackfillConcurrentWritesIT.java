package io.decant.it.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.BackfillOptions;
import io.decant.BackfillResult;
import io.decant.Decant;
import io.decant.Migration;
import io.decant.config.DecantConfig;
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
 * Eight writer threads insert, update and delete through the library (dual writes, legacy first)
 * on keys the backfill is copying, while a four-worker backfill runs. Afterwards an independent SQL
 * comparison of both tables finds no difference. Writers of one key take turns (a striped lock
 * around the dual write), as the application's own row lock would make them: concurrent writers of
 * one key reaching the stores in different orders is the write path's race, healed by shadow reads
 * and verification, not the backfill's business.
 *
 * <p>Two write paths into the target: upserts (so most chunks meet target rows and are merged),
 * and plain {@code UPDATE}s and {@code DELETE}s, which find no target row before the backfill got
 * there (inserts go past the copied keys) — most chunks are then copied straight into an empty
 * range, and on PostgreSQL→PostgreSQL from a snapshot without row locks, checked after commit.
 */
class BackfillConcurrentWritesIT {
    private static final int ROWS = 6000;
    private static final int KEYS = 7000;

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"POSTGRES,POSTGRES", "MARIADB,POSTGRES", "POSTGRES,MARIADB", "MARIADB,MARIADB"})
    void concurrentWritersDuringAMultiWorkerBackfillLeaveNoDifference(Engine from, Engine to) throws Exception {
        run(from, to, false);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"POSTGRES,POSTGRES", "MARIADB,POSTGRES", "POSTGRES,MARIADB", "MARIADB,MARIADB"})
    void plainUpdatesAndDeletesThatMissUncopiedRowsLeaveNoDifference(Engine from, Engine to) throws Exception {
        BackfillResult result = run(from, to, true);
        if (from == Engine.POSTGRES && to == Engine.POSTGRES) {
            // the snapshot path ran, and its check found rows written since a snapshot
            assertThat(result.method()).contains("snapshot");
            assertThat(result.chunksCopied() - result.chunksMerged()).isGreaterThan(0);
            assertThat(result.chunksRedone()).isGreaterThan(0);
        }
    }

    private BackfillResult run(Engine from, Engine to, boolean plainWrites) throws Exception {
        try (BackfillFixture f = new BackfillFixture(from, to)) {
            for (Database db : List.of(f.legacy, f.target)) {
                db.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, total decimal(12,2), note varchar(40),"
                        + " updated_at " + (f.postgres(db) ? "timestamp(6)" : "datetime(6)") + ")");
            }
            f.legacy.execute(f.postgres(f.legacy)
                    ? "INSERT INTO orders SELECT g, g % 97, g / 10.0, 'row ' || g, timestamp '2024-01-01 00:00:00' FROM generate_series(1, " + ROWS + ") g"
                    : "INSERT INTO orders SELECT seq, seq % 97, seq / 10.0, CONCAT('row ', seq), TIMESTAMP '2024-01-01 00:00:00' FROM seq_1_to_" + ROWS);
            f.open("""
                    source: { store: legacy, table: orders, key: [id], version: updated_at }
                    target: { store: orders, table: orders, key: [id] }
                    backfill: { chunk-rows: 150, workers: 4, max-rows-per-second: 3000 }
                    """, "{ heartbeat: 200ms, phase-poll: 200ms, dead-after: 2s }");
            f.toDualWrite();

            BackfillResult result;
            try (Decant library = Decant.open(DecantConfig.load(f.configFile))) {
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
                        try (Connection legacy = f.legacy.connect(); Connection target = f.target.connect()) {
                            boolean pgLegacy = f.postgres(f.legacy);
                            boolean pgTarget = f.postgres(f.target);
                            while (!stop.get()) {
                                ThreadLocalRandom r = ThreadLocalRandom.current();
                                int op = r.nextInt(10);
                                // plain writes insert only keys past the copied ones, so the ranges being copied stay empty
                                long id = plainWrites && op == 9 ? ROWS + 1 + r.nextInt(KEYS - ROWS) : 1 + r.nextInt(plainWrites ? ROWS : KEYS);
                                LocalDateTime at = LocalDateTime.now().truncatedTo(ChronoUnit.MICROS);
                                BigDecimal total = BigDecimal.valueOf(r.nextInt(100_000), 2);
                                ReentrantLock lock = stripes[(int) (id % stripes.length)];
                                lock.lock();
                                try {
                                    if (op < (plainWrites ? 3 : 2)) {
                                        orders.write(id, () -> delete(legacy, id), () -> delete(target, id));
                                    } else if (plainWrites && op < 9) {
                                        orders.write(id, () -> update(legacy, id, total, at), () -> update(target, id, total, at));
                                    } else {
                                        orders.write(id, () -> upsert(legacy, pgLegacy, id, total, at),
                                                () -> upsert(target, pgTarget, id, total, at));
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
            }
            List<String> cols = List.of("id", "customer_id", "total", "note", "updated_at");
            List<List<String>> legacyRows = BackfillFixture.rows(f.legacy, "orders", cols, List.of("id"));
            List<List<String>> targetRows = BackfillFixture.rows(f.target, "orders", cols, List.of("id"));
            assertThat(targetRows).containsExactlyElementsOf(legacyRows);
            return result;
        }
    }

    private static void upsert(Connection c, boolean postgres, long id, BigDecimal total, LocalDateTime at) {
        String sql = postgres
                ? "INSERT INTO orders (id, customer_id, total, note, updated_at) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (id) DO UPDATE SET customer_id = EXCLUDED.customer_id, total = EXCLUDED.total,"
                + " note = EXCLUDED.note, updated_at = EXCLUDED.updated_at"
                : "INSERT INTO orders (id, customer_id, total, note, updated_at) VALUES (?, ?, ?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE customer_id = VALUES(customer_id), total = VALUES(total),"
                + " note = VALUES(note), updated_at = VALUES(updated_at)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            ps.setLong(2, id % 89);
            ps.setBigDecimal(3, total);
            ps.setString(4, "written " + total);
            ps.setObject(5, at);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A plain update: in the target it matches nothing while the backfill has not copied the row. */
    private static void update(Connection c, long id, BigDecimal total, LocalDateTime at) {
        try (PreparedStatement ps = c.prepareStatement("UPDATE orders SET customer_id = ?, total = ?, note = ?, updated_at = ?"
                + " WHERE id = ?")) {
            ps.setLong(1, id % 89);
            ps.setBigDecimal(2, total);
            ps.setString(3, "updated " + total);
            ps.setObject(4, at);
            ps.setLong(5, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Connection c, long id) {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM orders WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
