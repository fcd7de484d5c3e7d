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
}
