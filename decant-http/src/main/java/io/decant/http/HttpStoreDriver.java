package io.decant.http;

import io.decant.config.StoreConfig;
import io.decant.driver.StoreConnection;
import io.decant.driver.StoreDriver;

/**
 * The store driver for a service's API: a store whose {@code url} is {@code http://…} or
 * {@code https://…} is reached through Decant's store protocol ({@code docs/service-protocol.yaml})
 * instead of a database connection. Registered for {@link java.util.ServiceLoader}.
 */
public final class HttpStoreDriver implements StoreDriver {

    @Override
    public boolean accepts(StoreConfig store) {
        return store.isHttp();
    }

    @Override
    public StoreConnection connect(StoreConfig store) {
        return new HttpStoreConnection(store);
    }
}
