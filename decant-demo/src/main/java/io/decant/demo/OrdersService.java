package io.decant.demo;

import io.decant.config.StoreConfig;
import java.util.function.BooleanSupplier;

/**
 * The orders service as the demo reaches it: the monolith's new write and read paths call it
 * through {@link #client}, and Decant reaches its table as the store {@link #store} names. Either
 * its database directly ({@link OrdersServiceDatabase}, the plain demo) or a separate process
 * serving its API ({@link OrdersServiceProcess}, {@code demo --service-api}). Closing it stops what
 * it started.
 */
public interface OrdersService extends AutoCloseable {
    /** The store {@code name} of decant.yaml through which Decant reaches the service's table. */
    StoreConfig store(String name, int poolSize);

    /**
     * A client of the service's orders for one monolith instance; every call fails while
     * {@code outage} says the service is unreachable.
     */
    OrderStore client(String name, int connections, BooleanSupplier outage);

    @Override
    void close();
}
