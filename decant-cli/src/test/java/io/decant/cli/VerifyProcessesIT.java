package io.decant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.jdbc.testing.TestDatabases;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code decant verify} across processes: two verify processes share one run's spans and no span
 * is compared twice; a verify killed with SIGKILL is resumed by the next one, which compares only
 * the spans left and reports exactly the planted differences, added up over every span. Child
 * processes run the real CLI main class on this test's classpath.
 */
class VerifyProcessesIT {
    private static final int ROWS = 100_000;
    private static final int CHUNK_ROWS = 320;

    @TempDir
    Path dir;

    private Database legacy;
    private Database service;

    /** Equal tables, then one difference of each kind (two differing rows); the control store is the legacy database. */
    private Path setUp(Engine legacyEngine) throws Exception {
        legacy = TestDatabases.of(legacyEngine).createDatabase();
        service = TestDatabases.postgres().createDatabase();
        if (legacyEngine == Engine.POSTGRES) {
            legacy.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, total numeric(12,2),"
                            + " note text, updated_at timestamp(6) NOT NULL)",
                    "INSERT INTO orders SELECT g, g % 97, g / 4.0, CASE WHEN g % 7 = 0 THEN NULL ELSE 'note ' || g END,"
                            + " timestamp '2026-01-01 00:00:00' + g * interval '1 second' FROM generate_series(1, " + ROWS + ") g");
        } else {
            legacy.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, total decimal(12,2),"
                            + " note text, updated_at datetime(6) NOT NULL) DEFAULT CHARSET=utf8mb4",
                    "INSERT INTO orders SELECT seq, seq % 97, seq / 4.0, CASE WHEN seq % 7 = 0 THEN NULL ELSE CONCAT('note ', seq) END,"
                            + " TIMESTAMP '2026-01-01 00:00:00' + INTERVAL seq SECOND FROM seq_1_to_" + ROWS);
        }
        service.execute("CREATE TABLE orders (order_id bigint PRIMARY KEY, customer bigint NOT NULL, total numeric(12,2),"
                        + " note text, updated_at timestamp(6) NOT NULL)",
                "INSERT INTO orders SELECT g, g % 97, g / 4.0, CASE WHEN g % 7 = 0 THEN NULL ELSE 'note ' || g END,"
                        + " timestamp '2026-01-01 00:00:00' + g * interval '1 second' FROM generate_series(1, " + ROWS + ") g",
                "DELETE FROM orders WHERE order_id = 1234",
                "UPDATE orders SET note = 'changed' WHERE order_id IN (30001, 59999)",
                "INSERT INTO orders VALUES (" + (ROWS + 5) + ", 1, 1.00, 'extra', timestamp '2026-01-01 00:00:00')");
        String yaml = "stores:\n" + store("legacy", legacy) + store("service", service)
                + "migrations:\n"
                + "  orders:\n"
                + "    source: { store: legacy, table: orders, key: [id] }\n"
                + "    target: { store: service, table: orders, key: [order_id] }\n"
                + "    columns: { order_id: id, customer: customer_id, total: total, note: note, updated_at: updated_at }\n"
                + "    verify: { chunk-rows: " + CHUNK_ROWS + ", recheck-delay: 200ms }\n";
        Path config = dir.resolve("decant.yaml");
        Files.writeString(config, yaml);
        Cli.Result init = Cli.run("--config", config.toString(), "init");
        assertThat(init.exitCode()).as(init.toString()).isZero();
        return config;
    }

    private static String store(String name, Database db) {
        return "  " + name + ":\n    url: " + db.url() + "\n" + (db.user() == null ? "" : "    user: " + db.user() + "\n")
                + (db.password() == null ? "" : "    password: " + db.password() + "\n");
    }

    @Test
    void twoVerifyProcessesShareTheSpansOfOneRunAndNoSpanIsComparedTwice() throws Exception {
        Path config = setUp(Engine.MARIADB);
        Process a = ChildDecant.start(dir, "a", config, "verify", "orders", "--workers", "1");
        Process b = ChildDecant.start(dir, "b", config, "verify", "orders", "--workers", "1");
        assertThat(a.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(b.waitFor(180, TimeUnit.SECONDS)).isTrue();

        for (String name : List.of("a", "b")) {
            String out = Files.readString(dir.resolve(name + ".out"));
            int exit = (name.equals("a") ? a : b).exitValue();
            assertThat(exit).as(name + ": " + out + Files.readString(dir.resolve(name + ".err"))).isEqualTo(1);
            assertThat(out).contains("compared " + String.format("%,d", ROWS) + " rows")
                    .contains("missing in target  1").contains("extra in target    1").contains("differing columns  2");
        }
        String errors = Files.readString(dir.resolve("a.err")) + Files.readString(dir.resolve("b.err"));
        assertThat(errors).contains("run 1 started").contains("joining run 1");
        Map<Integer, Integer> attempts = spanAttempts("state = 'done'");
        assertThat(attempts).hasSize((int) count("SELECT spans_total FROM decant_verify_plan")).hasSizeGreaterThan(300);
        assertThat(attempts.values()).allMatch(n -> n == 1);
        Set<String> processes = owners().stream().map(o -> o.substring(0, o.lastIndexOf(':'))).collect(Collectors.toSet());
        assertThat(processes).as("both processes compared spans").hasSize(2);
        assertThat(count("SELECT COUNT(*) FROM decant_verifications")).as("one process stores the verification").isEqualTo(1);
        assertThat(storedVerification()).containsExactly((long) ROWS, 1L, 1L, 2L);
    }

    @Test
    void aVerifyKilledWithSigkillIsResumedAndReportsExactlyThePlantedDifferences() throws Exception {
        Path config = setUp(Engine.POSTGRES);
        Process child = ChildDecant.start(dir, "killed", config, "verify", "orders", "--workers", "1");
        try {
            ChildDecant.waitFor(() -> count("SELECT COUNT(*) FROM decant_verify_span WHERE state = 'done'") >= 20, 120, 20);
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        Map<Integer, Integer> doneBefore = spanAttempts("state = 'done'");
        assertThat(doneBefore.size()).isLessThan(300);
        long heldByTheKilled = count("SELECT COUNT(*) FROM decant_verify_span WHERE state = 'leased'");
        assertThat(count("SELECT COUNT(*) FROM decant_verifications")).isZero();

        Cli.Result resumed = Cli.run("--config", config.toString(), "verify", "orders", "--workers", "2");

        assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(1);
        assertThat(resumed.err()).contains("joining run 1, ");
        if (heldByTheKilled > 0) {
            // the killed process's leases (default timeout 60 s) are taken over at once: its pid is gone
            assertThat(resumed.err()).contains("on this host, which is gone; taking it over");
        }
        assertThat(resumed.out()).contains("compared " + String.format("%,d", ROWS) + " rows")
                .contains("missing in target  1").contains("extra in target    1").contains("differing columns  2")
                .contains("missing in target  [1234]").contains("differing          [30001]  note")
                .contains("differing          [59999]  note").contains("extra in target    [" + (ROWS + 5) + "]");
        Map<Integer, Integer> after = spanAttempts("state = 'done'");
        assertThat(after).hasSize((int) count("SELECT spans_total FROM decant_verify_plan")).hasSizeGreaterThan(300);
        doneBefore.forEach((span, attempts) -> assertThat(after.get(span)).as("span %d was not compared again", span)
                .isEqualTo(attempts));
        assertThat(storedVerification()).containsExactly((long) ROWS, 1L, 1L, 2L);
    }

    private Map<Integer, Integer> spanAttempts(String where) throws SQLException {
        Map<Integer, Integer> out = new TreeMap<>();
        try (Connection c = legacy.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT span_no, attempts FROM decant_verify_span WHERE " + where)) {
            while (rs.next()) {
                out.put(rs.getInt(1), rs.getInt(2));
            }
        }
        return out;
    }

    private List<String> owners() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = legacy.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT owner FROM decant_verify_span")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The stored verification: rows compared, missing, extra, differing. */
    private List<Long> storedVerification() throws SQLException {
        try (Connection c = legacy.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT rows_compared, missing_in_target, extra_in_target, differing FROM decant_verifications"
                        + " ORDER BY id DESC LIMIT 1")) {
            assertThat(rs.next()).as("a verification was stored").isTrue();
            return List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = legacy.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
