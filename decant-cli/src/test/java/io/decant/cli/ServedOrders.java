package io.decant.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.decant.jdbc.testing.TestDatabases;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.service.DecantEndpoint;
import io.decant.service.RunningEndpoint;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A legacy {@code orders} table (also the control store's database) and the orders service's
 * {@code orders} table, each in a fresh database on its engine; the service's table served by
 * decant-service's endpoint — in this JVM, or as its own process ({@link ServiceChild}) that a
 * test can kill — and a {@code decant.yaml} whose target store is that endpoint
 * ({@code url: http://…}, {@code token:}). The two tables are compared with plain SQL, knowing
 * nothing of Decant. Closing stops the endpoint and kills the service's process, if any; the
 * databases go with the test class ({@link TestDatabases}).
 */
final class ServedOrders implements AutoCloseable {
    static final String TOKEN = "served-orders-token-" + Long.toHexString(System.nanoTime());
    private static final String COLUMNS = "id, customer_id, total, note, updated_at";

    final Database legacy;
    final Database service;
    private final Path dir;
    private HikariDataSource pool;
    private RunningEndpoint endpoint;
    private Process serviceProcess;
    private int serviceStarts;
    private int port;

    /** Both tables, the legacy one holding {@code rows} orders; the service's empty. */
    ServedOrders(Path dir, Engine legacyEngine, Engine serviceEngine, int rows) {
        this.dir = dir;
        this.legacy = TestDatabases.of(legacyEngine).createDatabase();
        this.service = TestDatabases.of(serviceEngine).createDatabase();
        legacy.execute(ddl(legacy), seed(legacy, rows));
        service.execute(ddl(service));
    }

    private static boolean postgres(Database db) {
        return db.engine() == Engine.POSTGRES;
    }

    private static String ddl(Database db) {
        return postgres(db)
                ? "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, total numeric(12,2), note varchar(60),"
                + " updated_at timestamp(6) NOT NULL)"
                : "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, total decimal(12,2), note varchar(60),"
                + " updated_at datetime(6) NOT NULL) DEFAULT CHARSET=utf8mb4";
    }

    /** Orders 1..rows, the same on either engine. */
    static String seed(Database db, int rows) {
        return postgres(db)
                ? "INSERT INTO orders SELECT g, g % 97, g / 4.0, CASE WHEN g % 7 = 0 THEN NULL ELSE 'note ' || g || ' é€' END,"
                + " timestamp '2026-01-01 00:00:00.25' + g * interval '1 second' FROM generate_series(1, " + rows + ") g"
                : "INSERT INTO orders SELECT seq, seq % 97, seq / 4.0, CASE WHEN seq % 7 = 0 THEN NULL ELSE CONCAT('note ', seq, ' é€') END,"
                + " TIMESTAMP '2026-01-01 00:00:00.25' + INTERVAL seq SECOND FROM seq_1_to_" + rows;
    }

    /** Serves the service's table from this JVM, on any free port. */
    void serveInProcess() {
        HikariConfig h = new HikariConfig();
        h.setJdbcUrl(service.url());
        h.setUsername(service.user());
        h.setPassword(service.password());
        h.setMaximumPoolSize(10);
        pool = new HikariDataSource(h);
        endpoint = DecantEndpoint.over(pool, "orders").version("updated_at").token(TOKEN).threads(10).start(0);
        port = endpoint.port();
    }

    /**
     * Starts the service as its own process ({@link ServiceChild}), on the port it had before (any
     * free port the first time), and waits until it serves.
     */
    void startServiceProcess() throws Exception {
        String name = "service-" + (++serviceStarts);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx192m",
                "-cp", System.getProperty("java.class.path"), ServiceChild.class.getName(), service.url(),
                Objects.requireNonNullElse(service.user(), "-"), Objects.requireNonNullElse(service.password(), "-"), "orders",
                "updated_at", String.valueOf(port));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        pb.environment().put(ServiceChild.TOKEN_VARIABLE, TOKEN);
        serviceProcess = pb.start();
        Path out = dir.resolve(name + ".out");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            String said = Files.readString(out);
            if (said.startsWith("listening ")) {
                port = Integer.parseInt(said.substring("listening ".length()).trim());
                return;
            }
            if (!serviceProcess.isAlive() || System.nanoTime() > deadline) {
                String err = Files.readString(dir.resolve(name + ".err"));
                serviceProcess.destroyForcibly();
                throw new AssertionError("the service process did not start: " + said + err);
            }
            Thread.sleep(20);
        }
    }

    /** Kills the service's process with SIGKILL and waits until it is gone. */
    void killService() throws InterruptedException {
        serviceProcess.destroyForcibly();
        serviceProcess.waitFor(30, TimeUnit.SECONDS);
    }

    /** The service's base URL. */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Writes decant.yaml: control store and source in the legacy database, target the service's
     * endpoint; {@code migration} is added to the body of {@code migrations.orders}.
     */
    Path config(String migration) throws IOException {
        String yaml = "control: legacy\n"
                + "stores:\n"
                + "  legacy:\n    url: " + legacy.url() + "\n"
                + (legacy.user() == null ? "" : "    user: " + legacy.user() + "\n")
                + (legacy.password() == null ? "" : "    password: " + legacy.password() + "\n")
                + "  orders:\n    url: " + url() + "\n    token: " + TOKEN + "\n    pool-size: 8\n    read-timeout: 2m\n"
                + "instances: { heartbeat: 1s, phase-poll: 200ms, dead-after: 10s }\n"
                + "migrations:\n"
                + "  orders:\n"
                + "    source: { store: legacy, table: orders, key: [id], version: updated_at }\n"
                + "    target: { store: orders, table: orders, key: [id] }\n"
                + migration.lines().map(l -> "    " + l + "\n").reduce("", String::concat);
        Path file = dir.resolve("decant.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** Rows that differ between the two tables, by key, read with plain SQL (empty when identical). */
    List<String> differences() throws SQLException {
        TreeMap<Long, String> a = rows(legacy);
        TreeMap<Long, String> b = rows(service);
        List<String> out = new ArrayList<>();
        java.util.TreeSet<Long> keys = new java.util.TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (Long k : keys) {
            if (!Objects.equals(a.get(k), b.get(k))) {
                out.add("id " + k + ": legacy " + a.get(k) + ", service " + b.get(k));
            }
        }
        return out;
    }

    private static TreeMap<Long, String> rows(Database db) throws SQLException {
        TreeMap<Long, String> out = new TreeMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + COLUMNS + " FROM orders")) {
            while (rs.next()) {
                BigDecimal total = rs.getBigDecimal(3);
                out.put(rs.getLong(1), rs.getLong(2) + "|" + (total == null ? "∅" : total.stripTrailingZeros().toPlainString())
                        + "|" + Objects.requireNonNullElse(rs.getString(4), "∅") + "|" + rs.getObject(5, LocalDateTime.class));
            }
        }
        return out;
    }

    /** A number the query on {@code db} answers. */
    static long count(Database db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        if (serviceProcess != null) {
            serviceProcess.destroyForcibly();
            try {
                serviceProcess.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (endpoint != null) {
            endpoint.close();
        }
        if (pool != null) {
            pool.close();
        }
        legacy.close();
        service.close();
    }
}
