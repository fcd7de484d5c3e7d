package io.decant.cli.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.decant.Decant;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.StatusReport;
import io.decant.config.DecantConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP server behind {@code decant serve}: {@code GET /} the dashboard, {@code /api/migrations…}
 * the JSON API ({@link MigrationApi}), {@code GET /metrics} Prometheus text.
 *
 * <p>Slow clients: the JDK's server reads a request on a pool thread, so a client that sends half a
 * header and waits holds that thread. Each connection may therefore have a thread of its own (up to
 * {@link #MAX_CONNECTIONS}, beyond which connections are refused), and a request that is not read
 * completely within {@link #REQUEST_READ_SECONDS} is closed; a few slow clients cannot stall the
 * dashboard or {@code /metrics}. Request headers are capped at {@link #MAX_HEADER_BYTES} bytes and
 * {@link #MAX_HEADERS} lines. These are the JDK server's process-wide settings, set here before the
 * first server of the process is created (a value already set with {@code -D} is kept).
 *
 * <p>Every request must name this server in its {@code Host} header ({@link AllowedHosts}).
 */
public final class DashboardServer implements AutoCloseable {
    static final int MAX_CONNECTIONS = 256;
    static final int REQUEST_READ_SECONDS = 10;
    static final int MAX_HEADER_BYTES = 32 * 1024;
    static final int MAX_HEADERS = 64;
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    static {
        setDefault("sun.net.httpserver.maxReqTime", Integer.toString(REQUEST_READ_SECONDS));
        setDefault("jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS));
        setDefault("sun.net.httpserver.maxReqHeaderSize", Integer.toString(MAX_HEADER_BYTES));
        setDefault("sun.net.httpserver.maxReqHeaders", Integer.toString(MAX_HEADERS));
    }

    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    private final HttpServer server;
    private final ExecutorService pool;
    private final StatusReader statuses;
    private final DashboardPage page;
    private final PrometheusMeterRegistry registry;
    private final StatusGauges gauges;

    private DashboardServer(HttpServer server, ExecutorService pool, StatusReader statuses, DashboardPage page,
                            PrometheusMeterRegistry registry) {
        this.server = server;
        this.pool = pool;
        this.statuses = statuses;
        this.page = page;
        this.registry = registry;
        this.gauges = new StatusGauges(registry);
    }

    /**
     * Binds and starts serving. {@code log} receives one line per request that failed unexpectedly.
     *
     * @throws DecantException BAD_CONFIG when the address cannot be bound (in use, not local); FAILURE when the
     *                         control store cannot be read (checked once before listening)
     */
    public static DashboardServer start(Decant decant, DecantConfig config, ServeSettings settings, PrintWriter log) {
        StatusReader statuses = new StatusReader(decant, config);
        try {
            statuses.all();
        } catch (DecantException e) {
            throw new DecantException(e.code(), "cannot serve: the status cannot be read from the control store ("
                    + config.control() + "): " + e.getMessage(), e.details(), e);
        }
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(settings.bind()), settings.port()), 64);
        } catch (IOException e) {
            throw new DecantException(ErrorCode.BAD_CONFIG, "cannot listen on " + settings.bind() + ":" + settings.port()
                    + " (" + e.getMessage() + "); choose another --port or --bind", e);
        }
        AtomicInteger n = new AtomicInteger();
        // one thread per busy connection (the server refuses connections past MAX_CONNECTIONS), idle ones end
        ThreadPoolExecutor pool = new ThreadPoolExecutor(MAX_CONNECTIONS, MAX_CONNECTIONS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "decant-serve-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        AllowedHosts hosts = settings.allowedHosts();
        DashboardServer server = new DashboardServer(http, pool, statuses, new DashboardPage(config),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        http.setExecutor(pool);
        http.createContext("/", guarded(server::dashboard, hosts, log));
        http.createContext("/metrics", guarded(server::metrics, hosts, log));
        http.createContext(MigrationApi.PREFIX, guarded(new MigrationApi(decant, statuses, settings.token(),
                settings.tokenEnv(), log), hosts, log));
        http.start();
        return server;
    }

    /** Where the dashboard is, e.g. {@code http://127.0.0.1:8080/}. */
    public URI url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "localhost" : a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    private void dashboard(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().equals("/")) {
            HttpReply.error(exchange, ApiError.of(404, "NOT_FOUND", "nothing here; the dashboard is at /, the API at "
                    + MigrationApi.PREFIX + ", metrics at /metrics"));
            return;
        }
        if (!isRead(exchange)) {
            return;
        }
        List<StatusReport> reports = List.of();
        String error = null;
        try {
            reports = statuses.all();
        } catch (DecantException e) {
            error = "Cannot read the status: " + e.getMessage();
        }
        String nonce = DashboardPage.nonce();
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Security-Policy", DashboardPage.contentSecurityPolicy(nonce));
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Frame-Options", "DENY");
        HttpReply.text(exchange, 200, "text/html; charset=utf-8", page.render(nonce, reports, error));
    }

    private void metrics(HttpExchange exchange) throws IOException {
        if (!isRead(exchange)) {
            return;
        }
        try {
            gauges.refresh(statuses.all());
        } catch (DecantException e) {
            HttpReply.text(exchange, 503, "text/plain; charset=utf-8", "cannot read the status: " + e.getMessage() + "\n");
            return;
        }
        HttpReply.text(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
    }

    /**
     * Refuses a request whose Host header does not name this server (421), and answers 500 (and logs
     * one line) when a handler fails unexpectedly, instead of dropping the connection.
     */
    private static HttpHandler guarded(HttpHandler handler, AllowedHosts hosts, PrintWriter log) {
        return exchange -> {
            try {
                String host = exchange.getRequestHeaders().getFirst("Host");
                if (!hosts.accepts(host)) {
                    HttpReply.error(exchange, ApiError.of(421, "MISDIRECTED", host == null
                            ? "the request has no Host header"
                            : "this server does not answer to the host name in the request's Host header; start decant"
                                    + " serve with --allow-host NAME to accept a name other than its address"));
                    return;
                }
                handler.handle(exchange);
            } catch (RuntimeException e) {
                synchronized (log) {
                    log.println("decant serve: " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                            + " failed: " + e);
                    log.flush();
                }
                HttpReply.error(exchange, ApiError.of(500, "FAILURE", "unexpected " + e.getClass().getSimpleName()
                        + "; see the server's log"));
            }
        };
    }

    private static boolean isRead(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        HttpReply.error(exchange, ApiError.of(405, "METHOD_NOT_ALLOWED", method + " is not allowed here; use GET"));
        return false;
    }

    /** Stops accepting requests, gives running ones a second to finish, and stops the pool. */
    @Override
    public void close() {
        server.stop(1);
        pool.shutdown();
        try {
            if (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        registry.close();
    }
}
