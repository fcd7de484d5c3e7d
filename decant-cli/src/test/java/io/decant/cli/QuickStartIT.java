package io.decant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.Decant;
import io.decant.Migration;
import io.decant.config.DecantConfig;
import io.decant.jdbc.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's Quick start, typed as written: its {@code decant.yaml} (only the connection lines changed
 * to this test's databases; {@code ${SHOP_DB_PASSWORD}} comes from the environment as the README
 * says), then every {@code ./decant} line of step 4 run in order as a separate process in the
 * directory holding the file, while a library instance (step 3) keeps writing and reading. Each
 * command must exit 0; at the end the service's table holds exactly what the acknowledged writes
 * say, checked by plain SQL.
 */
class QuickStartIT {
    @TempDir
    Path dir;

    private OrdersFixture fixture;

    @AfterEach
    void dropDatabases() {
        if (fixture != null) {
            fixture.legacy.close();
            fixture.service.close();
        }
    }

    @Test
    void theQuickStartPassesAsWrittenWhileTheApplicationKeepsWriting() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("user.dir")).getParent().resolve("README.md"));
        String quickStart = readme.substring(readme.indexOf("## Quick start"), readme.indexOf("\n## ", readme.indexOf("## Quick start") + 5));
        String yaml = block(quickStart, "**1. Describe the migration**", "yaml");
        List<String> steps = block(quickStart, "**4. Walk the phases**", "sh").lines().toList();

        fixture = OrdersFixture.create(dir, TestDatabases.Engine.MARIADB);
        Path config = fixture.write("decant.yaml", connectedTo(yaml));
        assertThat(run("./decant init").exitCode).as("init").isZero();

        Map<Long, Optional<String>> ledger = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        List<Throwable> failures = new ArrayList<>();
        // the application's copy: this JVM cannot set SHOP_DB_PASSWORD in its own environment
        Path appConfig = fixture.write("app.yaml", Files.readString(config).replace("${SHOP_DB_PASSWORD}",
                fixture.legacy.password() == null ? "\"\"" : fixture.legacy.password()));
        try (Decant decant = Decant.builder(DecantConfig.load(appConfig)).backgroundRepair(true).open()) {
            Migration orders = decant.migration("orders");
            Thread writer = new Thread(() -> write(orders, ledger, stop, failures), "quick-start-writer");
            Thread reader = new Thread(() -> read(orders, reads, stop, failures), "quick-start-reader");
            writer.start();
            reader.start();
            try {
                for (String line : steps) {
                    String command = line.replaceAll("\\s+#.*$", "").trim();
                    if (command.startsWith("#")) {
                        // "let traffic produce shadow comparisons": the reader does, until min-samples (1000) were compared
                        long from = reads.get();
                        ChildDecant.waitFor(() -> reads.get() - from >= 1200, 120, 100);
                        continue;
                    }
                    if (command.isEmpty()) {
                        continue;
                    }
                    long started = System.nanoTime();
                    Result r = run(command);
                    System.out.printf("quick start: %s: exit %d in %d ms%n", command, r.exitCode,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                    assertThat(r.exitCode).as("%s%n%s%n%s", command, r.out, r.err).isZero();
                }
            } finally {
                stop.set(true);
                writer.join(TimeUnit.SECONDS.toMillis(30));
                reader.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
        assertThat(failures).as("acknowledged calls that failed").isEmpty();
        assertThat(ledger).as("writes happened throughout").hasSizeGreaterThan(50);
        assertThat(run("./decant status orders").out).contains("RETIRED");

        Map<Long, String> expected = new HashMap<>();
        for (long id = 1; id <= 50; id++) {
            expected.put(id, id + "|" + (id % 97) + "|" + (id * 100) + "|NEW|2026-01-01T00:00");
        }
        ledger.forEach((id, row) -> row.ifPresentOrElse(r -> expected.put(id, r), () -> expected.remove(id)));
        assertThat(serviceRows()).isEqualTo(expected);
        assertThat(legacyRowCount()).as("retire deleted the legacy rows").isZero();
    }

    /** The fenced block of {@code lang} that follows {@code marker}. */
    private static String block(String text, String marker, String lang) {
        int at = text.indexOf(marker);
        assertThat(at).as("README's Quick start has %s", marker).isNotNegative();
        int start = text.indexOf("```" + lang + "\n", at) + lang.length() + 4;
        return text.substring(start, text.indexOf("```", start));
    }

    /** README's yaml with its two stores' connection lines pointed at this test's databases. */
    private String connectedTo(String yaml) {
        String legacy = "    url: " + fixture.legacy.url() + "\n    user: " + fixture.legacy.user() + "\n"
                + "    password: ${SHOP_DB_PASSWORD}          # ${ENV} is substituted; secrets are never printed\n";
        String service = "    url: " + fixture.service.url() + "\n    user: " + fixture.service.user() + "\n"
                + (fixture.service.password() == null ? "" : "    password: " + fixture.service.password() + "\n");
        Matcher m = Pattern.compile("(?s)  legacy:\n(    (?:url|user|password):[^\n]*\n)+").matcher(yaml);
        assertThat(m.find()).as("README's legacy store").isTrue();
        String out = yaml.substring(0, m.start()) + "  legacy:\n" + legacy + yaml.substring(m.end());
        Matcher s = Pattern.compile("(?s)  orders:\n(    (?:url|user|password):[^\n]*\n)+").matcher(out);
        assertThat(s.find()).as("README's orders store").isTrue();
        return out.substring(0, s.start()) + "  orders:\n" + service + out.substring(s.end());
    }

    private record Result(int exitCode, String out, String err) {
    }

    /** A command line of the README ({@code ./decant ARGS}) as a child process in the config's directory. */
    private Result run(String commandLine) throws IOException, InterruptedException {
        assertThat(commandLine).startsWith("./decant ");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), DecantCli.class.getName()));
        command.addAll(List.of(commandLine.substring("./decant ".length()).trim().split("\\s+")));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().remove("DECANT_CONFIG");
        pb.environment().put("SHOP_DB_PASSWORD", fixture.legacy.password() == null ? "" : fixture.legacy.password());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(commandLine + " did not finish in 5 minutes");
        }
        return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    /** The monolith's write path: upserts and deletes through the library, each acknowledged call in the ledger. */
    private void write(Migration orders, Map<Long, Optional<String>> ledger, AtomicBoolean stop, List<Throwable> failures) {
        try (Connection legacy = fixture.legacy.connect(); Connection service = fixture.service.connect()) {
            write(orders, ledger, stop, failures, legacy, service);
        } catch (SQLException e) {
            synchronized (failures) {
                failures.add(e);
            }
        }
    }

    private void write(Migration orders, Map<Long, Optional<String>> ledger, AtomicBoolean stop, List<Throwable> failures,
                       Connection legacy, Connection service) {
        long next = 1000;
        while (!stop.get()) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            long id; // the first 25 original rows or the rows it inserted itself; the reader reads 26..50, so no read races a write
            if (r.nextInt(4) == 0) {
                id = next++;
            } else {
                long pick = r.nextLong(25 + (next - 1000));
                id = pick < 25 ? pick + 1 : 1000 + (pick - 25);
            }
            boolean delete = r.nextInt(10) == 0;
            LocalDateTime at = LocalDateTime.now().truncatedTo(ChronoUnit.MICROS);
            long customer = r.nextLong(1000);
            long total = r.nextLong(100_000);
            String status = delete ? null : List.of("NEW", "PAID", "SHIPPED").get(r.nextInt(3));
            try {
                orders.write(id, () -> legacyWrite(legacy, id, delete, customer, total, status, at),
                        () -> serviceWrite(service, id, delete, customer, total, status, at));
                ledger.put(id, delete ? Optional.empty() : Optional.of(id + "|" + customer + "|" + total + "|" + status + "|" + at));
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                synchronized (failures) {
                    failures.add(e);
                }
                return;
            }
        }
    }

    private void read(Migration orders, AtomicLong reads, AtomicBoolean stop, List<Throwable> failures) {
        try (Connection legacy = fixture.legacy.connect(); Connection service = fixture.service.connect()) {
            read(orders, reads, stop, failures, legacy, service);
        } catch (SQLException e) {
            synchronized (failures) {
                failures.add(e);
            }
        }
    }

    private void read(Migration orders, AtomicLong reads, AtomicBoolean stop, List<Throwable> failures, Connection legacy,
                      Connection service) {
        while (!stop.get()) {
            long id = 26 + ThreadLocalRandom.current().nextLong(25);
            try {
                orders.read(id, () -> find(legacy, "SELECT status FROM orders WHERE id = ?", id),
                        () -> find(service, "SELECT status FROM orders WHERE order_id = ?", id));
                reads.incrementAndGet();
            } catch (RuntimeException e) {
                synchronized (failures) {
                    failures.add(e);
                }
                return;
            }
        }
    }

    private static Optional<String> find(Connection c, String sql, long id) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void legacyWrite(Connection c, long id, boolean delete, long customer, long total, String status, LocalDateTime at) {
        execute(c, delete ? "DELETE FROM orders WHERE id = ?"
                : "INSERT INTO orders (id, customer_id, total_cents, status, updated_at) VALUES (?, ?, ?, ?, ?)"
                        + " ON DUPLICATE KEY UPDATE customer_id = VALUES(customer_id), total_cents = VALUES(total_cents),"
                        + " status = VALUES(status), updated_at = VALUES(updated_at)", id, delete, customer, total, status, at);
    }

    private static void serviceWrite(Connection c, long id, boolean delete, long customer, long total, String status, LocalDateTime at) {
        execute(c, delete ? "DELETE FROM orders WHERE order_id = ?"
                : "INSERT INTO orders (order_id, customer, total_cents, status, updated_at) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (order_id) DO UPDATE SET customer = EXCLUDED.customer, total_cents = EXCLUDED.total_cents,"
                        + " status = EXCLUDED.status, updated_at = EXCLUDED.updated_at", id, delete, customer, total, status, at);
    }

    private static void execute(Connection c, String sql, long id, boolean delete, long customer, long total,
                                String status, LocalDateTime at) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            if (!delete) {
                ps.setLong(2, customer);
                ps.setLong(3, total);
                ps.setString(4, status);
                ps.setTimestamp(5, Timestamp.valueOf(at));
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The service's rows as id|customer|total|status|updated_at, by plain SQL. */
    private Map<Long, String> serviceRows() throws SQLException {
        Map<Long, String> rows = new HashMap<>();
        try (Connection c = fixture.service.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT order_id, customer, total_cents, status, updated_at FROM orders")) {
            while (rs.next()) {
                rows.put(rs.getLong(1), rs.getLong(1) + "|" + rs.getLong(2) + "|" + rs.getLong(3) + "|" + rs.getString(4) + "|"
                        + rs.getTimestamp(5).toLocalDateTime());
            }
        }
        return rows;
    }

    private long legacyRowCount() throws SQLException {
        try (Connection c = fixture.legacy.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
