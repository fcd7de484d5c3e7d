package io.decant;

import io.decant.config.DecantConfig;
import io.decant.config.StoreConfig;
import io.decant.driver.StoreConnection;
import io.decant.driver.StoreDriver;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import javax.sql.DataSource;

/**
 * The configured stores, connected on first use through the {@link StoreDriver} that accepts each URL,
 * or through the application's DataSource where the application bound one to the store.
 */
final class StoreConnections implements AutoCloseable {
    private final DecantConfig config;
    private final Map<String, DataSource> bound;
    private final Map<String, StoreConnection> open = new LinkedHashMap<>();

    StoreConnections(DecantConfig config, Map<String, DataSource> bound) {
        this.config = config;
        this.bound = Map.copyOf(bound);
    }

    /** Whether the application bound the store to its own DataSource. */
    boolean isBound(String store) {
        return bound.containsKey(store);
    }

    synchronized StoreConnection get(String store) {
        StoreConnection c = open.get(store);
        if (c == null) {
            StoreConfig sc = config.store(store);
            DataSource ds = bound.get(store);
            if (ds != null) {
                c = dataSourceDriverFor(sc, ds).connectThrough(sc, ds);
            } else if (!sc.hasUrl()) {
                throw StoreConfig.urlRequired(store);
            } else {
                c = driverFor(sc).connect(sc);
            }
            open.put(store, c);
        }
        return c;
    }

    private static StoreDriver dataSourceDriverFor(StoreConfig sc, DataSource ds) {
        for (StoreDriver d : ServiceLoader.load(StoreDriver.class, StoreConnections.class.getClassLoader())) {
            if (d.acceptsApplicationSource(sc, ds)) {
                return d;
            }
        }
        throw DecantException.badConfig("stores." + sc.name() + ": no store driver takes an application's DataSource"
                + (sc.isHttp() ? " for a service's store (remove its url to bind it to a DataSource)" : "; put decant-jdbc on the classpath"));
    }

    private static StoreDriver driverFor(StoreConfig sc) {
        for (StoreDriver d : ServiceLoader.load(StoreDriver.class, StoreConnections.class.getClassLoader())) {
            if (d.accepts(sc)) {
                return d;
            }
        }
        throw DecantException.badConfig("stores." + sc.name() + ": no store driver accepts " + sc.safeUrl()
                + (sc.isHttp() ? "; put decant-http on the classpath" : "; put decant-jdbc (and its JDBC driver) on the classpath"));
    }

    @Override
    public synchronized void close() {
        for (StoreConnection c : open.values()) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }
        open.clear();
    }
}
