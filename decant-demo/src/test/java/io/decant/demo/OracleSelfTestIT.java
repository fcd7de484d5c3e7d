package io.decant.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.ProgressListener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The oracles of "no acknowledged write is lost" shown to catch something: {@link TableCheck} (the
 * demo's proof and ChaosIT's check against the ledger), ChaosIT's legacy-vs-service comparison, and
 * {@link DemoProof} as a whole. A correct end state is set up and found clean; then a missing row, an
 * extra row and a stale row (older than the last acknowledged write) are planted with plain SQL, one at
 * a time, in each store, and each oracle must report it, naming the key.
 */
class OracleSelfTestIT {
    private static final long ROWS = 40;
    /** Keys with a role in the fixture. */
    private static final long SAVED_TWICE = 3;
    private static final long DELETED = 5;
    private static final long FAILED = 7;
    private static final long UNTOUCHED = 10;
    private static final long PLACED_THEN_CHANGED = ROWS + 1;
    private static final long NEVER_WRITTEN = ROWS + 2;

    @ParameterizedTest(name = "legacy on {0}")
    @ValueSource(strings = {"postgres", "mariadb"})
    void tableChecksAndTheLegacyVsServiceComparisonCatchEveryPlantedDefectInEachStore(String legacyKind, @TempDir Path dir)
            throws Exception {
        try (Fixture fx = new Fixture(legacyKind, dir)) {
            fx.assertClean();
            for (Store store : Store.values()) {
                DemoDatabase db = fx.db(store);
                String id = store.idColumn;
                for (long key : new long[] {SAVED_TWICE, PLACED_THEN_CHANGED, UNTOUCHED}) {
                    exec(db, "DELETE FROM orders WHERE " + id + " = ?", key);
                    fx.assertCaught(store, Defect.MISSING, key);
                    fx.restore(store, key);
                }
                for (long[] copy : new long[][] {{DELETED, DELETED + 1}, {NEVER_WRITTEN, UNTOUCHED}}) {
                    exec(db, store.copyRow, copy[0], copy[1]);
                    fx.assertCaught(store, Defect.EXTRA, copy[0]);
                    exec(db, "DELETE FROM orders WHERE " + id + " = ?", copy[0]);
                    fx.assertClean();
                }
                for (Order older : new Order[] {fx.firstOf3, fx.firstOf41, fx.gen.initial(SAVED_TWICE)}) {
                    stale(db, store, older);
                    fx.assertCaught(store, Defect.STALE, older.id());
                    fx.restore(store, older.id());
                }
            }
            // a bound (the highest id handed out) taken too low must not hide a missing acknowledged key above it
            exec(fx.dbs.service(), "DELETE FROM orders WHERE order_id = ?", PLACED_THEN_CHANGED);
            TableCheck lowBound = TableCheck.service(fx.dbs.service(), new ExpectedOrders(fx.gen, ROWS, fx.ledger, ROWS));
            assertThat(lowBound.missing()).as("%s", lowBound).isEqualTo(1);
            assertThat(lowBound.samples()).first().asString().startsWith("key " + PLACED_THEN_CHANGED + " is missing");
        }
    }

    @ParameterizedTest(name = "legacy on {0}")
    @ValueSource(strings = {"postgres", "mariadb"})
    void theDemoProofFailsOnEveryPlantedDefect(String legacyKind, @TempDir Path dir) throws Exception {
        try (Fixture fx = new Fixture(legacyKind, dir)) {
            DemoDatabase legacy = fx.dbs.monolith();
            LegacyDigest beforeRetire = LegacyDigest.of(legacy);
            exec(legacy, "CREATE TABLE orders_backup AS SELECT * FROM orders");
            exec(legacy, "DELETE FROM orders");
            DemoProof proof = new DemoProof(fx.dbs, fx.gen, ROWS, fx.ledger, fx.maxId, beforeRetire, () -> {
                try {
                    exec(legacy, "DELETE FROM orders");
                    exec(legacy, "INSERT INTO orders SELECT * FROM orders_backup");
                    return "restored the backup";
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(fx.proof(proof)).contains("PROOF HOLDS");

            exec(fx.dbs.service(), "DELETE FROM orders WHERE order_id = ?", SAVED_TWICE);
            assertThat(fx.proof(proof)).contains("PROOF FAILED", "1 missing", "key " + SAVED_TWICE + " is missing");
            fx.put(Store.SERVICE, SAVED_TWICE);

            exec(fx.dbs.service(), Store.SERVICE.copyRow, DELETED, DELETED + 1);
            assertThat(fx.proof(proof)).contains("PROOF FAILED", "1 extra", "key " + DELETED + " exists but was deleted");
            exec(fx.dbs.service(), "DELETE FROM orders WHERE order_id = ?", DELETED);

            stale(fx.dbs.service(), Store.SERVICE, fx.firstOf41);
            assertThat(fx.proof(proof)).contains("PROOF FAILED", "1 with another value", "key " + PLACED_THEN_CHANGED + " holds");
            fx.put(Store.SERVICE, PLACED_THEN_CHANGED);
            assertThat(fx.proof(proof)).contains("PROOF HOLDS");

            // the legacy side after retire: a row left behind, and a backup that restores a missing, an extra or a stale row
            exec(legacy, "INSERT INTO orders SELECT * FROM orders_backup WHERE id = ?", UNTOUCHED);
            assertThat(fx.proof(proof)).contains("PROOF FAILED", "legacy orders still holds 1 rows after retire");
            exec(legacy, "DELETE FROM orders");
            assertThat(fx.proof(proof)).contains("PROOF HOLDS");
            for (String plant : new String[] {
                "DELETE FROM orders_backup WHERE id = " + UNTOUCHED,
                "INSERT INTO orders_backup SELECT " + NEVER_WRITTEN + ", customer_id, total, status, note, gift, created_at,"
                        + " updated_at, legacy_flags FROM orders_backup WHERE id = " + UNTOUCHED,
                "UPDATE orders_backup SET status = 'NEW', updated_at = created_at WHERE id = " + SAVED_TWICE}) {
                exec(legacy, "DROP TABLE orders_backup");
                exec(legacy, "CREATE TABLE orders_backup AS SELECT * FROM orders WHERE 1 = 0");
                fx.refillBackup();
                assertThat(fx.proof(proof)).as("before: %s", plant).contains("PROOF HOLDS");
                exec(legacy, plant);
                assertThat(fx.proof(proof)).as(plant).contains("PROOF FAILED", "restored legacy rows differ from the rows before retire");
            }
        }
    }

    private enum Store {
        LEGACY("id", "INSERT INTO orders (id, customer_id, total, status, note, gift, created_at, updated_at, legacy_flags)"
                + " SELECT ?, customer_id, total, status, note, gift, created_at, updated_at, legacy_flags FROM orders WHERE id = ?"),
        SERVICE("order_id", "INSERT INTO orders (order_id, customer, total, status, note, gift, placed_at, updated_at)"
                + " SELECT ?, customer, total, status, note, gift, placed_at, updated_at FROM orders WHERE order_id = ?");

        final String idColumn;
        final String copyRow;

        Store(String idColumn, String copyRow) {
            this.idColumn = idColumn;
            this.copyRow = copyRow;
        }
    }

    private enum Defect { MISSING, EXTRA, STALE }

    /** Overwrites the row of {@code older.id()} with {@code older}'s values, with plain SQL. */
    private static void stale(DemoDatabase db, Store store, Order older) throws SQLException {
        String sql = store == Store.LEGACY
                ? "UPDATE orders SET customer_id = ?, total = ?, status = ?, note = ?, gift = ?, created_at = ?, updated_at = ? WHERE id = ?"
                : "UPDATE orders SET customer = ?, total = ?, status = ?, note = ?, gift = ?, placed_at = ?, updated_at = ? WHERE order_id = ?";
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, older.customerId());
            ps.setBigDecimal(2, older.total());
            ps.setString(3, older.status());
            ps.setString(4, older.note());
            ps.setBoolean(5, older.gift());
            ps.setObject(6, time(store, older.createdAt()));
            ps.setObject(7, time(store, older.updatedAt()));
            ps.setLong(8, older.id());
            assertThat(ps.executeUpdate()).as("stale row planted").isEqualTo(1);
        }
    }

    private static Object time(Store store, Instant t) {
        return store == Store.LEGACY ? java.time.LocalDateTime.ofInstant(t, java.time.ZoneOffset.UTC)
                : java.time.OffsetDateTime.ofInstant(t, java.time.ZoneOffset.UTC);
    }

    private static void exec(DemoDatabase db, String sql, long... args) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setLong(i + 1, args[i]);
            }
            ps.execute();
        }
    }

    /**
     * Two databases in a correct end state: the initial rows in both, key 3 saved twice, key 5 deleted,
     * key 7's last write failed (its attempted state landed in both), key 41 placed then changed; the
     * ledger records exactly that.
     */
    private static final class Fixture implements AutoCloseable {
        final DemoDatabases dbs;
        final OrderGenerator gen = new OrderGenerator(5, ROWS, Instant.parse("2026-06-01T00:00:00Z"));
        final AcknowledgedWrites ledger = new AcknowledgedWrites();
        final long maxId = PLACED_THEN_CHANGED;
        final Order firstOf3;
        final Order firstOf41;
        private final LegacyOrders legacyDao;
        private final ServiceOrders serviceDao;

        Fixture(String legacyKind, Path dir) throws SQLException {
            boolean maria = legacyKind.equals("mariadb");
            dbs = DemoDatabases.start(new DemoSettings(ROWS, 1, 1, 1, Duration.ofSeconds(1), maria,
                    Optional.of(DemoIT.DemoServers.postgresAdminUrl()),
                    maria ? Optional.of(DemoIT.DemoServers.mariadbAdminUrl()) : Optional.empty(), false, 5, 10, dir));
            OrdersSchema.create(dbs.monolith(), dbs.service(), gen, ROWS, ProgressListener.NONE);
            legacyDao = new LegacyOrders(dbs.monolith(), "oracle-legacy", 2);
            serviceDao = new ServiceOrders(dbs.service(), "oracle-service", 2, () -> false);
            for (long id = 1; id <= ROWS; id++) {
                serviceDao.save(gen.initial(id));
            }
            SplittableRandom r = new SplittableRandom(5);
            Instant now = Instant.parse("2026-06-01T00:00:00Z");
            firstOf3 = gen.changed(gen.initial(SAVED_TWICE), r, now);
            ledger.saved(firstOf3);
            acknowledged(gen.changed(firstOf3, r, now.plusSeconds(1)));
            ledger.saved(gen.changed(gen.initial(DELETED), r, now));
            legacyDao.delete(DELETED);
            serviceDao.delete(DELETED);
            ledger.deleted(DELETED);
            Order attempted = gen.changed(gen.initial(FAILED), r, now);
            ledger.failed(FAILED, Optional.of(gen.initial(FAILED)), Optional.of(attempted));
            legacyDao.save(attempted);
            serviceDao.save(attempted);
            firstOf41 = gen.placed(PLACED_THEN_CHANGED, r, now);
            ledger.saved(firstOf41);
            acknowledged(gen.changed(firstOf41, r, now.plusSeconds(2)));
        }

        private void acknowledged(Order o) throws SQLException {
            legacyDao.save(o);
            serviceDao.save(o);
            ledger.saved(o);
        }

        DemoDatabase db(Store store) {
            return store == Store.LEGACY ? dbs.monolith() : dbs.service();
        }

        ExpectedOrders expected() {
            return new ExpectedOrders(gen, ROWS, ledger, maxId);
        }

        TableCheck check(Store store) {
            return store == Store.LEGACY ? TableCheck.legacy(dbs.monolith(), expected()) : TableCheck.service(dbs.service(), expected());
        }

        void assertClean() throws SQLException {
            for (Store s : Store.values()) {
                assertThat(check(s).clean()).as("%s: %s", s, check(s)).isTrue();
            }
            assertThat(LegacyVsService.differences(dbs.monolith(), dbs.service())).as("legacy vs service").isEmpty();
        }

        void assertCaught(Store store, Defect defect, long key) throws SQLException {
            TableCheck c = check(store);
            String what = store + " " + defect + " key " + key + ": " + c;
            assertThat(c.clean()).as(what).isFalse();
            assertThat(c.missing()).as(what).isEqualTo(defect == Defect.MISSING ? 1 : 0);
            assertThat(c.extra()).as(what).isEqualTo(defect == Defect.EXTRA ? 1 : 0);
            assertThat(c.differing()).as(what).isEqualTo(defect == Defect.STALE ? 1 : 0);
            assertThat(c.samples()).as(what).hasSize(1).first().asString().startsWith("key " + key + " ");
            Store other = store == Store.LEGACY ? Store.SERVICE : Store.LEGACY;
            assertThat(check(other).clean()).as("the other store, %s", check(other)).isTrue();
            assertThat(LegacyVsService.differences(dbs.monolith(), dbs.service())).as("legacy vs service: " + what).containsExactly(key);
        }

        /** Puts the expected row of {@code key} back (and checks the state is clean again). */
        void restore(Store store, long key) throws SQLException {
            put(store, key);
            assertClean();
        }

        /** Puts the expected row of {@code key} back. */
        void put(Store store, long key) throws SQLException {
            Order o = expected().acceptable(key).get(expected().acceptable(key).size() - 1).orElseThrow();
            if (store == Store.LEGACY) {
                legacyDao.save(o);
            } else {
                serviceDao.save(o);
            }
        }

        /** Refills the (emptied) backup with the legacy rows of before the retire: the rows the service holds. */
        void refillBackup() throws SQLException {
            try (Connection c = dbs.monolith().connect(); Statement s = c.createStatement()) {
                s.execute("DELETE FROM orders");
            }
            for (long id = 1; id <= maxId; id++) {
                Optional<Order> o = expected().acceptable(id).get(expected().acceptable(id).size() - 1);
                if (o.isPresent()) {
                    legacyDao.save(o.get());
                }
            }
            exec(dbs.monolith(), "INSERT INTO orders_backup SELECT * FROM orders");
            exec(dbs.monolith(), "DELETE FROM orders");
        }

        String proof(DemoProof proof) throws SQLException {
            StringWriter out = new StringWriter();
            proof.run(new Narration(new PrintWriter(out, true), w -> ProgressListener.NONE));
            exec(dbs.monolith(), "DELETE FROM orders");
            return out.toString();
        }

        @Override
        public void close() {
            legacyDao.close();
            serviceDao.close();
            dbs.close();
        }
    }
}
