package io.decant.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.decant.DecantException;
import io.decant.ErrorCode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's reading of replies against a scripted server: end lines, error bodies, retries, the token kept out of messages. */
class ServiceClientTest {
    private static final String TOKEN = "client-test-token-0123456789";
    private HttpServer server;
    private ServiceClient client;
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        reply("/decant/v1/tables/cut/spans/split", 200, "application/x-ndjson", "[1]\n[2]\n");
        reply("/decant/v1/tables/miscounted/spans/split", 200, "application/x-ndjson", "[1]\n{\"end\":{\"count\":2}}\n");
        reply("/decant/v1/tables/whole/spans/split", 200, "application/x-ndjson", "[1]\n[2]\n{\"end\":{\"count\":2}}\n");
        reply("/decant/v1/tables/failing/spans/split", 200, "application/x-ndjson",
                "[1]\n{\"error\":{\"code\":\"internal\",\"message\":\"the database went away\"}}\n");
        reply("/decant/v1/tables/refused/count", 400, "application/json",
                "{\"error\":{\"code\":\"bad_request\",\"message\":\"column 'x' is not a column\"}}");
        server.createContext("/decant/v1/tables/flaky/count", ex -> {
            boolean first = calls.incrementAndGet() == 1;
            byte[] body = (first ? "{\"error\":{\"code\":\"unavailable\",\"message\":\"busy\"}}" : "{\"rows\":7}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(first ? 503 : 200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        client = new ServiceClient("svc", "http://127.0.0.1:" + server.getAddress().getPort() + "/", TOKEN, 4);
    }

    private void reply(String path, int status, String type, String body) {
        server.createContext(path, ex -> {
            if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.sendResponseHeaders(401, -1);
                ex.close();
                return;
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", type);
            ex.sendResponseHeaders(status, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private List<String> split(String table) {
        List<String> lines = new ArrayList<>();
        client.stream(table, "/spans/split", g -> {
            g.writeStartObject();
            g.writeEndObject();
        }, line -> lines.add(line.toString()), "cutting");
        return lines;
    }

    @Test
    void aCompleteStreamIsRead() {
        assertThat(split("whole")).containsExactly("[1]", "[2]");
    }

    @Test
    void aStreamWithoutItsEndLineIsAFailure() {
        assertThatThrownBy(() -> split("cut")).isInstanceOf(DecantException.class).hasMessageContaining("without its end line")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void anEndLineCountingOtherItemsIsAFailure() {
        assertThatThrownBy(() -> split("miscounted")).hasMessageContaining("counts 2 items, but 1 arrived");
    }

    @Test
    void anErrorLineEndsTheStreamWithTheServersMessage() {
        assertThatThrownBy(() -> split("failing")).isInstanceOfSatisfying(DecantException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.FAILURE)).hasMessageContaining("internal").hasMessageContaining("the database went away");
    }

    @Test
    void anErrorReplyCarriesTheServersCodeAndMessageButNeverTheToken() {
        assertThatThrownBy(() -> client.get("refused", "/count", "counting")).hasMessageContaining("bad_request (HTTP 400)")
                .hasMessageContaining("column 'x' is not a column").hasMessageContaining("store 'svc'").hasMessageNotContaining(TOKEN);
    }

    @Test
    void anUnavailableServiceIsAskedAgain() {
        assertThat(client.get("flaky", "/count", "counting").path("rows").asLong()).isEqualTo(7);
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void aServiceThatCannotBeReachedIsAFailureAfterRetries() {
        server.stop(0);
        assertThatThrownBy(() -> client.get("whole", "/count", "counting")).isInstanceOf(DecantException.class)
                .hasMessageContaining("cannot be reached").hasMessageNotContaining(TOKEN);
    }

    @Test
    void aUrlWithCredentialsOrWithoutATokenIsRefused() {
        assertThatThrownBy(() -> new ServiceClient("svc", "http://user:pw@host:1", TOKEN, 1)).hasMessageContaining("base URL only");
        assertThatThrownBy(() -> new ServiceClient("svc", "http://host:1", null, 1)).hasMessageContaining("token:");
    }
}
