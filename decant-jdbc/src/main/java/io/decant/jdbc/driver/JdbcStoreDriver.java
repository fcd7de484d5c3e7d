package io.decant.jdbc.driver;

import io.decant.config.StoreConfig;
import io.decant.driver.StoreConnection;
import io.decant.driver.StoreDriver;
import io.decant.jdbc.engine.Engine;

/**
 * The store driver for {@code jdbc:postgresql:}, {@code jdbc:mariadb:} and {@code jdbc:mysql:}
 * URLs (MySQL is served by the MariaDB driver). Registered for {@link java.util.ServiceLoader}.
 */
public final class JdbcStoreDriver implements StoreDriver {

    @Override
    public boolean accepts(StoreConfig store) {
        return Engine.forUrl(store.url()).isPresent();
    }

    @Override
    public StoreConnection connect(StoreConfig store) {
        return JdbcStoreConnection.open(store);
    }

    /** A {@code javax.sql.DataSource} (PostgreSQL or MariaDB/MySQL); a url, when given, must be a JDBC one. */
    @Override
    public boolean acceptsApplicationSource(StoreConfig store, Object source) {
        return source instanceof javax.sql.DataSource && (store.url() == null || accepts(store));
    }

    @Override
    public StoreConnection connectThrough(StoreConfig store, Object source) {
        return JdbcStoreConnection.over(store, (javax.sql.DataSource) source);
    }
}
