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
     * Whether this driver serves the store through {@code source}, a connection source the application
     * owns (for decant-jdbc a {@code javax.sql.DataSource}; the SPI names no JDBC type). The store's url
     * may then be absent: the driver reads the engine from a connection.
     */
    default boolean acceptsApplicationSource(StoreConfig store, Object source) {
        return false;
    }

    /**
     * Connects the store through the application's {@code source}: every connection is borrowed from
     * it with the session settings Decant needs and put back as it was; Decant never closes it.
     */
    default StoreConnection connectThrough(StoreConfig store, Object source) {
        throw io.decant.DecantException.badConfig("stores." + store.name() + ": this store driver cannot use a connection source"
                + " of the application's");
    }
}
