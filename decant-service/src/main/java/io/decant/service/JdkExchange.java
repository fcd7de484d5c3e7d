package io.decant.service;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/** A request of the JDK's HTTP server as a {@link ProtocolExchange}. */
final class JdkExchange implements ProtocolExchange {
    private final HttpExchange exchange;
    private final InputStream body;

    JdkExchange(HttpExchange exchange, ReadWatchdog watchdog) {
        this.exchange = exchange;
        this.body = watchdog.watch(exchange.getRequestBody());
    }

    @Override
    public String method() {
        return exchange.getRequestMethod();
    }

    @Override
    public String path() {
        return exchange.getRequestURI().getPath();
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
    }

    @Override
    public InputStream body() {
        return body;
    }

    @Override
    public void responseHeader(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
    }

    @Override
    public OutputStream respond(int status, String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, 0);
        return exchange.getResponseBody();
    }
}
