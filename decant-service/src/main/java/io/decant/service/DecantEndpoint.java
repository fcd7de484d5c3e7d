package io.decant.service;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The protocol served by the JDK's own HTTP server, for a service on a plain JVM:
 *
 * <pre>{@code
 * RunningEndpoint endpoint = DecantEndpoint.over(dataSource, "orders").token(secret).start(8081);
 * …
 * endpoint.close();
 * }</pre>
 *
 * Requests run on a fixed pool of handler threads; a request body that stalls longer than the read
 * timeout is cut off.
 */
public final class DecantEndpoint {
    private static final String NODELAY = "sun.net.httpserver.nodelay";
    private final DecantService.Builder service;
    private InetAddress address = InetAddress.getLoopbackAddress();
    private int threads = 8;
    private Duration readTimeout = Duration.ofSeconds(30);

    private DecantEndpoint(DecantService.Builder service) {
        this.service = service;
    }

    /** Starts configuring the endpoint of {@code table} over the service's {@code dataSource}. */
    public static DecantEndpoint over(DataSource dataSource, String table) {
        return new DecantEndpoint(DecantService.over(dataSource, table));
    }

    /** The bearer token every call must present (required). */
    public DecantEndpoint token(String bearerToken) {
        service.token(bearerToken);
        return this;
    }

    /** The key columns (default: the table's primary key). */
    public DecantEndpoint key(String... columns) {
        service.key(columns);
        return this;
    }

    /** The version column (default: none). */
    public DecantEndpoint version(String column) {
        service.version(column);
        return this;
    }

    /** The address listened on (default: loopback only). */
    public DecantEndpoint bind(InetAddress listenOn) {
        this.address = listenOn;
        return this;
    }

    /** Handler threads, each serving one call at a time (default 8). */
    public DecantEndpoint threads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.threads = count;
        return this;
    }

    /** How long one read of a request body may block (default 30 s). */
    public DecantEndpoint readTimeout(Duration timeout) {
        this.readTimeout = timeout;
        return this;
    }

    /** Bounds on request sizes (see {@link DecantService.Builder}). */
    public DecantEndpoint limits(long maxRequestBytes, long maxLoadBytes, int maxKeysPerCall) {
        service.maxRequestBytes(maxRequestBytes).maxLoadBytes(maxLoadBytes).maxKeysPerCall(maxKeysPerCall);
        return this;
    }

    /**
     * Starts serving on {@code port} (0: any free port).
     *
     * <p>Sets {@code sun.net.httpserver.nodelay=true} unless the JVM was given a value: the JDK's
     * HTTP server otherwise leaves Nagle's algorithm on, and a reply whose headers and body are
     * written apart waits for the client's delayed ACK — about 40 ms per call on Linux, which makes
     * a per-key repair or a small read ten times slower. The JDK reads the property once, when its
     * first HTTP server is made; a server made earlier in this JVM keeps the JDK's default.
     */
    public RunningEndpoint start(int port) {
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        DecantService decant = service.build();
        ReadWatchdog watchdog = new ReadWatchdog(readTimeout);
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "decant-endpoint-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 64);
            server.createContext("/", exchange -> {
                try (exchange) {
                    decant.handle(new JdkExchange(exchange, watchdog));
                    drain(exchange.getRequestBody());
                } finally {
                    Thread.interrupted(); // a watchdog interrupt must not reach the next call on this thread
                }
            });
            server.setExecutor(pool);
            server.start();
            return new RunningEndpoint(server, pool, watchdog);
        } catch (IOException e) {
            pool.shutdownNow();
            watchdog.close();
            throw new UncheckedIOException("cannot listen on " + address + ":" + port, e);
        }
    }

    /**
     * Reads what is left of a small body, so the connection can serve the next request (a body
     * left longer is dropped with its connection when the exchange closes). Reads, never skips:
     * the JDK's request body stream does not bound skip() by the body's length.
     */
    private static void drain(InputStream in) {
        byte[] buf = new byte[8192];
        try {
            for (int left = 1 << 16; left > 0; ) {
                int n = in.read(buf, 0, Math.min(buf.length, left));
                if (n < 0) {
                    return;
                }
                left -= n;
            }
        } catch (IOException ignored) {
            // the connection is closed instead
        }
    }
}
