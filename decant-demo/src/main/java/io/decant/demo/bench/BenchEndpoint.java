package io.decant.demo.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.decant.service.DecantEndpoint;
import io.decant.service.RunningEndpoint;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The target of a benchmark's HTTP path: decant-service's {@link DecantEndpoint} on the JDK's HTTP
 * server, in this process, serving the {@code orders} table of the benchmark's target database
 * over a pool of its own, so that Decant reaches the same database once directly (JDBC) and once
 * through the service's API ({@code --target http}).
 */
final class BenchEndpoint implements AutoCloseable {
    private final String token;
    private final HikariDataSource pool;
    private final RunningEndpoint endpoint;

    /** Serves {@code orders} (key {@code key}) of the database at {@code targetUrl} with {@code threads} handler threads and connections. */
    BenchEndpoint(String targetUrl, String key, int threads) {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        this.token = HexFormat.of().formatHex(secret);
        HikariConfig h = new HikariConfig();
        h.setPoolName("bench-endpoint");
        h.setJdbcUrl(targetUrl);
        h.setMaximumPoolSize(threads);
        this.pool = new HikariDataSource(h);
        try {
            this.endpoint = DecantEndpoint.over(pool, "orders").key(key).token(token).threads(threads).start(0);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** The store {@code name} of decant.yaml that reaches the endpoint, at most {@code poolSize} calls at once. */
    String storeYaml(String name, int poolSize) {
        return "  " + name + ":\n    url: " + endpoint.uri() + "\n    token: " + token + "\n    pool-size: " + poolSize + "\n";
    }

    /** Where it listens, without the token. */
    String describe() {
        return "decant-service endpoint in this process at " + endpoint.uri();
    }

    @Override
    public void close() {
        endpoint.close();
        pool.close();
    }
}
