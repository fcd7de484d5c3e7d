package io.decant.demo;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The monolith's client of the orders service's API ({@link OrdersApi}): its new write and read
 * paths call the service over HTTP. Calls fail while {@code outage} says the service is
 * unreachable, and with an {@link IOException} when the service answers with an error.
 */
final class OrdersApiClient implements OrderStore {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final BooleanSupplier outage;
    private final ExecutorService executor;
    private final HttpClient http;

    /** @param base the service's API, e.g. {@code http://127.0.0.1:8081} */
    OrdersApiClient(URI base, String name, BooleanSupplier outage) {
        this.base = base;
        this.outage = outage;
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name + "-http");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(executor).build();
    }

    @Override
    public void save(Order o) throws IOException {
        HttpResponse<byte[]> r = send(request(o.id()).PUT(HttpRequest.BodyPublishers.ofByteArray(OrderJson.write(o)))
                .header("Content-Type", "application/json"), "saving order " + o.id());
        expect(r, 204, "saving order " + o.id());
    }

    @Override
    public boolean delete(long id) throws IOException {
        HttpResponse<byte[]> r = send(request(id).DELETE(), "deleting order " + id);
        if (r.statusCode() == 404) {
            return false;
        }
        expect(r, 204, "deleting order " + id);
        return true;
    }

    @Override
    public Optional<Order> find(long id) throws IOException {
        HttpResponse<byte[]> r = send(request(id).GET(), "reading order " + id);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        expect(r, 200, "reading order " + id);
        return Optional.of(OrderJson.read(r.body()));
    }

    private HttpRequest.Builder request(long id) {
        return HttpRequest.newBuilder(base.resolve(OrdersApi.PATH + id)).timeout(CALL_TIMEOUT);
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request, String what) throws IOException {
        if (outage.getAsBoolean()) {
            throw new ConnectException("orders service unreachable (injected outage) " + what);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + what);
        }
    }

    private static void expect(HttpResponse<byte[]> r, int status, String what) throws IOException {
        if (r.statusCode() != status) {
            throw new IOException("the orders service answered " + r.statusCode() + " " + what + ": "
                    + new String(r.body(), StandardCharsets.UTF_8).strip());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
