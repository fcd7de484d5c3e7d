package io.decant;

import io.decant.config.DecantConfig;
import io.decant.config.StoreConfig;
import io.decant.driver.StoreConnection;
import io.decant.driver.StoreDriver;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** The configured stores, connected on first use through the {@link StoreDriver} that accepts each URL. */
final class StoreConnections implements AutoCloseable {
    private final DecantConfig config;
    private final Map<String, StoreConnection> open = new LinkedHashMap<>();

    StoreConnections(DecantConfig config) {
        this.config = config;
    }

    synchronized StoreConnection get(String store) {
        StoreConnection c = open.get(store);
        if (c == null) {
            StoreConfig sc = config.store(store);
            c = driverFor(sc).connect(sc);
            open.put(store, c);
        }
        return c;
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
