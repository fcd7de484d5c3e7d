package io.decant.demo;

import io.decant.config.StoreConfig;
import java.util.function.BooleanSupplier;

/**
 * The orders service reached through its database: the monolith's new paths write the service's
 * table with JDBC ({@link ServiceOrders}) and Decant connects to the same database.
 */
public final class OrdersServiceDatabase implements OrdersService {
    private final DemoDatabase db;

    public OrdersServiceDatabase(DemoDatabase db) {
        this.db = db;
    }

    @Override
    public StoreConfig store(String name, int poolSize) {
        return new StoreConfig(name, db.url(), db.user(), db.password(), poolSize);
    }

    @Override
    public OrderStore client(String name, int connections, BooleanSupplier outage) {
        return new ServiceOrders(db, name, connections, outage);
    }

    @Override
    public void close() {
        // nothing started: the database belongs to DemoDatabases
    }
}
