package io.decant.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.jdbc.testing.TestDatabases;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orders service of {@code demo --service-api} as a process of its own, on a test database:
 * its orders API round-trips an order exactly, Decant's protocol needs the token, and the process
 * ends when it is closed and when its parent's pipe to it closes (the parent died).
 */
class OrdersServiceProcessIT {
    @TempDir
    Path dir;

    private TestDatabases.Database database;
    private DemoDatabase db;

    @BeforeEach
    void serviceTable() {
        database = TestDatabases.postgres().createDatabase();
        database.execute(OrdersSchema.serviceDdl());
        db = new DemoDatabase(false, database.name(), database.url(), database.user(), database.password());
    }

    @AfterEach
    void drop() {
        database.close();
    }

    @Test
    void itsApiRoundTripsAnOrderAndDecantsProtocolNeedsTheToken() throws Exception {
        OrdersServiceProcess service = OrdersServiceProcess.start(db, dir);
        ProcessHandle child = ProcessHandle.of(service.pid()).orElseThrow();
        try (service; OrderStore client = service.client("it", 2, () -> false)) {
            Order o = new Order(7, 42, new BigDecimal("12.30"), "PAID", null, true,
                    Instant.parse("2026-01-02T03:04:05.123456Z"), Instant.parse("2026-01-02T03:04:06.000001Z"));

            client.save(o);
            assertThat(client.find(7)).contains(o);
            try (ServiceOrders table = new ServiceOrders(db, "it-check", 1, () -> false)) {
                assertThat(table.find(7)).as("the row in the service's table").contains(o);
            }
            assertThat(client.delete(7)).isTrue();
            assertThat(client.delete(7)).isFalse();
            assertThat(client.find(7)).isEmpty();

            HttpClient http = HttpClient.newHttpClient();
            URI table = service.decant().resolve("/decant/v1/tables/orders");
            assertThat(http.send(HttpRequest.newBuilder(table).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(401);
            assertThat(service.store("orders", 4).url()).isEqualTo(service.decant().toString());
            assertThat(service.store("orders", 4).toString()).doesNotContain(service.store("orders", 4).password());
            HttpResponse<String> described = http.send(HttpRequest.newBuilder(table)
                    .header("Authorization", "Bearer " + service.store("orders", 4).password()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(described.statusCode()).isEqualTo(200);
            assertThat(described.body()).contains("order_id", "placed_at");
        }
        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void theInjectedOutageFailsTheClientsCallsWithoutReachingTheService() throws Exception {
        try (OrdersServiceProcess service = OrdersServiceProcess.start(db, dir);
             OrderStore client = service.client("it", 2, () -> true)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.find(1))
                    .isInstanceOf(java.net.ConnectException.class).hasMessageContaining("injected outage");
        }
    }

    @Test
    void theServerEndsWhenItsStandardInputEndsAsWhenTheDemoDies() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), OrdersServer.class.getName());
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(dir.resolve("server.err").toFile());
        pb.environment().put(OrdersServer.DB_URL, db.url());
        if (db.user() != null) {
            pb.environment().put(OrdersServer.DB_USER, db.user());
        }
        if (db.password() != null) {
            pb.environment().put(OrdersServer.DB_PASSWORD, db.password());
        }
        pb.environment().put(OrdersServer.TOKEN, "it-token-0123456789");
        Process p = pb.start();
        try {
            String ready = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(ready).as(Files.readString(dir.resolve("server.err"))).startsWith("READY api=http://127.0.0.1:");

            p.getOutputStream().close();

            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the server ends once its input ended").isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aServerThatCannotReachItsDatabaseFailsToStartWithItsLogAndLeavesNoProcess() {
        DemoDatabase nowhere = new DemoDatabase(false, "nowhere", "jdbc:postgresql://127.0.0.1:1/nowhere", "nobody", null);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OrdersServiceProcess.start(nowhere, dir))
                .isInstanceOf(io.decant.DecantException.class)
                .hasMessageContaining("the orders service process ended before it was ready; its log:");
        assertThat(ProcessHandle.current().children().filter(h -> h.info().commandLine().orElse("")
                .contains(OrdersServer.class.getName())).map(ProcessHandle::isAlive).filter(a -> a).findAny()).isEqualTo(Optional.empty());
    }
}
