package io.decant.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.decant.AdvanceRequest;
import io.decant.Decant;
import io.decant.DecantException;
import io.decant.Migration;
import io.decant.Phase;
import io.decant.TransactionScope;
import io.decant.jdbc.testing.TestDatabases;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.BeanFactoryAnnotationUtils;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The starter in a Spring Boot application on real PostgreSQL: the Decant bean from decant.* and a
 * classpath decant.yaml without urls, its stores on the application's two DataSources (no pool of
 * Decant's), the Migration bean by qualifier, Spring's transactions, Micrometer, the health
 * indicator and the {@code decant} endpoint over HTTP, and Decant closed before the pools.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DecantStarterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Database legacyDb;
    private Database newDb;
    private ConfigurableApplicationContext app;

    @BeforeAll
    void start() {
        legacyDb = TestDatabases.postgres().createDatabase();
        newDb = TestDatabases.postgres().createDatabase();
        legacyDb.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, total_cents BIGINT NOT NULL,"
                + " status VARCHAR(20) NOT NULL)");
        newDb.execute("CREATE TABLE orders_v2 (order_id BIGINT PRIMARY KEY, customer BIGINT NOT NULL, total_cents BIGINT NOT NULL,"
                + " status VARCHAR(20) NOT NULL)");
        app = application().run();
    }

    private SpringApplicationBuilder application(String... more) {
        List<String> p = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
                "decant.config=classpath:decant-starter-it.yaml", "decant.stores.orders.data-source=ordersDataSource",
                "decant.init=true", "decant.instance-id=starter-it",
                "management.endpoints.web.exposure.include=health,decant", "management.endpoint.health.show-details=always",
                "test.legacy.url=" + legacyDb.url(), "test.new.url=" + newDb.url()));
        if (legacyDb.user() != null) {
            p.addAll(List.of("test.legacy.user=" + legacyDb.user(), "test.new.user=" + newDb.user()));
        }
        if (legacyDb.password() != null) {
            p.addAll(List.of("test.legacy.password=" + legacyDb.password(), "test.new.password=" + newDb.password()));
        }
        p.addAll(List.of(more));
        return new SpringApplicationBuilder(StarterTestApplication.class).properties(p.toArray(String[]::new));
    }

    @AfterAll
    void stop() {
        if (app != null && app.isActive()) {
            app.close();
        }
        legacyDb.close();
        newDb.close();
    }

    @Test
    @Order(1)
    void theBeansAreThereAndTheStoresUseTheApplicationsPools() throws Exception {
        Decant decant = app.getBean(Decant.class);
        Migration orders = BeanFactoryAnnotationUtils.qualifiedBeanOfType(app.getBeanFactory(), Migration.class, "orders");
        assertThat(app.getBean("ordersMigration")).isSameAs(orders);
        assertThat(app.getBean(StarterTestApplication.OrdersWriter.class).orders()).isSameAs(orders);
        assertThat(orders.phase()).isEqualTo(Phase.LEGACY_ONLY);
        assertThat(decant.instanceId()).isEqualTo("starter-it");
        assertThat(app.getBean(TransactionScope.class)).isInstanceOf(SpringTransactions.class);
        assertThat(decant.status("orders").instances()).singleElement()
                .satisfies(i -> assertThat(i.instanceId()).isEqualTo("starter-it"));

        // no pool of Decant's: it would have a housekeeper thread and PostgreSQL sessions named "decant"
        assertThat(Thread.getAllStackTraces().keySet()).map(Thread::getName)
                .noneMatch(n -> n.startsWith("decant-") && n.endsWith("housekeeper"));
        for (Database db : List.of(legacyDb, newDb)) {
            assertThat(sessionsNamedDecant(db)).as("Decant's own sessions on %s", db.name()).isZero();
        }
    }

    @Test
    @Order(2)
    void writesInsideSpringTransactionsCommitWithThemAndAreMetered() {
        Decant decant = app.getBean(Decant.class);
        decant.advance("orders", new AdvanceRequest(Optional.of(Phase.DUAL_WRITE), Duration.ofSeconds(20), true,
                "starter test", "test"));
        StarterTestApplication.OrdersWriter writer = app.getBean(StarterTestApplication.OrdersWriter.class);
        assertThat(writer.orders().phase()).isEqualTo(Phase.DUAL_WRITE);
        TransactionTemplate tx = app.getBean(TransactionTemplate.class);

        tx.executeWithoutResult(status -> {
            writer.save(1, 10, 100, "NEW");
            assertThat(writer.serviceCount(1)).as("the new write waits for the commit").isZero();
        });
        assertThat(writer.legacyCount(1)).isOne();
        assertThat(writer.serviceCount(1)).as("written after the commit").isOne();

        tx.executeWithoutResult(status -> {
            writer.save(2, 20, 200, "NEW");
            status.setRollbackOnly();
        });
        assertThat(writer.legacyCount(2)).isZero();
        assertThat(writer.serviceCount(2)).as("a rolled-back write never reaches the new store").isZero();

        // the new write after the commit runs with the ended transaction suspended: Spring-managed data access
        // there opens work of its own instead of joining a transaction that will never commit again
        javax.sql.DataSource primary = app.getBean("dataSource", javax.sql.DataSource.class);
        java.util.List<String> seenByTheNewWrite = new java.util.concurrent.CopyOnWriteArrayList<>();
        tx.executeWithoutResult(status -> writer.orders().write(4L,
                () -> writer.legacy().update("INSERT INTO orders (id, customer_id, total_cents, status) VALUES (4, 40, 400, 'NEW')"),
                () -> seenByTheNewWrite.add("transaction active: " + org.springframework.transaction.support.TransactionSynchronizationManager
                        .isActualTransactionActive() + ", primary connection bound: "
                        + org.springframework.transaction.support.TransactionSynchronizationManager.hasResource(primary))));
        assertThat(seenByTheNewWrite).containsExactly("transaction active: false, primary connection bound: false");

        writer.save(3, 30, 300, "PAID"); // outside any transaction
        assertThat(writer.serviceCount(3)).isOne();

        MeterRegistry meters = app.getBean(MeterRegistry.class);
        assertThat(meters.find("decant.writes").tag("migration", "orders").counters())
                .as("Decant's meters in the application's registry").isNotEmpty();
    }

    @Test
    @Order(3)
    void healthAndTheDecantEndpoint() throws Exception {
        JsonNode health = get("/actuator/health");
        assertThat(health.path("status").asText()).isEqualTo("UP");
        JsonNode orders = health.path("components").path("decant").path("details").path("migrations").path("orders");
        assertThat(orders.path("phase").asText()).isEqualTo("DUAL_WRITE");
        assertThat(orders.path("barrier").asText()).isEqualTo("passed");
        assertThat(orders.path("journalDepth").asLong()).isZero();
        assertThat(orders.path("thisInstance").asText()).startsWith("live");

        JsonNode status = get("/actuator/decant");
        assertThat(status.path("migration").asText()).isEqualTo("orders");
        assertThat(status.path("phase").asText()).isEqualTo("DUAL_WRITE");
        assertThat(status.path("instances").get(0).path("instanceId").asText()).isEqualTo("starter-it");
        assertThat(status.path("audit").get(0).path("reason").asText()).isEqualTo("starter test");
        assertThat(get("/actuator/decant/orders").path("version").asLong()).isEqualTo(status.path("version").asLong());
    }

    @Test
    @Order(4)
    void aDataSourceBeanThatDoesNotExistIsRefusedNamingIt() {
        Throwable failed = catchThrowable(() -> application("decant.stores.orders.data-source=nope", "decant.instance-id=refused",
                "decant.init=false").run().close());
        Throwable root = failed;
        while (root.getCause() != null && !(root instanceof DecantException)) {
            root = root.getCause();
        }
        assertThat(root).isInstanceOf(DecantException.class)
                .hasMessageContaining("decant.stores.orders.data-source: no DataSource bean named 'nope'");
    }

    @Test
    @Order(5)
    void closingTheApplicationClosesDecantBeforeThePools() throws Exception {
        com.zaxxer.hikari.HikariDataSource pool = app.getBean("dataSource", com.zaxxer.hikari.HikariDataSource.class);
        app.close();
        // leaving the registry needs the (borrowed) pool: Decant was closed first
        try (Connection c = legacyDb.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM decant_instances WHERE instance_id = 'starter-it'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the instance left the registry on close").isZero();
        }
        assertThat(pool.isClosed()).as("and then Spring closed the pool").isTrue();
    }

    private JsonNode get(String path) throws Exception {
        String port = app.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static long sessionsNamedDecant(Database db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'decant' AND datname = '" + db.name() + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
