package io.decant.demo;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import io.decant.service.DecantEndpoint;
import io.decant.service.RunningEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The orders service of {@code demo --service-api}, run as its own process by
 * {@link OrdersServiceProcess}: over its database (a pool of its own) it serves its orders API
 * ({@link OrdersApi}, what the monolith calls) and Decant's store protocol (decant-service's
 * {@link DecantEndpoint} on the JDK's HTTP server, bearer token required), each on a free port of
 * 127.0.0.1. It prints one line, {@code READY api=URL decant=URL}, and serves until its standard
 * input ends — the demo closes it, or dies, which closes it too — or it is stopped.
 *
 * <p>The database and the token come from the environment, never the command line (which other
 * users of the machine can read): {@value #DB_URL}, {@value #DB_USER}, {@value #DB_PASSWORD} and
 * {@value #TOKEN}.
 */
public final class OrdersServer {
    static final String DB_URL = "DECANT_DEMO_SERVICE_DB_URL";
    static final String DB_USER = "DECANT_DEMO_SERVICE_DB_USER";
    static final String DB_PASSWORD = "DECANT_DEMO_SERVICE_DB_PASSWORD";
    static final String TOKEN = "DECANT_DEMO_SERVICE_TOKEN";
    static final String READY = "READY";
    /** Threads of each server, and the database connections of the orders API. */
    private static final int THREADS = 16;

    private OrdersServer() {
    }

    public static void main(String[] args) throws IOException {
        // replies without waiting for the client's delayed ACK (see DecantEndpoint#start), for both servers
        System.setProperty("sun.net.httpserver.nodelay", "true");
        String url = required(DB_URL);
        String token = required(TOKEN);
        DemoDatabase db = new DemoDatabase(false, "service", url, System.getenv(DB_USER), System.getenv(DB_PASSWORD));
        HikariDataSource decantPool = Pools.open(db, "decant-endpoint", THREADS);
        ServiceOrders orders = new ServiceOrders(db, "orders-api", THREADS, () -> false);
        RunningEndpoint decant = DecantEndpoint.over(decantPool, OrdersSchema.SERVICE_TABLE).key("order_id")
                .version("updated_at").token(token).threads(THREADS).start(0);
        ExecutorService apiThreads = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "orders-api");
            t.setDaemon(true);
            return t;
        });
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        api.createContext(OrdersApi.PATH, new OrdersApi(orders));
        api.setExecutor(apiThreads);
        api.start();
        Runnable stop = () -> {
            api.stop(0);
            apiThreads.shutdownNow();
            decant.close();
            orders.close();
            decantPool.close();
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "orders-server-stop"));
        System.out.println(READY + " api=http://" + api.getAddress().getAddress().getHostAddress() + ":"
                + api.getAddress().getPort() + " decant=" + decant.uri());
        System.out.flush();
        awaitEndOfInput(System.in);
        System.exit(0); // the shutdown hook stops the servers and closes the pools
    }

    private static void awaitEndOfInput(InputStream in) {
        byte[] buf = new byte[256];
        try {
            while (in.read(buf) >= 0) {
                // nothing is sent on standard input: it only tells the service that the demo is still there
            }
        } catch (IOException ended) {
            // the demo is gone
        }
    }

    private static String required(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            System.err.println("orders service: " + name + " is not set");
            System.exit(2);
        }
        return v;
    }
}
