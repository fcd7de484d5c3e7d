package io.decant.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.decant.AdvanceRequest;
import io.decant.Decant;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.Phase;
import io.decant.VerifyOptions;
import io.decant.VerifyReport;
import io.decant.config.DecantConfig;
import io.decant.jdbc.testing.TestDatabases;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The migrated example application end to end, on real databases: concurrent HTTP clients place,
 * pay, cancel and read orders while an operator walks the migration from LEGACY_ONLY to NEW_ONLY
 * behind the real guards (backfill, verification, shadow reads, the journal, the barrier). Then
 * plain SQL on the orders service's database checks every acknowledged request: the last
 * acknowledged state of each order is there, and every order that existed before is there too.
 */
class SpringOrdersIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 4;
    private static final int SEEDED = 300;

    /** The state an order should have: absent (cancelled) or these values. */
    record Expected(long customer, long totalCents, String status) {
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Engine.class)
    void everyAcknowledgedRequestIsInTheNewStoreAfterWalkingToNewOnlyUnderLoad(Engine engine) throws Exception {
        try (Database shop = TestDatabases.of(engine).createDatabase();
             Database service = TestDatabases.of(engine).createDatabase()) {
            String table = "(id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, total_cents BIGINT NOT NULL, status VARCHAR(16) NOT NULL)";
            shop.execute("CREATE SEQUENCE order_ids START WITH 100000", "CREATE TABLE orders " + table);
            service.execute("CREATE TABLE orders " + table);
            StringBuilder seed = new StringBuilder("INSERT INTO orders (id, customer_id, total_cents, status) VALUES ");
            for (int i = 1; i <= SEEDED; i++) {
                seed.append(i == 1 ? "" : ", ").append("(").append(i).append(", ").append(i % 17).append(", ").append(i * 10)
                        .append(", 'NEW')");
            }
            shop.execute(seed.toString());

            ConfigurableApplicationContext app = start(shop, service);
            try (HikariDataSource opShop = pool(shop); HikariDataSource opService = pool(service);
                 Decant operator = Decant.builder(DecantConfig.parse(new String(getClass().getResourceAsStream("/decant.yaml")
                                 .readAllBytes(), StandardCharsets.UTF_8), "decant.yaml", Map.of()))
                         .dataSource("legacy", opShop).dataSource("orders", opService).open()) {
                String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
                assertThat(get(base + "/orders/7").path("totalCents").asLong()).as("the application serves the seeded orders").isEqualTo(70);

                Clients clients = new Clients(base);
                clients.start();
                try {
                    walkToNewOnly(operator, clients);
                    long atNewOnly = clients.acknowledged.get();
                    clients.awaitAcknowledged(atNewOnly + 100); // a while under NEW_ONLY
                } finally {
                    clients.stop();
                }
                System.out.printf("%s: %d requests acknowledged, %d writes uncertain (failed), %d reads%n", engine,
                        clients.acknowledged.get(), clients.uncertain.size(), clients.reads.get());
                assertThat(clients.errors).as("unexpected client errors").isEmpty();
                assertThat(clients.acknowledged.get()).isGreaterThan(300);
                assertThat(clients.writesByPhase.keySet()).as("writes acknowledged in every phase")
                        .contains(Phase.DUAL_WRITE, Phase.SHADOW_READ, Phase.READ_NEW, Phase.NEW_ONLY);

                // the independent check: plain SQL on the orders service's database
                Map<Long, Expected> rows = rows(service);
                List<String> lost = new ArrayList<>();
                for (Map.Entry<Long, Optional<Expected>> e : clients.ledger.entrySet()) {
                    if (clients.uncertain.contains(e.getKey())) {
                        continue;
                    }
                    Expected actual = rows.get(e.getKey());
                    if (!java.util.Objects.equals(e.getValue().orElse(null), actual)) {
                        lost.add("order " + e.getKey() + ": acknowledged " + e.getValue() + ", in the service's table " + actual);
                    }
                }
                assertThat(lost).as("acknowledged requests missing from the service's database").isEmpty();
                assertThat(clients.ledger.size()).isGreaterThan(50);
                for (long id = 1; id <= SEEDED; id++) {
                    assertThat(rows.get(id)).as("seeded order %d, copied by the backfill", id)
                            .isEqualTo(new Expected(id % 17, id * 10, "NEW"));
                }
                VerifyReport last = operator.verify("orders", VerifyOptions.defaults(), null);
                System.out.printf("%s: verification under NEW_ONLY: %s%n", engine, last);
            } finally {
                app.close();
            }
        }
    }

    private static ConfigurableApplicationContext start(Database shop, Database service) {
        List<String> p = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
                "spring.datasource.url=" + shop.url(), "orders.datasource.jdbc-url=" + service.url(),
                "decant.init=true", "decant.background-repair=true", "decant.instance-id=spring-orders-it",
                "spring.datasource.hikari.maximum-pool-size=12", "orders.datasource.maximum-pool-size=8",
                "spring.datasource.username=" + user(shop), "orders.datasource.username=" + user(service),
                "spring.datasource.password=" + password(shop), "orders.datasource.password=" + password(service)));
        // as command-line arguments: they take precedence over application.properties
        return new SpringApplicationBuilder(OrdersApplication.class).run(p.stream().map(a -> "--" + a).toArray(String[]::new));
    }

    /** The user: the fixture's, or the one in the URL (application.properties' defaults must not apply). */
    private static String user(Database db) {
        if (db.user() != null) {
            return db.user();
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[?&]user=([^&]*)").matcher(db.url());
        return m.find() ? m.group(1) : "";
    }

    private static String password(Database db) {
        if (db.password() != null) {
            return db.password();
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[?&]password=([^&]*)").matcher(db.url());
        return m.find() ? m.group(1) : "";
    }

    private static HikariDataSource pool(Database db) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(db.url());
        ds.setUsername(db.user());
        ds.setPassword(db.password());
        ds.setMaximumPoolSize(8);
        return ds;
    }

    /** The operator's walk, each step behind its guards; a refused step is retried while evidence accumulates. */
    private static void walkToNewOnly(Decant operator, Clients clients) {
        clients.awaitAcknowledged(50);
        advance(operator, clients, Phase.DUAL_WRITE);
        clients.awaitAcknowledged(clients.acknowledged.get() + 50);
        assertThat(operator.backfill("orders", null, null).completed()).isTrue();
        verifyClean(operator);
        advance(operator, clients, Phase.SHADOW_READ);
        verifyClean(operator);
        advance(operator, clients, Phase.READ_NEW); // retried until enough shadow reads compared
        clients.awaitAcknowledged(clients.acknowledged.get() + 50);
        advance(operator, clients, Phase.NEW_ONLY);
    }

    private static void verifyClean(Decant operator) {
        VerifyReport r = operator.verify("orders", VerifyOptions.defaults().withRecheckDelay(Duration.ofMillis(500)), null);
        assertThat(r.clean()).as("verification under writes: %s", r).isTrue();
    }

    private static void advance(Decant operator, Clients clients, Phase to) {
        advance(operator, to);
        clients.phase = to;
    }

    private static void advance(Decant operator, Phase to) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        for (;;) {
            try {
                operator.advance("orders", new AdvanceRequest(Optional.of(to), Duration.ofSeconds(30), false, "example test", "it"));
                return;
            } catch (DecantException e) {
                if (e.code() != ErrorCode.GUARD_REFUSED || System.nanoTime() > deadline) {
                    throw e;
                }
                System.out.println("advance to " + to + " refused for now: " + e.getMessage() + " " + e.details());
                sleep(1000);
            }
        }
    }

    /** Every row of the table, by plain SQL. */
    private static Map<Long, Expected> rows(Database db) throws Exception {
        Map<Long, Expected> out = new TreeMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, customer_id, total_cents, status FROM orders")) {
            while (rs.next()) {
                out.put(rs.getLong(1), new Expected(rs.getLong(2), rs.getLong(3), rs.getString(4)));
            }
        }
        return out;
    }

    /** HTTP clients, each owning its customer's orders (so each order's requests are serialized by its client). */
    private static final class Clients {
        final String base;
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        final Map<Long, Optional<Expected>> ledger = new ConcurrentHashMap<>();
        final Set<Long> uncertain = ConcurrentHashMap.newKeySet();
        final AtomicLong acknowledged = new AtomicLong();
        final AtomicLong reads = new AtomicLong();
        final Map<Phase, AtomicLong> writesByPhase = new ConcurrentHashMap<>();
        final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicBoolean stop = new AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();
        /** The phase the operator last moved to (writes are counted under it). */
        volatile Phase phase = Phase.LEGACY_ONLY;

        Clients(String base) {
            this.base = base;
        }

        void start() {
            for (int t = 0; t < CLIENTS; t++) {
                long customer = 1000 + t;
                Thread th = new Thread(() -> run(customer), "client-" + t);
                threads.add(th);
                th.start();
            }
        }

        void stop() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(60_000);
            }
        }

        void awaitAcknowledged(long n) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (acknowledged.get() < n) {
                assertThat(System.nanoTime()).as("clients acknowledged %d requests in time (errors: %s)", n, errors).isLessThan(deadline);
                assertThat(errors).isEmpty();
                sleep(20);
            }
        }

        private void run(long customer) {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            List<Long> live = new ArrayList<>();
            List<Long> mine = new ArrayList<>();
            while (!stop.get()) {
                try {
                    int op = rnd.nextInt(100);
                    if (op < 35 || live.isEmpty()) {
                        long total = 100 + rnd.nextInt(10_000);
                        HttpResponse<String> r = send("POST", "/orders?customer=" + customer + "&totalCents=" + total);
                        if (r.statusCode() == 201) {
                            long id = JSON.readTree(r.body()).path("id").asLong();
                            acknowledge(id, Optional.of(new Expected(customer, total, "NEW")), r);
                            live.add(id);
                            mine.add(id);
                        } else {
                            failed(r, null);
                        }
                    } else if (op < 55) {
                        long id = live.get(rnd.nextInt(live.size()));
                        Expected before = ledger.get(id).orElseThrow();
                        HttpResponse<String> r = send("POST", "/orders/" + id + "/pay");
                        if (r.statusCode() == 200) {
                            acknowledge(id, Optional.of(new Expected(before.customer(), before.totalCents(), "PAID")), r);
                        } else {
                            failed(r, id);
                        }
                    } else if (op < 70) {
                        long id = live.remove(rnd.nextInt(live.size()));
                        HttpResponse<String> r = send("DELETE", "/orders/" + id);
                        if (r.statusCode() == 204) {
                            acknowledge(id, Optional.empty(), r);
                        } else {
                            failed(r, id);
                        }
                    } else if (op < 90) {
                        long id = mine.get(rnd.nextInt(mine.size()));
                        HttpResponse<String> r = send("GET", "/orders/" + id);
                        if (r.statusCode() != 200 && r.statusCode() != 404) {
                            errors.add("GET /orders/" + id + ": " + r.statusCode() + " " + r.body());
                        }
                        reads.incrementAndGet();
                    } else {
                        HttpResponse<String> r = send("GET", "/orders?customer=" + customer);
                        if (r.statusCode() != 200) {
                            errors.add("GET /orders?customer=" + customer + ": " + r.statusCode() + " " + r.body());
                        }
                        reads.incrementAndGet();
                    }
                } catch (Exception e) {
                    errors.add(Thread.currentThread().getName() + ": " + e);
                    return;
                }
            }
        }

        private void acknowledge(long id, Optional<Expected> state, HttpResponse<String> r) {
            ledger.put(id, state);
            acknowledged.incrementAndGet();
            writesByPhase.computeIfAbsent(phase, x -> new AtomicLong()).incrementAndGet();
        }

        /** A write that failed: its outcome is unknown (it may or may not have committed), so its key is left out. */
        private void failed(HttpResponse<String> r, Long id) {
            if (id != null) {
                uncertain.add(id);
            }
            if (r.statusCode() < 500) {
                errors.add("unexpected " + r.statusCode() + ": " + r.body());
            }
        }

        private HttpResponse<String> send(String method, String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s: %s", url, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
