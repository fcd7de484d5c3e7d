package io.decant.spi;

import io.decant.config.StoreConfig;

/** An open, pooled connection to one store, from which tables and the control store are reached. */
public interface StoreConnection extends AutoCloseable {
    StoreConfig config();

    /** A table of this store. Identifiers in {@code ref} were validated; the store quotes them. */
    TableStore table(TableRef ref);

    /** Decant's own state kept in this store. */
    ControlStore control();

    /** e.g. {@code PostgreSQL 15.4} or {@code MariaDB 10.11.6}. */
    String productVersion();

    @Override
    void close();
}
