package io.decant.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import io.decant.DecantException;
import io.decant.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A service that stops sending in the middle of a reply (a real socket that sent the start of
 * the body and then nothing, the connection left open) makes the call fail after the store's
 * read timeout, naming the store, instead of holding the caller for ever. The bound of each test
 * is a hang detector, far above the read timeout, not a measurement.
 */
class StalledReplyTest {
    private static final String TOKEN = "stall-test-token-0123456789";
    private static final Duration READ_TIMEOUT = Duration.ofMillis(400);
    /** A call that has not failed by then hangs. */
    private static final Duration HANG = Duration.ofSeconds(60);

    private static ServiceClient client(StallingServer server) {
        return new ServiceClient("orders-svc", server.url(), TOKEN, 4, READ_TIMEOUT);
    }

    private static void rows(ServiceClient client, List<JsonNode> received) {
        client.stream("orders", "/spans/rows", g -> {
            g.writeStartObject();
            g.writeEndObject();
        }, line -> {
            received.add(line);
            return line.isArray(); // the header line is not an item
        }, "rows of the whole table of orders");
    }

    @Test
    void aRowsStreamThatStallsAfterItsFirstRowsFailsNamingTheStore() throws Exception {
        try (StallingServer server = StallingServer.stream("{\"columns\":[\"id\",\"note\"]}\n[1,\"a\"]\n[2,\"b\"]\n[3,\"c\"]\n");
             ServiceClient client = client(server)) {
            List<JsonNode> received = new ArrayList<>();

            DecantException e = assertTimeoutPreemptively(HANG, () -> catchFailure(() -> rows(client, received)));

            assertThat(received).as("the lines that arrived before the stall").hasSize(4);
            assertThat(e.code()).isEqualTo(ErrorCode.FAILURE);
            assertThat(e.getMessage()).contains("store 'orders-svc' (" + server.url() + ")")
                    .contains("rows of the whole table of orders failed")
                    .contains("the stream stalled after 3 items")
                    .contains("the service sent nothing for 400 ms (the store's read-timeout)")
                    .doesNotContain(TOKEN);
            assertThat(server.requests()).as("rows already used are not asked for again").isEqualTo(1);
        }
    }

    @Test
    void aStreamThatStallsBeforeItsFirstItemIsAskedAgainThenFails() throws Exception {
        try (StallingServer server = StallingServer.stream("[4");
             ServiceClient client = client(server)) {
            List<JsonNode> received = new ArrayList<>();

            DecantException e = assertTimeoutPreemptively(HANG, () -> catchFailure(() -> client.stream("orders", "/spans/split",
                    g -> {
                        g.writeStartObject();
                        g.writeNumberField("rowsPerSpan", 100);
                        g.writeEndObject();
                    }, received::add, "cutting orders")));

            assertThat(received).isEmpty();
            assertThat(e.getMessage()).contains("store 'orders-svc'").contains("cutting orders failed")
                    .contains("the stream stalled after 0 items").contains("read-timeout");
            assertThat(server.requests()).as("a silent stream nothing was used of is a timeout, sent again")
                    .isEqualTo(ServiceClient.ATTEMPTS);
        }
    }

    @Test
    void aJsonReplyThatStallsInItsBodyFailsNamingTheStore() throws Exception {
        try (StallingServer server = StallingServer.json(400, "{\"protocol\":\"decant/1\",\"tab");
             ServiceClient client = client(server)) {

            DecantException e = assertTimeoutPreemptively(HANG, () -> catchFailure(() -> client.get("orders", "", "describing orders")));

            assertThat(e.getMessage()).contains("store 'orders-svc'").contains("describing orders failed")
                    .contains("the reply stalled: the service sent nothing for 400 ms (the store's read-timeout)");
            assertThat(server.requests()).isEqualTo(ServiceClient.ATTEMPTS);
        }
    }

    @Test
    void aReplyThatNeverStartsFailsAfterTheReadTimeout() throws Exception {
        // headers never complete: the JDK client's own timeout, set to the same read timeout
        try (StallingServer server = new StallingServer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Slow: ", "");
             ServiceClient client = client(server)) {

            DecantException e = assertTimeoutPreemptively(HANG, () -> catchFailure(() -> client.get("orders", "/count", "counting orders")));

            assertThat(e.getMessage()).contains("store 'orders-svc'").contains("counting orders failed")
                    .contains("no reply within 400 ms (the store's read-timeout)");
        }
    }

    @Test
    void aStoresReadTimeoutComesFromItsConfiguration() {
        io.decant.config.StoreConfig store = new io.decant.config.StoreConfig("svc", "http://127.0.0.1:1", null, TOKEN, 2,
                Duration.ofSeconds(3));
        assertThat(store.readTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(new io.decant.config.StoreConfig("svc", "http://127.0.0.1:1", null, TOKEN).readTimeout())
                .isEqualTo(io.decant.config.StoreConfig.DEFAULT_READ_TIMEOUT);
        assertThatThrownBy(() -> new io.decant.config.StoreConfig("svc", "http://127.0.0.1:1", null, TOKEN, 2, Duration.ZERO))
                .hasMessageContaining("stores.svc.read-timeout");
    }

    private static DecantException catchFailure(Runnable call) {
        try {
            call.run();
        } catch (DecantException e) {
            return e;
        }
        throw new AssertionError("the call did not fail");
    }
}
