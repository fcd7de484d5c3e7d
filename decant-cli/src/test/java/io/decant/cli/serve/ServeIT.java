package io.decant.cli.serve;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.decant.Decant;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.Phase;
import io.decant.cli.DecantCli;
import io.decant.config.DecantConfig;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases;
import io.decant.wire.BearerToken;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code decant serve}'s server in this JVM on a free port, over a migration on real PostgreSQL. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ServeIT {
    static final String TOKEN = "serve-it-T0ken-8c1f";
    static final String PASSWORD = "Walrus-s3cr3t-0815";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<HttpResponse<String>> responses = new ArrayList<>();
    private final StringWriter serverLog = new StringWriter();
    private static final AtomicInteger MIGRATIONS = new AtomicInteger();
    private static Database legacy;
    private static Database service;
    private String name;
    private DecantConfig config;
    private Decant decant;
    private DashboardServer server;

    @BeforeAll
    static void databases() {
        legacy = TestDatabases.postgres().createDatabase();
        service = TestDatabases.postgres().createDatabase();
        legacy.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, status VARCHAR(20) NOT NULL)",
                "INSERT INTO orders SELECT g, g % 7, 'NEW' FROM generate_series(1, 20) g");
        service.execute("CREATE TABLE orders (order_id BIGINT PRIMARY KEY, customer BIGINT NOT NULL, status VARCHAR(20))");
    }

    /** Each test has a migration of its own (same tables, same control store), so tests do not share a phase. */
    @BeforeEach
    void migrationAndServer() throws Exception {
        name = "orders_" + MIGRATIONS.incrementAndGet();
        Path file = dir.resolve("decant.yaml");
        // the test server trusts local connections: the password is sent but not checked
        Files.writeString(file, "stores:\n"
                + store("legacy", legacy, PASSWORD)
                + store("service", service, service.password())
                + "migrations:\n"
                + "  " + name + ":\n"
                + "    source: { store: legacy, table: orders, key: [id] }\n"
                + "    target: { store: service, table: orders, key: [order_id] }\n"
                + "    columns: { order_id: id, customer: customer_id, status: status }\n");
        config = DecantConfig.load(file);
        decant = Decant.open(config);
        decant.init();
        server = start(BearerToken.of(TOKEN));
    }

    private static String store(String name, Database db, String password) {
        return "  " + name + ":\n    url: " + db.url() + "\n    user: " + db.user() + "\n"
                + (password != null ? "    password: " + password + "\n" : "");
    }

    private DashboardServer start(Optional<BearerToken> token) {
        return DashboardServer.start(decant, config, new ServeSettings("127.0.0.1", 0, token, "DECANT_SERVE_TOKEN"),
                new PrintWriter(serverLog, true));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (decant != null) {
            decant.close();
        }
    }

    @Test
    void theStatusOfAnInitializedMigrationShowsLegacyOnly() throws Exception {
        HttpResponse<String> one = get("api/migrations/" + name);
        HttpResponse<String> all = get("api/migrations");

        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        JsonNode report = JSON.readTree(one.body());
        assertThat(report.path("migration").asText()).isEqualTo(name);
        assertThat(report.path("phase").asText()).isEqualTo("LEGACY_ONLY");
        assertThat(report.path("journalDepth").asLong()).isZero();
        assertThat(report.path("changedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(all.body())).hasSize(1);
        assertThat(JSON.readTree(all.body()).path(0).path("phase").asText()).isEqualTo("LEGACY_ONLY");
    }

    @Test
    void advanceWithoutTheRightTokenIsRefusedAndThePhaseStaysPut() throws Exception {
        HttpResponse<String> none = post("api/migrations/" + name + "/advance", "{}", null);
        HttpResponse<String> wrong = post("api/migrations/" + name + "/advance", "{}", "Bearer not-the-token");
        HttpResponse<String> basic = post("api/migrations/" + name + "/advance", "{}", "Basic " + TOKEN);

        assertThat(List.of(none, wrong, basic)).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"decant\"");
            assertThat(JSON.readTree(r.body()).path("code").asText()).isEqualTo("UNAUTHORIZED");
        });
        assertThat(decant.status(name).phase()).isEqualTo(Phase.LEGACY_ONLY);
        assertThat(phaseOverApi()).isEqualTo("LEGACY_ONLY");
    }

    @Test
    void withoutAConfiguredTokenEveryPhaseChangeIsForbidden() throws Exception {
        server.close();
        server = start(Optional.empty());

        HttpResponse<String> advance = post("api/migrations/" + name + "/advance", "{}", "Bearer " + TOKEN);
        HttpResponse<String> rollback = post("api/migrations/" + name + "/rollback", "{\"to\":\"LEGACY_ONLY\",\"reason\":\"x\"}", "Bearer " + TOKEN);

        assertThat(List.of(advance, rollback)).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("DECANT_SERVE_TOKEN");
        });
        assertThat(decant.status(name).phase()).isEqualTo(Phase.LEGACY_ONLY);
    }

    @Test
    void advanceWithTheTokenMovesToDualWriteAndIsAuditedAsTheApi() throws Exception {
        HttpResponse<String> r = post("api/migrations/" + name + "/advance", "{\"wait\":\"5s\"}", "Bearer " + TOKEN);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode change = JSON.readTree(r.body()).path("changes").path(0);
        assertThat(change.path("from").asText()).isEqualTo("LEGACY_ONLY");
        assertThat(change.path("to").asText()).isEqualTo("DUAL_WRITE");
        assertThat(phaseOverApi()).isEqualTo("DUAL_WRITE");
        assertThat(decant.status(name).audit().get(0).actor()).isEqualTo("api@127.0.0.1");
    }

    @Test
    void rollbackWithTheTokenMovesBackWithItsReason() throws Exception {
        assertThat(post("api/migrations/" + name + "/advance", "{\"to\":\"dual-write\"}", "Bearer " + TOKEN).statusCode()).isEqualTo(200);

        HttpResponse<String> r = post("api/migrations/" + name + "/rollback",
                "{\"to\":\"LEGACY_ONLY\",\"reason\":\"checking the rollback\",\"wait\":\"5s\"}", "Bearer " + TOKEN);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("changes").path(0).path("to").asText()).isEqualTo("LEGACY_ONLY");
        assertThat(phaseOverApi()).isEqualTo("LEGACY_ONLY");
        assertThat(decant.status(name).audit().get(0).reason()).isEqualTo("checking the rollback");
    }

    @Test
    void aRefusedGuardAnswersConflictListingTheFailedGuards() throws Exception {
        assertThat(post("api/migrations/" + name + "/advance", "{}", "Bearer " + TOKEN).statusCode()).isEqualTo(200);

        HttpResponse<String> r = post("api/migrations/" + name + "/advance", "{\"to\":\"SHADOW_READ\"}", "Bearer " + TOKEN);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        JsonNode error = JSON.readTree(r.body());
        assertThat(error.path("code").asText()).isEqualTo("GUARD_REFUSED");
        assertThat(error.path("details")).isNotEmpty();
        assertThat(error.path("details").toString()).contains("FAILED");
        assertThat(phaseOverApi()).isEqualTo("DUAL_WRITE");
    }

    @Test
    void badInputIsRejectedWithoutChangingAnything() throws Exception {
        String auth = "Bearer " + TOKEN;
        List<HttpResponse<String>> bad = List.of(
                post("api/migrations/" + name + "/advance", "{\"to\":\"NOWHERE\"}", auth),
                post("api/migrations/" + name + "/advance", "{\"force\":true}", auth),
                post("api/migrations/" + name + "/advance", "{\"colour\":\"red\"}", auth),
                post("api/migrations/" + name + "/advance", "{not json", auth),
                post("api/migrations/" + name + "/advance", "{\"wait\":\"soon\"}", auth),
                post("api/migrations/" + name + "/rollback", "{\"to\":\"LEGACY_ONLY\"}", auth));

        assertThat(bad).allSatisfy(r -> {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).path("code").asText()).isEqualTo("BAD_CONFIG");
        });
        assertThat(decant.status(name).phase()).isEqualTo(Phase.LEGACY_ONLY);
        assertThat(decant.status(name).version()).isEqualTo(1);
    }

    @Test
    void anUnknownMigrationIsNotFound() throws Exception {
        HttpResponse<String> read = get("api/migrations/invoices");
        HttpResponse<String> advance = post("api/migrations/invoices/advance", "{}", "Bearer " + TOKEN);

        assertThat(List.of(read, advance)).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
            assertThat(JSON.readTree(r.body()).path("error").asText()).contains("unknown migration 'invoices'", name);
        });
        assertThat(get("api/nothing-here").statusCode()).isEqualTo(404);
        assertThat(get("elsewhere").statusCode()).isEqualTo(404);
    }

    @Test
    void readingWithTheWrongMethodIsNotAllowed() throws Exception {
        HttpResponse<String> r = post("api/migrations/" + name, "{}", "Bearer " + TOKEN);
        HttpResponse<String> g = get("api/migrations/" + name + "/advance");

        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(g.statusCode()).isEqualTo(405);
        assertThat(g.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void metricsShowEachMigrationsJournalDepthAndPhase() throws Exception {
        HttpResponse<String> before = get("metrics");
        post("api/migrations/" + name + "/advance", "{}", "Bearer " + TOKEN);
        HttpResponse<String> after = get("metrics");

        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(before.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(before.body()).contains("decant_journal_depth{migration=\"" + name + "\"} 0.0",
                "decant_phase{migration=\"" + name + "\",phase=\"LEGACY_ONLY\"} 0.0",
                "decant_journal_deferred{migration=\"" + name + "\"}", "decant_intents_stale{migration=\"" + name + "\"}",
                "decant_shadow_matched{migration=\"" + name + "\"}", "decant_shadow_mismatched{migration=\"" + name + "\"}",
                "decant_shadow_ignored{migration=\"" + name + "\"}", "decant_shadow_errored{migration=\"" + name + "\"}",
                "decant_backfill_rows{migration=\"" + name + "\"}", "decant_instances_live{migration=\"" + name + "\"}");
        assertThat(after.body()).contains("decant_phase{migration=\"" + name + "\",phase=\"DUAL_WRITE\"} 1.0")
                .doesNotContain("phase=\"LEGACY_ONLY\"");
    }

    @Test
    void theDashboardEscapesAHostileReasonFromTheAuditLog() throws Exception {
        String hostile = "</script><script>alert(document.cookie)</script><img src=x onerror=alert(1)>";
        String reason = JSON.writeValueAsString(hostile);
        assertThat(post("api/migrations/" + name + "/advance", "{}", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(post("api/migrations/" + name + "/rollback", "{\"to\":\"LEGACY_ONLY\",\"reason\":" + reason + "}",
                "Bearer " + TOKEN).statusCode()).isEqualTo(200);

        HttpResponse<String> page = get("");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'none'", "script-src 'nonce-"));
        assertThat(page.body()).contains("<title>Decant</title>", "\"LEGACY_ONLY\"",
                "\\u003c/script\\u003e\\u003cscript\\u003ealert(document.cookie)");
        assertThat(page.body()).doesNotContain("<script>alert", "<img src=x");
        assertThat(JSON.readTree(get("api/migrations/" + name).body()).path("audit").path(0).path("reason").asText())
                .isEqualTo(hostile);
    }

    @Test
    void neitherThePasswordNorTheTokenIsEverServedOrLogged() throws Exception {
        post("api/migrations/" + name + "/advance", "{}", "Bearer " + TOKEN);
        post("api/migrations/" + name + "/advance", "{}", "Bearer wrong");
        post("api/migrations/" + name + "/advance", "{\"to\":\"RETIRED\"}", "Bearer " + TOKEN);
        get("");
        get("api/migrations");
        get("metrics");

        assertThat(responses).hasSize(6).allSatisfy(r -> assertThat(r.body()).doesNotContain(PASSWORD, TOKEN));
        assertThat(serverLog.toString()).doesNotContain(PASSWORD, TOKEN);
    }

    @Test
    void theServeCommandPrintsItsUrlServesTheDashboardAndStopsWhenInterrupted() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = DecantCli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int[] exit = {-1};
        Thread serving = new Thread(() -> exit[0] = cli.execute("serve", "--config", dir.resolve("decant.yaml").toString(),
                "--port", "0", "--token-env", "DECANT_TEST_TOKEN_VARIABLE_NEVER_SET"), "serve-command-under-test");
        serving.start();
        Matcher url = Pattern.compile("dashboard at (http://127\\.0\\.0\\.1:\\d+/)").matcher("");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (serving.isAlive() && !url.reset(out.toString()).find() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (!url.reset(out.toString()).find()) {
            serving.interrupt();
            serving.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(url.reset(out.toString()).find()).as(out + "\n" + err).isTrue();

        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url.group(1))).build(),
                HttpResponse.BodyHandlers.ofString());
        serving.interrupt();
        serving.join();

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("\"migration\":\"" + name + "\"");
        assertThat(out.toString()).contains("api/migrations", "metrics", "Ctrl-C",
                "advance and rollback over the API are disabled (403): $DECANT_TEST_TOKEN_VARIABLE_NEVER_SET is not set",
                "decant serve: stopping");
        assertThat(exit[0]).as(err.toString()).isZero();
    }

    @Test
    void aLiveLibraryInstanceIsShownCountedAndWaitedForByAdvance() throws Exception {
        try (Decant monolith = Decant.builder(config).instanceId("monolith-7").open()) {
            monolith.migration(name);

            JsonNode instance = JSON.readTree(get("api/migrations/" + name).body()).path("instances").path(0);
            assertThat(instance.path("instanceId").asText()).isEqualTo("monolith-7");
            assertThat(instance.path("live").asBoolean()).isTrue();
            assertThat(instance.path("ackedPhase").asText()).isEqualTo("LEGACY_ONLY");
            assertThat(get("metrics").body()).contains("decant_instances_live{migration=\"" + name + "\"} 1.0");
            assertThat(get("").body()).contains("monolith-7");

            HttpResponse<String> advance = post("api/migrations/" + name + "/advance", "{\"wait\":\"30s\"}", "Bearer " + TOKEN);

            assertThat(advance.statusCode()).as(advance.body()).isEqualTo(200);
            JsonNode after = JSON.readTree(get("api/migrations/" + name).body()).path("instances").path(0);
            assertThat(after.path("ackedPhase").asText()).isEqualTo("DUAL_WRITE");
        }
    }

    @Test
    void aPortInUseIsABadConfigurationNamingTheAddress() {
        int taken = server.url().getPort();

        assertThatThrownBy(() -> DashboardServer.start(decant, config,
                new ServeSettings("127.0.0.1", taken, Optional.empty(), "DECANT_SERVE_TOKEN"), new PrintWriter(serverLog, true)))
                .isInstanceOfSatisfying(DecantException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_CONFIG);
                    assertThat(e.getMessage()).contains("cannot listen on 127.0.0.1:" + taken, "--port");
                });
    }

    private String phaseOverApi() throws Exception {
        return JSON.readTree(get("api/migrations/" + name).body()).path("phase").asText();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(server.url().resolve(path)).GET());
    }

    private HttpResponse<String> post(String path, String body, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.url().resolve(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return send(b);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        responses.add(r);
        return r;
    }
}
