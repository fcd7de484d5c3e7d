package io.decant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.Phase;
import io.decant.config.StoreConfig;
import io.decant.control.InstanceAck;
import io.decant.control.InstanceInfo;
import io.decant.jdbc.driver.JdbcStoreConnection;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code decant backfill} end to end: refusals exit 3 and write nothing; a backfill process killed
 * with SIGKILL resumes from its checkpoints; two processes share the chunks; {@code --restart}.
 * Child processes run the real CLI main class on this test's classpath.
 */
class BackfillCommandIT {
    private static final int ROWS = 24_000;

    @TempDir
    Path dir;

    private Database legacy;
    private Database service;

    private Path setUp(int rows, String backfill) throws Exception {
        legacy = TestDatabases.postgres().createDatabase();
        service = TestDatabases.postgres().createDatabase();
        legacy.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, total numeric(12,2),"
                        + " note text, updated_at timestamp(6) NOT NULL)",
                "INSERT INTO orders SELECT g, g % 97, g / 4.0, CASE WHEN g % 7 = 0 THEN NULL ELSE 'note ' || g END,"
                        + " timestamp '2026-01-01 00:00:00' + g * interval '1 second' FROM generate_series(1, " + rows + ") g");
        service.execute("CREATE TABLE orders (order_id bigint PRIMARY KEY, customer bigint NOT NULL, total numeric(12,2),"
                + " note text, updated_at timestamp(6) NOT NULL)");
        String yaml = "stores:\n"
                + store("legacy", legacy) + store("service", service)
                + "instances: { heartbeat: 1s, phase-poll: 200ms, dead-after: 10s }\n"
                + "migrations:\n"
                + "  orders:\n"
                + "    source: { store: legacy, table: orders, key: [id], version: updated_at }\n"
                + "    target: { store: service, table: orders, key: [order_id] }\n"
                + "    columns: { order_id: id, customer: customer_id, total: total, note: note, updated_at: updated_at }\n"
                + "    backfill: " + backfill + "\n";
        Path config = dir.resolve("decant.yaml");
        Files.writeString(config, yaml);
        return config;
    }

    private static String store(String name, Database db) {
        return "  " + name + ":\n    url: " + db.url() + "\n" + (db.user() == null ? "" : "    user: " + db.user() + "\n")
                + (db.password() == null ? "" : "    password: " + db.password() + "\n");
    }

    @Test
    void backfillBeforeDualWriteExitsThreeAndWritesNothing() throws Exception {
        Path config = setUp(100, "{ chunk-rows: 10 }");
        assertThat(Cli.run("--config", config.toString(), "init").exitCode()).isZero();

        Cli.Result r = Cli.run("--config", config.toString(), "backfill", "orders");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains("LEGACY_ONLY").contains("decant advance orders");
        assertThat(count(service, "SELECT COUNT(*) FROM orders")).isZero();
        assertThat(count(legacy, "SELECT COUNT(*) FROM decant_backfill_plan")).isZero();
        assertThat(count(legacy, "SELECT COUNT(*) FROM decant_backfill_lease")).isZero();
    }

    @Test
    void backfillBeforeEveryLiveInstanceAcknowledgedDualWriteExitsThreeNamingIt() throws Exception {
        Path config = setUp(100, "{ chunk-rows: 10 }");
        assertThat(Cli.run("--config", config.toString(), "init").exitCode()).isZero();
        try (JdbcStoreConnection store = JdbcStoreConnection.open(new StoreConfig("legacy", legacy.url(), legacy.user(),
                legacy.password()))) {
            store.control().instances().heartbeat(new InstanceInfo("lagging-instance", "app-7", 4242),
                    List.of(new InstanceAck("orders", 1, Phase.LEGACY_ONLY)));
            Cli.Result advance = Cli.run("--config", config.toString(), "advance", "orders", "--wait", "1s");
            assertThat(advance.exitCode()).as(advance.toString()).isEqualTo(5);
            store.control().instances().heartbeat(new InstanceInfo("lagging-instance", "app-7", 4242),
                    List.of(new InstanceAck("orders", 1, Phase.LEGACY_ONLY)));

            Cli.Result r = Cli.run("--config", config.toString(), "backfill", "orders");

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.err()).contains("lagging-instance").contains("DUAL_WRITE");
            assertThat(count(service, "SELECT COUNT(*) FROM orders")).isZero();
        }
    }

    @Test
    void aBackfillKilledWithSigkillResumesFromItsCheckpointsWithZeroDifferences() throws Exception {
        Path config = setUp(ROWS, "{ chunk-rows: 400, workers: 2, max-rows-per-second: 4000 }");
        toDualWrite(config);
        Process child = ChildDecant.start(dir, "first", config, "backfill", "orders");
        try {
            ChildDecant.waitFor(() -> count(legacy, "SELECT COUNT(*) FROM decant_backfill_lease WHERE state = 'done'") >= 8,
                    60, 50);
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        Map<Integer, Integer> doneBefore = chunkAttempts("done");
        assertThat(doneBefore).isNotEmpty();
        assertThat(count(legacy, "SELECT COUNT(*) FROM decant_backfill_lease WHERE state <> 'done'")).isPositive();
        long leftLeased = count(legacy, "SELECT COUNT(*) FROM decant_backfill_lease WHERE state = 'leased'");

        Cli.Result resumed = Cli.run("--config", config.toString(), "backfill", "orders", "--max-rows-per-second", "0");

        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        if (leftLeased > 0) {
            // the killed process's leases (default timeout 60 s) are taken over at once: its pid is gone
            assertThat(resumed.all()).contains("on this host, which is gone; taking it over");
        }
        assertThat(resumed.all()).contains("resuming the backfill of orders").contains("backfill complete: " + ROWS + " rows");
        Map<Integer, Integer> after = chunkAttempts("done");
        assertThat(after).hasSize(ROWS / 400 + 1);
        doneBefore.forEach((chunk, attempts) -> assertThat(after.get(chunk)).as("chunk %d was not copied again", chunk)
                .isEqualTo(attempts));
        assertThat(differences()).isEmpty();
    }

    @Test
    void twoBackfillProcessesShareTheChunksAndNoChunkIsCopiedTwice() throws Exception {
        Path config = setUp(ROWS, "{ chunk-rows: 400, workers: 2, max-rows-per-second: 6000, lease-timeout: 30s }");
        toDualWrite(config);
        Process a = ChildDecant.start(dir, "a", config, "backfill", "orders");
        Process b = ChildDecant.start(dir, "b", config, "backfill", "orders");
        assertThat(a.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(b.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(a.exitValue()).as(Files.readString(dir.resolve("a.err"))).isZero();
        assertThat(b.exitValue()).as(Files.readString(dir.resolve("b.err"))).isZero();

        Map<Integer, Integer> attempts = chunkAttempts("done");
        assertThat(attempts).hasSize(ROWS / 400 + 1);
        assertThat(attempts.values()).allMatch(n -> n == 1);
        Set<String> processes = owners().stream().map(o -> o.substring(0, o.lastIndexOf(':'))).collect(Collectors.toSet());
        assertThat(processes).hasSize(2);
        assertThat(differences()).isEmpty();
    }

    @Test
    void aCompletedBackfillIsNotRepeatedUnlessRestarted() throws Exception {
        Path config = setUp(2_000, "{ chunk-rows: 300 }");
        toDualWrite(config);
        assertThat(Cli.run("--config", config.toString(), "backfill", "orders").exitCode()).isZero();
        service.execute("DELETE FROM orders WHERE order_id <= 10");

        Cli.Result again = Cli.run("--config", config.toString(), "backfill", "orders");
        assertThat(again.exitCode()).isZero();
        assertThat(again.all()).contains("already completed");
        assertThat(count(service, "SELECT COUNT(*) FROM orders")).isEqualTo(1_990);

        Cli.Result restarted = Cli.run("--config", config.toString(), "backfill", "orders", "--restart");
        assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
        assertThat(restarted.out()).contains("copied 2000 rows");
        assertThat(differences()).isEmpty();
    }

    private void toDualWrite(Path config) {
        assertThat(Cli.run("--config", config.toString(), "init").exitCode()).isZero();
        Cli.Result advance = Cli.run("--config", config.toString(), "advance", "orders", "--to", "DUAL_WRITE", "--wait", "5s");
        assertThat(advance.exitCode()).as(advance.toString()).isZero();
    }

    private Map<Integer, Integer> chunkAttempts(String state) throws SQLException {
        Map<Integer, Integer> out = new java.util.TreeMap<>();
        try (Connection c = legacy.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT chunk_no, attempts FROM decant_backfill_lease WHERE state = '" + state + "'")) {
            while (rs.next()) {
                out.put(rs.getInt(1), rs.getInt(2));
            }
        }
        return out;
    }

    private List<String> owners() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = legacy.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT owner FROM decant_backfill_lease")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Independent comparison: every legacy row and every target row as text, by key; the ones that differ. */
    private Set<String> differences() throws SQLException {
        Set<String> a = rows(legacy, "SELECT id, customer_id, total, note, updated_at FROM orders");
        Set<String> b = rows(service, "SELECT order_id, customer, total, note, updated_at FROM orders");
        Set<String> diff = new HashSet<>(a);
        diff.removeAll(b);
        Set<String> extra = new HashSet<>(b);
        extra.removeAll(a);
        diff.addAll(extra);
        return diff;
    }

    private static Set<String> rows(Database db, String sql) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getLong(1) + "|" + rs.getLong(2) + "|" + rs.getBigDecimal(3) + "|" + rs.getString(4) + "|" + rs.getString(5));
            }
        }
        return out;
    }

    private static long count(Database db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
