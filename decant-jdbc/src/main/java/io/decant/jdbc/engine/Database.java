package io.decant.jdbc.engine;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.config.StoreConfig;
import io.decant.jdbc.JdbcTableStore;
import io.decant.jdbc.StoreFailures;
import io.decant.jdbc.dialect.Dialect;
import io.decant.store.TableRef;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * One PostgreSQL or MariaDB/MySQL database as this module's parts use it: its {@link Engine}, chosen
 * once here (from the configured URL, or from the metadata of the application's data source), a
 * HikariCP pool (every pooled session in UTC and READ COMMITTED) or the application's own data source
 * lent through {@link BorrowedSessions} (the same session settings, put back on return), and its
 * tables. The store SPI's connection ({@code io.decant.jdbc.driver.JdbcStoreConnection}) hands it, or
 * what its engine hands out, to the backfill, backup, verification and control-store parts, which
 * know nothing of the SPI's wiring.
 */
public final class Database implements AutoCloseable {
    private final StoreConfig config;
    private final DataSource pool;
    private final Runnable closePool;
    private final Engine engine;
    private final String productVersion;
    private final Map<TableRef, JdbcTableStore> tables = new ConcurrentHashMap<>();

    private Database(StoreConfig config, DataSource pool, Runnable closePool, Engine engine, String productVersion) {
        this.config = config;
        this.pool = pool;
        this.closePool = closePool;
        this.engine = engine;
        this.productVersion = productVersion;
    }

    /**
     * Opens the pool and checks that the store answers; fails (FAILURE) naming the store, never the
     * password. The engine is the one the store's URL names (BAD_CONFIG for a URL of no engine here).
     */
    public static Database open(StoreConfig config) {
        Engine engine = Engine.forUrl(config.url()).orElseThrow(() -> DecantException.badConfig("stores." + config.name()
                + ".url: " + config.safeUrl() + " is not a PostgreSQL or MariaDB/MySQL JDBC URL"));
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikariConfig(config, engine));
        } catch (RuntimeException e) {
            throw new DecantException(ErrorCode.FAILURE, "cannot connect to store '" + config.name() + "' at "
                    + config.safeUrl() + ": " + masked(rootMessage(e), config)
                    + "; check the url, user and password in the store's configuration and that the server is running", e);
        }
        try (Connection c = pool.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            if (!zoneKnown(c, config, engine)) {
                throw unknownZone(config, engine);
            }
            return new Database(config, pool, pool::close, engine, engine.productVersion(meta));
        } catch (SQLException e) {
            pool.close();
            throw StoreFailures.wrap(config.name(), "connecting to " + config.safeUrl(), e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Whether the database knows the store's {@code time-zone:} (a MariaDB without its time zone
     * tables knows no region): the zone is converted in the database when spans are hashed, so both
     * must know it. UTC and an offset are always known.
     */
    private static boolean zoneKnown(Connection c, StoreConfig config, Engine engine) throws SQLException {
        if (config.timeZoneIsUtc() || config.timeZone() instanceof ZoneOffset) {
            return true;
        }
        boolean known;
        try (PreparedStatement ps = c.prepareStatement(engine.dialect().zoneKnownSql())) {
            ps.setString(1, config.timeZone().getId());
            try (ResultSet rs = ps.executeQuery()) {
                known = rs.next() && rs.getObject(1) != null;
            }
        } catch (SQLException e) {
            known = false;
        }
        if (!c.getAutoCommit()) {
            c.rollback(); // PostgreSQL's failed statement would leave the transaction aborted
        }
        return known;
    }

    /** BAD_CONFIG, naming the store, for a {@code time-zone:} its database does not know ({@link #zoneKnown}). */
    private static DecantException unknownZone(StoreConfig config, Engine engine) {
        return DecantException.badConfig("stores." + config.name() + ".time-zone: " + engine.name() + " at " + config.safeUrl()
                + " does not know the time zone '" + config.timeZone().getId() + "'; " + engine.dialect().unknownZoneAdvice());
    }

    /**
     * The store on the application's {@code dataSource} (Decant borrows its connections and never
     * closes it). The engine is read from the connection's metadata; a store's {@code url}, if given,
     * must name the same engine. BAD_CONFIG, naming the store, for another engine or a mismatch;
     * FAILURE when no connection can be had.
     */
    public static Database over(StoreConfig config, DataSource dataSource) {
        Engine engine;
        String metadataUrl;
        String version;
        boolean zoneKnown;
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            String product = meta.getDatabaseProductName();
            engine = Engine.of(meta).orElseThrow(() -> DecantException.badConfig("stores." + config.name()
                    + ": the DataSource bound to it reaches " + product.split(" ")[0]
                    + "; Decant's JDBC stores are PostgreSQL and MariaDB/MySQL"));
            metadataUrl = meta.getURL();
            version = engine.productVersion(meta);
            zoneKnown = zoneKnown(c, config, engine);
        } catch (SQLException e) {
            throw StoreFailures.wrap(config.name(), "borrowing a connection from the application's DataSource", e);
        }
        if (config.url() != null && !engine.matchesUrl(config.url())) {
            throw DecantException.badConfig("stores." + config.name() + ".url: " + config.safeUrl() + " names another engine than"
                    + " the DataSource bound to the store, which reaches " + version + "; remove the url or fix it");
        }
        String url = config.url() != null ? config.url()
                : engine.matchesUrl(metadataUrl) ? metadataUrl : engine.urlPrefix() + "(application DataSource)";
        StoreConfig effective = new StoreConfig(config.name(), url, config.user(), config.password(), config.poolSize(),
                config.readTimeout(), config.timeZone());
        if (!zoneKnown) {
            throw unknownZone(effective, engine);
        }
        return new Database(effective, BorrowedSessions.of(dataSource, engine), () -> {
        }, engine, version);
    }

    private static HikariConfig hikariConfig(StoreConfig config, Engine engine) {
        HikariConfig h = new HikariConfig();
        h.setPoolName("decant-" + config.name());
        h.setDriverClassName(engine.driverClassName());
        h.setJdbcUrl(engine.poolUrl(config.url()));
        engine.dataSourceProperties().forEach(h::addDataSourceProperty);
        if (config.user() != null) {
            h.setUsername(config.user());
        }
        if (config.password() != null) {
            h.setPassword(config.password());
        }
        h.setMaximumPoolSize(config.poolSize());
        h.setMinimumIdle(1);
        h.setConnectionTimeout(10_000);
        h.setInitializationFailTimeout(1);
        h.setConnectionInitSql(engine.dialect().sessionInitSql());
        h.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        return h;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
    }

    private static String masked(String message, StoreConfig config) {
        String m = message.replace(config.url(), config.safeUrl());
        return config.password() == null || config.password().isEmpty() ? m : m.replace(config.password(), "***");
    }

    /** The store's configuration (its name for messages, its URL). */
    public StoreConfig config() {
        return config;
    }

    /** Which database this is: its SQL vocabularies and the answers to every question on which engines differ. */
    public Engine engine() {
        return engine;
    }

    /** The engine's SQL dialect. */
    public Dialect dialect() {
        return engine.dialect();
    }

    /** The pool (or the borrowed application data source), for parts that manage their own transactions. */
    public DataSource dataSource() {
        return pool;
    }

    /** A table of this database (one instance per table). */
    public JdbcTableStore table(TableRef ref) {
        return tables.computeIfAbsent(ref, r -> JdbcTableStore.over(config.name(), pool, engine.dialect(), r, config.timeZone()));
    }

    /** e.g. {@code PostgreSQL 15.4} or {@code MariaDB 10.11.6}. */
    public String productVersion() {
        return productVersion;
    }

    @Override
    public void close() {
        closePool.run(); // a borrowed application data source stays open
    }

    @Override
    public String toString() {
        return "Database[" + config.name() + " " + config.safeUrl() + "]";
    }
}
