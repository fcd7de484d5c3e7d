package io.decant.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.decant.config.StoreConfig;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.service.DecantEndpoint;
import io.decant.service.RunningEndpoint;

/**
 * The target table behind the service's API, for the JDBC path's fixture {@link TwoStores}:
 * decant-service's endpoint serving the table over the service's own pool (sessions not in UTC, as
 * a service's may be), on a free port of this JVM; Decant reaches it as an {@code http:} store.
 * Lives in {@code io.decant.it}, beside the fixtures of decant-jdbc's test-jar it plugs into; this
 * module's build also names it in {@code decant.it.target-access} to run the JDBC path's
 * concurrent-writer and kill -9 ITs against the endpoint.
 */
public final class ServedTarget implements TwoStores.TargetAccess {
    static final String TOKEN = "served-target-token-" + Long.toHexString(System.nanoTime());

    private HikariDataSource pool;

    public ServedTarget() {
    }

    private RunningEndpoint endpoint;

    @Override
    public StoreConfig store(String name, Database db, String table, String key) {
        HikariConfig h = new HikariConfig();
        h.setJdbcUrl(db.url());
        h.setUsername(db.user());
        h.setPassword(db.password());
        h.setMaximumPoolSize(12);
        h.setConnectionInitSql(db.engine() == Engine.POSTGRES ? "SET TIME ZONE 'America/New_York'" : "SET time_zone = '-05:00'");
        pool = new HikariDataSource(h);
        endpoint = DecantEndpoint.over(pool, table).key(key).token(TOKEN).threads(12).start(0);
        return new StoreConfig(name, endpoint.uri().toString(), null, TOKEN, 8);
    }

    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.close();
        }
        if (pool != null) {
            pool.close();
        }
    }
}
