package io.decant.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.decant.service.DecantEndpoint;
import io.decant.service.RunningEndpoint;
import java.io.IOException;

/**
 * The orders service as its own process, for tests that kill it: decant-service's endpoint over
 * the service's database, started as a plain JVM service would start it. Prints
 * {@code listening PORT} once it serves; ends when its standard input closes (the test that
 * started it went away, killed or not), or when it is killed.
 *
 * <p>Arguments: {@code JDBC_URL USER PASSWORD TABLE VERSION_COLUMN PORT}; the token comes from the
 * environment variable {@value #TOKEN_VARIABLE}. {@code -} stands for no user, password or
 * version column; port 0 takes any free port.
 */
public final class ServiceChild {
    static final String TOKEN_VARIABLE = "ORDERS_DECANT_TOKEN";

    private ServiceChild() {
    }

    public static void main(String[] args) throws IOException {
        HikariConfig h = new HikariConfig();
        h.setJdbcUrl(args[0]);
        if (!args[1].equals("-")) {
            h.setUsername(args[1]);
        }
        if (!args[2].equals("-")) {
            h.setPassword(args[2]);
        }
        h.setMaximumPoolSize(8);
        HikariDataSource pool = new HikariDataSource(h);
        DecantEndpoint endpoint = DecantEndpoint.over(pool, args[3]).token(System.getenv(TOKEN_VARIABLE)).threads(8);
        if (!args[4].equals("-")) {
            endpoint.version(args[4]);
        }
        RunningEndpoint running = endpoint.start(Integer.parseInt(args[5]));
        System.out.println("listening " + running.port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // nothing is sent; the end of input is the parent's end
        }
        running.close();
        pool.close();
        System.exit(0);
    }
}
