package io.decant.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.decant.DecantException;
import io.decant.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The calls of Decant's store protocol ({@code /decant/v1/}) to one service, on the JDK's HTTP
 * client: JSON requests and replies, NDJSON streams checked for their end line, errors turned into
 * {@link DecantException}s carrying the server's code and message. Every call carries the bearer
 * token, which no message ever shows.
 *
 * <p>Every call of the protocol is idempotent (every write sets a state), so a call that failed
 * to connect, lost its connection or timed out, or that the service answered {@code unavailable}
 * (503, or 502/504 from a proxy), is sent again, up to {@value #ATTEMPTS} times with a growing
 * pause. A stream is sent again only when nothing of it reached the caller yet.
 *
 * <p>At most {@code pool-size} calls run at once (a stream holds its call until it is read), as a
 * database store holds at most that many connections.
 *
 * <p>A reply may stay silent for at most the store's {@code read-timeout}: before it starts (a
 * digest of a large span is computed first) and in the middle of its body (a service or a network
 * that stops sending), so no call waits for ever. A silent reply counts as timed out.
 */
final class ServiceClient implements AutoCloseable {
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();
    private static final JsonFactory FACTORY = JSON.getFactory();
    static final String BASE_PATH = "/decant/v1/tables/";
    static final int ATTEMPTS = 4;
    private static final long[] PAUSES_MS = {200, 1000, 3000};
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration WAIT_FOR_CALL = Duration.ofMinutes(2);

    private final String store;
    private final String base;
    private final String safeBase;
    private final String authorization;
    private final HttpClient http;
    private final Semaphore calls;
    private final int maxCalls;
    private final Duration readTimeout;
    private final SilenceWatch silence;

    /**
     * A client of the service at {@code url} (its base URL; the protocol's paths are appended),
     * presenting {@code token}, making at most {@code maxCalls} calls at once.
     */
    ServiceClient(String store, String url, String token, int maxCalls) {
        this(store, url, token, maxCalls, io.decant.config.StoreConfig.DEFAULT_READ_TIMEOUT);
    }

    /** Like {@link #ServiceClient(String, String, String, int)}, a reply silent for longer than {@code readTimeout} failing. */
    ServiceClient(String store, String url, String token, int maxCalls, Duration readTimeout) {
        this.store = store;
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw DecantException.badConfig("stores." + store + ".url: not a valid URL");
        }
        if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw DecantException.badConfig("stores." + store + ".url: a service's store needs an http:// or https:// URL with a host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw DecantException.badConfig("stores." + store + ".url: give the service's base URL only (no user, query"
                    + " or fragment); the bearer token goes in token:");
        }
        if (token == null || token.isBlank()) {
            throw DecantException.badConfig("stores." + store + ": a service's store needs its bearer token in token:"
                    + " (e.g. token: \"${ORDERS_DECANT_TOKEN}\")");
        }
        if (token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw DecantException.badConfig("stores." + store + ".token: a bearer token is printable ASCII without spaces");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        this.safeBase = uri.getScheme() + "://" + uri.getRawAuthority() + path;
        this.base = safeBase + BASE_PATH;
        this.authorization = "Bearer " + token;
        this.maxCalls = maxCalls;
        this.calls = new Semaphore(maxCalls, true);
        this.readTimeout = readTimeout;
        this.silence = new SilenceWatch(readTimeout);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The service's base URL, safe to print. */
    String baseUrl() {
        return safeBase;
    }

    String store() {
        return store;
    }

    /** A reply: its status and its JSON body (null when it had none or it was not JSON). */
    record Reply(int status, JsonNode body, int attempts) {
        String errorCode() {
            return body == null ? "" : body.path("error").path("code").asText("");
        }
    }

    /** Writes a request body. */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** Receives the lines of a stream; returns whether the line was an item (a header line is not). */
    @FunctionalInterface
    interface Lines {
        boolean line(JsonNode line);
    }

    /** {@code GET} of a table's call; fails unless it answers 200. */
    JsonNode get(String table, String call, String what) {
        return ok(send(() -> request(table, call).GET(), what), what);
    }

    /** {@code GET} of a table's call, whatever it answers. */
    Reply getReply(String table, String call, String what) {
        return send(() -> request(table, call).GET(), what);
    }

    /** {@code POST} of a JSON body; fails unless it answers 200. */
    JsonNode post(String table, String call, Body body, String what) {
        return ok(postReply(table, call, body, what), what);
    }

    /** {@code POST} of a JSON body, whatever it answers. */
    Reply postReply(String table, String call, Body body, String what) {
        byte[] bytes = json(body);
        return send(() -> request(table, call).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)), what);
    }

    /** {@code POST} of an NDJSON body made afresh for each attempt, whatever it answers. */
    Reply postNdjson(String table, String call, Supplier<HttpRequest.BodyPublisher> body, String what) {
        return send(() -> request(table, call).header("Content-Type", "application/x-ndjson").POST(body.get()), what);
    }

    /**
     * {@code POST} of a JSON body answered by an NDJSON stream: each line goes to {@code lines} as it
     * arrives; the stream must end with its {@code {"end":{"count":n}}} line, n the items received.
     */
    void stream(String table, String call, Body body, Lines lines, String what) {
        byte[] bytes = json(body);
        for (int attempt = 1; ; attempt++) {
            long[] items = {0};
            try {
                streamOnce(table, call, bytes, lines, items, what);
                return;
            } catch (Retry r) {
                if (items[0] > 0 || attempt >= ATTEMPTS) {
                    throw r.failure;
                }
                pause(attempt, what);
            }
        }
    }

    private void streamOnce(String table, String call, byte[] body, Lines lines, long[] items, String what) {
        HttpRequest request = request(table, call).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        acquire(what);
        try {
            HttpResponse<InputStream> r;
            try {
                r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new Retry(failure(what, unreached(e), e));
            }
            try (InputStream in = silence.watch(r.body())) {
                if (r.statusCode() != 200) {
                    Reply reply = new Reply(r.statusCode(), parse(in.readAllBytes()), 1);
                    DecantException f = failure(reply, what);
                    throw retryable(reply.status()) ? new Retry(f) : f;
                }
                read(in, lines, items, what);
            } catch (SilenceWatch.Silent e) {
                throw new Retry(failure(what, "the stream stalled after " + items[0] + " items: " + e.getMessage(), e));
            } catch (IOException e) {
                throw new Retry(failure(what, "the stream was cut after " + items[0] + " items: " + describe(e), e));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(what, "interrupted", e);
        } finally {
            calls.release();
        }
    }

    private void read(InputStream in, Lines lines, long[] items, String what) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            while (true) {
                JsonToken t = p.nextToken();
                if (t == null) {
                    throw new IOException("the stream ended after " + items[0] + " items without its end line");
                }
                JsonNode n = JSON.readTree(p);
                if (n.isObject() && n.has("end")) {
                    long count = n.path("end").path("count").asLong(-1);
                    if (count != items[0]) {
                        throw failure(what, "the stream's end line counts " + count + " items, but " + items[0] + " arrived", null);
                    }
                    if (p.nextToken() != null) {
                        throw failure(what, "the stream goes on after its end line", null);
                    }
                    return;
                }
                if (n.isObject() && n.has("error")) {
                    DecantException f = failure(new Reply(200, n, 1), what);
                    // an error line after items is final (the caller has them); before any, retry when transient
                    throw items[0] == 0 && n.path("error").path("code").asText("").equals("unavailable") ? new Retry(f) : f;
                }
                if (lines.line(n)) {
                    items[0]++;
                }
            }
        } catch (JsonProcessingException e) {
            throw failure(what, "the service sent a line that is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The reply's body, or a failure naming the server's error. */
    JsonNode ok(Reply r, String what) {
        if (r.status() != 200 || r.body() == null) {
            throw failure(r, what);
        }
        return r.body();
    }

    private Reply send(Supplier<HttpRequest.Builder> request, String what) {
        for (int attempt = 1; ; attempt++) {
            try {
                Reply r = sendOnce(request.get().build(), what, attempt);
                if (!retryable(r.status()) || attempt >= ATTEMPTS) {
                    return r;
                }
            } catch (Retry e) {
                if (attempt >= ATTEMPTS) {
                    throw e.failure;
                }
            }
            pause(attempt, what);
        }
    }

    private Reply sendOnce(HttpRequest request, String what, int attempt) {
        acquire(what);
        try {
            HttpResponse<InputStream> r;
            try {
                r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new Retry(failure(what, unreached(e), e));
            }
            try (InputStream in = silence.watch(r.body())) {
                return new Reply(r.statusCode(), parse(in.readAllBytes()), attempt);
            } catch (SilenceWatch.Silent e) {
                throw new Retry(failure(what, "the reply stalled: " + e.getMessage(), e));
            } catch (IOException e) {
                throw new Retry(failure(what, "the reply was cut: " + describe(e), e));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(what, "interrupted", e);
        } finally {
            calls.release();
        }
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null; // not JSON (a proxy's page): the status tells
        }
    }

    private static boolean retryable(int status) {
        return status == 503 || status == 502 || status == 504;
    }

    private HttpRequest.Builder request(String table, String call) {
        return HttpRequest.newBuilder(URI.create(base + table + call)).timeout(readTimeout)
                .header("Authorization", authorization).header("Accept", "application/json, application/x-ndjson");
    }

    private void acquire(String what) {
        try {
            if (!calls.tryAcquire(WAIT_FOR_CALL.toMillis(), TimeUnit.MILLISECONDS)) {
                throw failure(what, "all " + maxCalls + " calls of this store (pool-size) stayed busy for "
                        + WAIT_FOR_CALL.toSeconds() + " s", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(what, "interrupted", e);
        }
    }

    private void pause(int attempt, String what) {
        try {
            Thread.sleep(PAUSES_MS[Math.min(attempt - 1, PAUSES_MS.length - 1)]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(what, "interrupted", e);
        }
    }

    static byte[] json(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A failure of a reply: the server's code and message (its words; never the token, which it never had to echo). */
    DecantException failure(Reply r, String what) {
        String code = r.errorCode();
        String message = r.body() == null ? "" : r.body().path("error").path("message").asText("");
        String said = code.isEmpty() ? "HTTP " + r.status() + (r.body() == null ? " without a protocol error body" : "")
                : code + " (HTTP " + r.status() + ")" + (message.isEmpty() ? "" : ": " + message);
        if (code.equals("unauthorized")) {
            said += "; check the store's token";
        }
        return new DecantException(ErrorCode.FAILURE, "store '" + store + "' (" + safeBase + "): " + what + " failed: " + said);
    }

    DecantException failure(String what, String why, Throwable cause) {
        return new DecantException(ErrorCode.FAILURE, "store '" + store + "' (" + safeBase + "): " + what + " failed: " + why, cause);
    }

    /** Why a call got no reply: the service could not be reached, or did not answer within the read timeout. */
    private String unreached(IOException e) {
        if (e instanceof java.net.http.HttpTimeoutException && !(e instanceof java.net.http.HttpConnectTimeoutException)) {
            return "no reply within " + SilenceWatch.format(readTimeout) + " (the store's read-timeout)";
        }
        return "the service cannot be reached: " + describe(e);
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
    }

    /** A failure worth another attempt. */
    private static final class Retry extends RuntimeException {
        final DecantException failure;

        Retry(DecantException failure) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
        }
    }

    @Override
    public void close() {
        silence.close(); // the JDK 17 client has no close(); its connections go with it
    }
}
