package io.decant.cli.serve;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.decant.Decant;
import io.decant.Phase;
import io.decant.cli.DecantCli;
import io.decant.config.DecantConfig;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases;
import io.decant.wire.BearerToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code decant serve}'s server on a free port over real sockets, against clients that misbehave:
 * slow ones, oversized and malformed requests, a foreign Host header, hostile audit reasons, wrong
 * tokens. The migration lives on real PostgreSQL.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HostileClientsIT {
    static final String TOKEN = "hostile-it-T0ken-4f2a9";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration GENEROUS = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    private static Database legacy;
    private static Database service;
    private static int migrations;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(GENEROUS).build();
    private final StringWriter serverLog = new StringWriter();
    private final List<Socket> sockets = new ArrayList<>();
    private String name;
    private Path configFile;
    private Decant decant;
    private DashboardServer server;

    @BeforeAll
    static void databases() {
        legacy = TestDatabases.postgres().createDatabase();
        service = TestDatabases.postgres().createDatabase();
        legacy.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, status VARCHAR(20) NOT NULL)",
                "INSERT INTO orders SELECT g, 'NEW' FROM generate_series(1, 20) g");
        service.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, status VARCHAR(20))");
    }

    @BeforeEach
    void migrationAndServer() throws Exception {
        name = "orders_" + ++migrations;
        configFile = Files.writeString(dir.resolve("decant.yaml"), "stores:\n"
                + store("legacy", legacy) + store("service", service)
                + "migrations:\n  " + name + ":\n"
                + "    source: { store: legacy, table: orders, key: [id] }\n"
                + "    target: { store: service, table: orders, key: [id] }\n");
        DecantConfig config = DecantConfig.load(configFile);
        decant = Decant.open(config);
        decant.init();
        server = DashboardServer.start(decant, config, new ServeSettings("127.0.0.1", 0, BearerToken.of(TOKEN),
                "DECANT_SERVE_TOKEN"), new PrintWriter(serverLog, true));
    }

    private static String store(String name, Database db) {
        return "  " + name + ":\n    url: " + db.url() + "\n    user: " + db.user() + "\n"
                + (db.password() != null ? "    password: " + db.password() + "\n" : "");
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
        if (decant != null) {
            decant.close();
        }
    }

    @Test
    void slowClientsHoldingPartialHeadersDoNotStallTheDashboardOrMetricsAndAreCutOff() throws Exception {
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < 3 * 8; i++) {
            Socket s = open();
            s.getOutputStream().write(("GET /api/migrations HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow-" + i + ": ")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            slow.add(s);
        }

        assertThat(get("metrics").statusCode()).as("metrics under the attack").isEqualTo(200);
        assertThat(get("").statusCode()).as("the dashboard under the attack").isEqualTo(200);
        assertThat(get("api/migrations/" + name).statusCode()).as("the API under the attack").isEqualTo(200);

        for (Socket s : slow) {
            s.setSoTimeout((int) GENEROUS.toMillis());
            assertThat(readAll(s.getInputStream())).as("the server closed the slow connection").isNotNull();
        }
    }

    @Test
    void anOversizedHeaderIsRefusedAndTheServerGoesOn() throws Exception {
        String big = "x".repeat(DashboardServer.MAX_HEADER_BYTES * 4);
        String reply = raw("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + big + "\r\n\r\n");

        assertThat(reply).as("refused or closed").satisfiesAnyOf(
                r -> assertThat(r).startsWith("HTTP/1.1 4"), r -> assertThat(r).isEmpty());
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < DashboardServer.MAX_HEADERS * 2; i++) {
            many.append("X-H-").append(i).append(": 1\r\n");
        }
        assertThat(raw("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n" + many + "\r\n")).satisfiesAnyOf(r -> assertThat(r).startsWith("HTTP/1.1 4"), r -> assertThat(r).isEmpty());
        assertThat(get("metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void aMalformedRequestIsRefusedAndTheServerGoesOn() throws Exception {
        String reply = raw("THIS IS NOT HTTP\r\n\r\n");

        assertThat(reply).satisfiesAnyOf(r -> assertThat(r).startsWith("HTTP/1.1 4"), r -> assertThat(r).isEmpty());
        assertThat(raw("\u0000\u0001\u0002\r\n\r\n")).satisfiesAnyOf(r -> assertThat(r).startsWith("HTTP/1.1 4"),
                r -> assertThat(r).isEmpty());
        assertThat(get("metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void anOversizedBodyIsRefusedWithoutChangingThePhase() throws Exception {
        String reply = raw("POST /api/migrations/" + name + "/advance HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: "
                + (MigrationApi.MAX_BODY_BYTES + 10) + "\r\nConnection: close\r\n\r\n{\"reason\":\""
                + "y".repeat(MigrationApi.MAX_BODY_BYTES) + "\"}");

        assertThat(reply).startsWith("HTTP/1.1 413");
        assertThat(decant.status(name).phase()).isEqualTo(Phase.LEGACY_ONLY);
    }

    @Test
    void aForeignHostHeaderIsRefusedOnEveryRoute() throws Exception {
        int port = server.url().getPort();
        for (String path : List.of("/", "/metrics", "/api/migrations", "/api/migrations/" + name)) {
            String reply = raw("GET " + path + " HTTP/1.1\r\nHost: rebind.attacker.example:" + port
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(reply).as(path).startsWith("HTTP/1.1 421").contains("MISDIRECTED").doesNotContain(name + "\",\"phase");
        }
        assertThat(raw("GET /metrics HTTP/1.0\r\n\r\n")).as("no Host header").startsWith("HTTP/1.1 421");
        assertThat(raw("GET /metrics HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200");
        String advance = raw("POST /api/migrations/" + name + "/advance HTTP/1.1\r\nHost: rebind.attacker.example\r\n"
                + "Authorization: Bearer " + TOKEN + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        assertThat(advance).startsWith("HTTP/1.1 421");
        assertThat(decant.status(name).phase()).isEqualTo(Phase.LEGACY_ONLY);
    }

    @Test
    void aNulInAReasonIsBadInputAndChangesNothing() throws Exception {
        HttpResponse<String> r = post("api/migrations/" + name + "/advance", "{\"reason\":\"a\\u0000b\"}", "Bearer " + TOKEN);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("error").asText()).contains("NUL character");
        assertThat(r.body()).doesNotContain("PSQLException", "0x00");
        assertThat(decant.status(name).phase()).isEqualTo(Phase.LEGACY_ONLY);
        assertThat(decant.status(name).audit()).isEmpty();
    }

    @Test
    void statusPrintsTerminalEscapesFromAnAuditReasonAsText() throws Exception {
        String hostile = "\u001b[2J\u001b[Hall clear\r\nfaked line\u009b31m\u202Eevil";
        HttpResponse<String> r = post("api/migrations/" + name + "/advance",
                "{\"reason\":" + JSON.writeValueAsString(hostile) + "}", "Bearer " + TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = DecantCli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int code = cli.execute("status", name, "--config", configFile.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("reason: \\x1B[2J\\x1B[Hall clear\\x0D\\x0Afaked line\\x9B31m\\u202Eevil")
                .doesNotContain("\u001b", "\r", "\u009b", "\u202E");
    }

    @Test
    void failedAuthenticationsAreLoggedWithoutTheToken() throws Exception {
        HttpResponse<String> wrong = post("api/migrations/" + name + "/advance", "{}", "Bearer guessed-token-value-1");
        HttpResponse<String> none = post("api/migrations/" + name + "/advance", "{}", null);

        assertThat(List.of(wrong, none)).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(401));
        assertThat(serverLog.toString())
                .contains("decant serve: failed authentication from 127.0.0.1 for POST /api/migrations/" + name
                        + "/advance (wrong token)", "(no Authorization header)")
                .doesNotContain("guessed-token-value-1");
        assertThat(decant.status(name).phase()).isEqualTo(Phase.LEGACY_ONLY);
    }

    @Test
    void serveExitsFourWhenTheControlStoreCannotBeReached() throws Exception {
        Path unreachable = Files.writeString(dir.resolve("unreachable.yaml"), Files.readString(configFile)
                .replaceFirst("url: [^\\n]*", "url: jdbc:postgresql://127.0.0.1:1/nothing?connectTimeout=5"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = DecantCli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));

        int code = cli.execute("serve", "--port", "0", "--config", unreachable.toString());

        assertThat(code).as(err.toString()).isEqualTo(4);
        assertThat(err.toString()).startsWith("decant: cannot serve: the status cannot be read from the control store (legacy)");
        assertThat(out.toString()).doesNotContain("dashboard at");
    }

    @Test
    void serveRefusesATokenShorterThanSixteenCharacters() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                DecantCli.class.getName(), "serve", "--port", "0", "--config", configFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("short-token.out").toFile());
        pb.environment().put("DECANT_SERVE_TOKEN", "short");
        Process p = pb.start();
        try {
            assertThat(p.waitFor(GENEROUS.toSeconds(), TimeUnit.SECONDS)).as("decant serve ended").isTrue();
        } finally {
            p.destroyForcibly();
        }
        String output = Files.readString(dir.resolve("short-token.out"));
        assertThat(p.exitValue()).as(output).isEqualTo(2);
        assertThat(output).startsWith("decant: $DECANT_SERVE_TOKEN: the API token is 5 characters long; it must have at least 16");
    }

    // --- plumbing -----------------------------------------------------------------------------------

    private Socket open() throws IOException {
        Socket s = new Socket("127.0.0.1", server.url().getPort());
        sockets.add(s);
        return s;
    }

    /** Sends {@code request} on a new connection and returns what the server answered until it closed ("" if nothing). */
    private String raw(String request) throws IOException {
        Socket s = open();
        s.setSoTimeout((int) GENEROUS.toMillis());
        OutputStream out = s.getOutputStream();
        try {
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            s.shutdownOutput();
        } catch (IOException e) {
            // the server may close while a large request is still being sent: read what it answered
        }
        String reply = readAll(s.getInputStream());
        return reply == null ? "" : reply;
    }

    /** Everything until the server closes the connection; null only if it did not close within the socket's timeout. */
    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                b.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            // reset by the server: it closed the connection
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(GENEROUS).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(GENEROUS)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
