package io.decant.service;

import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** A {@link DecantEndpoint} serving; {@link #close()} stops it and its threads. */
public final class RunningEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService handlers;
    private final ReadWatchdog watchdog;

    RunningEndpoint(HttpServer server, ExecutorService handlers, ReadWatchdog watchdog) {
        this.server = server;
        this.handlers = handlers;
        this.watchdog = watchdog;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** e.g. {@code http://127.0.0.1:8081}: the base the protocol's paths are appended to. */
    public URI uri() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + port());
    }

    /** Stops accepting calls, gives running ones a second to finish, then stops every thread. */
    @Override
    public void close() {
        server.stop(1);
        handlers.shutdownNow();
        watchdog.close();
        try {
            handlers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
