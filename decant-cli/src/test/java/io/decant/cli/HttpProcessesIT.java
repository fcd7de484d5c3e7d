package io.decant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.jdbc.testing.TestDatabases.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Processes killed with SIGKILL while the target is a store behind the service's API
 * ({@code url: http://…}: decant-service's endpoint over a real database): a {@code decant
 * backfill} and a {@code decant verify --repair} child are killed mid-run and the next run resumes
 * from their checkpoints; the service itself is killed mid-backfill, which then fails (exit 4)
 * naming the store, and a run after the service is back completes. Each ends with both tables
 * identical by plain SQL. Children run the real CLI main class (and the service's main) on this
 * test's classpath; every one is killed at the end of its test whatever happened.
 */
class HttpProcessesIT {
    private static final int BACKFILL_ROWS = 24_000;
    private static final int VERIFY_ROWS = 16_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "legacy {0} → service on {1}")
    @CsvSource({"POSTGRES,MARIADB", "MARIADB,POSTGRES"})
    void aBackfillKilledWithSigkillResumesThroughTheServicesApi(Engine legacyEngine, Engine serviceEngine) throws Exception {
        try (ServedOrders orders = new ServedOrders(dir, legacyEngine, serviceEngine, BACKFILL_ROWS)) {
            orders.serveInProcess();
            Path config = orders.config("backfill: { chunk-rows: 400, workers: 2, max-rows-per-second: 4000 }");
            toDualWrite(config);
            Process child = ChildDecant.start(dir, "backfill", config, "backfill", "orders");
            try {
                ChildDecant.waitFor(() -> doneChunks(orders) >= 8, 90, 50);
            } finally {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
            Map<Integer, Integer> doneBefore = chunkAttempts(orders);
            assertThat(ServedOrders.count(orders.legacy, "SELECT COUNT(*) FROM decant_backfill_lease WHERE state <> 'done'"))
                    .as("chunks left when the child was killed").isPositive();
            assertThat(ServedOrders.count(orders.service, "SELECT COUNT(*) FROM orders")).as("rows the child loaded")
                    .isPositive().isLessThan(BACKFILL_ROWS);

            Cli.Result resumed = Cli.run("--config", config.toString(), "backfill", "orders", "--max-rows-per-second", "0");

            assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
            assertThat(resumed.all()).contains("resuming the backfill of orders").contains("backfill complete: " + BACKFILL_ROWS + " rows");
            Map<Integer, Integer> after = chunkAttempts(orders);
            assertThat(after).hasSize(BACKFILL_ROWS / 400 + 1);
            doneBefore.forEach((chunk, attempts) -> assertThat(after.get(chunk)).as("chunk %d was not loaded again", chunk)
                    .isEqualTo(attempts));
            assertThat(orders.differences()).as("legacy vs service, by plain SQL").isEmpty();
        }
    }

    /** The service on MariaDB (the service killed below is on PostgreSQL). */
    @Test
    void aVerifyRepairKilledWithSigkillIsResumedAndLeavesTheTablesIdentical() throws Exception {
        Engine legacyEngine = Engine.POSTGRES;
        Engine serviceEngine = Engine.MARIADB;
        try (ServedOrders orders = new ServedOrders(dir, legacyEngine, serviceEngine, VERIFY_ROWS)) {
            orders.service.execute(ServedOrders.seed(orders.service, VERIFY_ROWS),
                    "UPDATE orders SET note = 'changed' WHERE id % 797 = 0",
                    "DELETE FROM orders WHERE id % 1999 = 0",
                    "UPDATE orders SET id = id + " + VERIFY_ROWS + " WHERE id % 4001 = 7");
            int planted = orders.differences().size();
            assertThat(planted).as("planted differences").isGreaterThan(30);
            orders.serveInProcess();
            Path config = orders.config("verify: { chunk-rows: 128, recheck-delay: 100ms }");
            Cli.Result init = Cli.run("--config", config.toString(), "init");
            assertThat(init.exitCode()).as(init.toString()).isZero();

            Process child = ChildDecant.start(dir, "verify", config, "verify", "orders", "--repair", "--workers", "1");
            try {
                ChildDecant.waitFor(() -> doneSpans(orders) >= 20 && orders.differences().size() < planted, 120, 100);
            } finally {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
            Map<Integer, Integer> doneBefore = spanAttempts(orders);
            int leftAfterKill = orders.differences().size();
            assertThat(leftAfterKill).as("differences left when the child was killed (of %d planted)", planted)
                    .isPositive().isLessThan(planted);
            assertThat(ServedOrders.count(orders.legacy, "SELECT COUNT(*) FROM decant_verifications")).isZero();

            Cli.Result resumed = Cli.run("--config", config.toString(), "verify", "orders", "--repair", "--workers", "2");

            System.out.printf("verify --repair killed after %d of %d planted differences were repaired; resumed: %s%n",
                    planted - leftAfterKill, planted, resumed.out().lines().findFirst().orElse(""));
            assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
            assertThat(resumed.err()).contains("joining run 1, ");
            assertThat(resumed.out()).contains("result: clean after repair");
            Map<Integer, Integer> after = spanAttempts(orders);
            doneBefore.forEach((span, attempts) -> assertThat(after.get(span)).as("span %d was not compared again", span)
                    .isEqualTo(attempts));
            assertThat(orders.differences()).as("legacy vs service, by plain SQL").isEmpty();
            Cli.Result again = Cli.run("--config", config.toString(), "verify", "orders");
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(again.out()).contains("result: clean");
        }
    }

    /**
     * The service is its own process, killed with SIGKILL while a backfill child loads chunks into
     * it: the backfill asks again a few times, then fails with exit 4 and a message naming the store
     * and why; once the service is back (same port), the next backfill resumes and completes.
     */
    @Test
    void aBackfillWhoseServiceIsKilledFailsWithExitFourAndARunAfterTheServiceIsBackCompletes() throws Exception {
        try (ServedOrders orders = new ServedOrders(dir, Engine.POSTGRES, Engine.POSTGRES, BACKFILL_ROWS)) {
            orders.startServiceProcess();
            Path config = orders.config("backfill: { chunk-rows: 400, workers: 2, max-rows-per-second: 3000 }");
            toDualWrite(config);
            Process backfill = ChildDecant.start(dir, "backfill", config, "backfill", "orders");
            try {
                ChildDecant.waitFor(() -> doneChunks(orders) >= 5, 90, 50);
                orders.killService();
                assertThat(backfill.waitFor(120, TimeUnit.SECONDS)).as("the backfill ended after its service was killed").isTrue();
            } finally {
                backfill.destroyForcibly();
                backfill.waitFor(30, TimeUnit.SECONDS);
            }
            String err = Files.readString(dir.resolve("backfill.err"));
            assertThat(backfill.exitValue()).as("exit of the backfill whose service was killed: %s", err).isEqualTo(4);
            assertThat(err).contains("decant: ").contains("store 'orders' (" + orders.url() + ")")
                    .contains("the service cannot be reached").doesNotContain(ServedOrders.TOKEN);
            assertThat(ServedOrders.count(orders.legacy, "SELECT COUNT(*) FROM decant_backfill_lease WHERE state <> 'done'"))
                    .as("chunks left when the service was killed").isPositive();

            orders.startServiceProcess();
            Cli.Result rerun = Cli.run("--config", config.toString(), "backfill", "orders", "--max-rows-per-second", "0");

            assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
            assertThat(rerun.all()).contains("resuming the backfill of orders").contains("backfill complete: " + BACKFILL_ROWS + " rows");
            assertThat(orders.differences()).as("legacy vs service, by plain SQL").isEmpty();
        }
    }

    private static void toDualWrite(Path config) {
        Cli.Result init = Cli.run("--config", config.toString(), "init");
        assertThat(init.exitCode()).as(init.toString()).isZero();
        Cli.Result advance = Cli.run("--config", config.toString(), "advance", "orders", "--to", "DUAL_WRITE", "--wait", "5s");
        assertThat(advance.exitCode()).as(advance.toString()).isZero();
    }

    private static long doneChunks(ServedOrders orders) throws SQLException {
        return ServedOrders.count(orders.legacy, "SELECT COUNT(*) FROM decant_backfill_lease WHERE state = 'done'");
    }

    private static long doneSpans(ServedOrders orders) throws SQLException {
        return ServedOrders.count(orders.legacy, "SELECT COUNT(*) FROM decant_verify_span WHERE state = 'done'");
    }

    private static Map<Integer, Integer> chunkAttempts(ServedOrders orders) throws SQLException {
        return attempts(orders, "SELECT chunk_no, attempts FROM decant_backfill_lease WHERE state = 'done'");
    }

    private static Map<Integer, Integer> spanAttempts(ServedOrders orders) throws SQLException {
        return attempts(orders, "SELECT span_no, attempts FROM decant_verify_span WHERE state = 'done'");
    }

    private static Map<Integer, Integer> attempts(ServedOrders orders, String sql) throws SQLException {
        Map<Integer, Integer> out = new TreeMap<>();
        try (Connection c = orders.legacy.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getInt(1), rs.getInt(2));
            }
        }
        return out;
    }
}
