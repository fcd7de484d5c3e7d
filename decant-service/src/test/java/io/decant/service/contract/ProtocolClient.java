package io.decant.service.contract;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The kit's own minimal client of the protocol, on the JDK's HTTP client. */
final class ProtocolClient {
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    /** A reply: its status, its JSON body (a document, or the lines of a stream), and its content type. */
    record Reply(int status, String contentType, JsonNode body, List<JsonNode> lines) {
        /** The error code of an error reply, or empty. */
        Optional<String> errorCode() {
            return body == null ? Optional.empty() : Optional.ofNullable(body.path("error").path("code").asText(null));
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String token;
    private final String table;

    ProtocolClient(URI base, String token, String table) {
        this.base = base;
        this.token = token;
        this.table = table;
    }

    String tablePath(String call) {
        return "/decant/v1/tables/" + table + call;
    }

    Reply get(String path, Optional<String> bearer) {
        return send(request(path, bearer).GET().build());
    }

    Reply get(String call) {
        return get(tablePath(call), Optional.of(token));
    }

    Reply post(String call, JsonNode body) {
        return post(tablePath(call), body.toString(), Optional.of(token));
    }

    Reply post(String path, String body, Optional<String> bearer) {
        return send(request(path, bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Posts an NDJSON body: the lines given, each followed by a newline. */
    Reply postLines(String call, List<String> lines) {
        StringBuilder body = new StringBuilder();
        lines.forEach(l -> body.append(l).append('\n'));
        return send(request(tablePath(call), Optional.of(token)).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    private HttpRequest.Builder request(String path, Optional<String> bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(2));
        bearer.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return b;
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (type.startsWith("application/x-ndjson")) {
                List<JsonNode> lines = new ArrayList<>();
                for (String line : r.body().split("\n")) {
                    if (!line.isEmpty()) {
                        lines.add(JSON.readTree(line));
                    }
                }
                return new Reply(r.statusCode(), type, null, lines);
            }
            return new Reply(r.statusCode(), type, r.body().isEmpty() ? null : JSON.readTree(r.body()), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
