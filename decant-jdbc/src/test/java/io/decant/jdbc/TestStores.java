package io.decant.jdbc;

import io.decant.config.StoreConfig;
import io.decant.jdbc.driver.JdbcStoreConnection;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases;

/** Opens {@link JdbcStoreConnection}s to fresh test databases. */
public final class TestStores {
    private TestStores() {
    }

    /** A store connection (pool of {@code poolSize}) to {@code db}, named {@code name}. */
    public static JdbcStoreConnection open(String name, Database db, int poolSize) {
        return JdbcStoreConnection.open(new StoreConfig(name, db.url(), db.user(), db.password(), poolSize));
    }

    /** A fresh database on {@code engine}'s test server. */
    public static Database freshDatabase(TestDatabases.Engine engine) {
        return TestDatabases.of(engine).createDatabase();
    }
}
