package io.decant.driver;

import io.decant.config.StoreConfig;

/**
 * Connects Decant to a kind of database. Found with {@link java.util.ServiceLoader}; decant-jdbc
 * provides the PostgreSQL and MariaDB/MySQL driver.
 */
public interface StoreDriver {
    /** Whether this driver serves the store's URL. */
    boolean accepts(StoreConfig store);

    /** Opens a pooled connection to the store. Credentials never appear in messages. */
    StoreConnection connect(StoreConfig store);

    /**
     * Whether this driver serves the store through a {@link javax.sql.DataSource} of the application's
     * (the store's url may then be absent: the driver reads the engine from the connection).
     */
    default boolean acceptsDataSource(StoreConfig store) {
        return false;
    }

    /**
     * Connects the store through the application's {@code dataSource}: every connection is borrowed
     * from it with the session settings Decant needs, put back as it was, and the data source is never
     * closed by Decant.
     */
    default StoreConnection connect(StoreConfig store, javax.sql.DataSource dataSource) {
        throw io.decant.DecantException.badConfig("stores." + store.name() + ": this store driver cannot use an application's DataSource");
    }
}
