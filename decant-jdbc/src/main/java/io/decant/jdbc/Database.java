package io.decant.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.config.StoreConfig;
import io.decant.jdbc.dialect.Dialect;
import io.decant.jdbc.dialect.MariaDbDialect;
import io.decant.jdbc.dialect.PostgresDialect;
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
 * One PostgreSQL or MariaDB/MySQL database as this module's parts use it: a HikariCP pool (every
 * pooled session in UTC and READ COMMITTED) or the application's own data source lent through
 * {@link BorrowedSessions} (the same session settings, put back on return), the engine's
 * {@link Dialect}, and its tables. The store
 * SPI's connection ({@code io.decant.jdbc.driver.JdbcStoreConnection}) hands it to the backfill,
 * backup, verification and control-store parts, which know nothing of the SPI's wiring.
 */
public final class Database implements AutoCloseable {
    private final StoreConfig config;
    private final DataSource pool;
    private final Runnable closePool;
    private final Dialect dialect;
    private final String productVersion;
    private final Map<TableRef, JdbcTableStore> tables = new ConcurrentHashMap<>();

    private Database(StoreConfig config, DataSource pool, Runnable closePool, Dialect dialect, String productVersion) {
        this.config = config;
        this.pool = pool;
        this.closePool = closePool;
        this.dialect = dialect;
        this.productVersion = productVersion;
    }

    /** Opens the pool and checks that the store answers; fails (FAILURE) naming the store, never the password. */
    public static Database open(StoreConfig config) {
        Dialect dialect = config.isPostgres() ? new PostgresDialect() : new MariaDbDialect();
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikariConfig(config, dialect));
        } catch (RuntimeException e) {
            throw new DecantException(ErrorCode.FAILURE, "cannot connect to store '" + config.name() + "' at "
                    + config.safeUrl() + ": " + masked(rootMessage(e), config)
                    + "; check the url, user and password in the store's configuration and that the server is running", e);
        }
        try (Connection c = pool.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            checkTimeZone(c, config, dialect);
            return new Database(config, pool, pool::close, dialect, productVersion(meta));
        } catch (SQLException e) {
            pool.close();
            throw StoreFailures.wrap(config.name(), "connecting to " + config.safeUrl(), e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * BAD_CONFIG, naming the store, when its {@code time-zone:} is a region the database does not
     * know (a MariaDB without its time zone tables knows none): the zone is converted in the
     * database when spans are hashed, so both must know it. An offset is always known.
     */
    private static void checkTimeZone(Connection c, StoreConfig config, Dialect dialect) throws SQLException {
        if (config.timeZoneIsUtc() || config.timeZone() instanceof ZoneOffset) {
            return;
        }
        String zone = config.timeZone().getId();
        boolean known;
        try (PreparedStatement ps = c.prepareStatement(dialect.zoneKnownSql())) {
            ps.setString(1, zone);
            try (ResultSet rs = ps.executeQuery()) {
                known = rs.next() && rs.getObject(1) != null;
            }
        } catch (SQLException e) {
            known = false;
        }
        if (!c.getAutoCommit()) {
            c.rollback(); // PostgreSQL's failed statement would leave the transaction aborted
        }
        if (!known) {
            throw DecantException.badConfig("stores." + config.name() + ".time-zone: " + dialect.engine() + " at " + config.safeUrl()
                    + " does not know the time zone '" + zone + "'; " + dialect.unknownZoneAdvice());
        }
    }

    /**
     * The store on the application's {@code dataSource} (Decant borrows its connections and never
     * closes it). The engine is read from the connection's metadata; a store's {@code url}, if given,
     * must name the same engine. BAD_CONFIG, naming the store, for another engine or a mismatch;
     * FAILURE when no connection can be had.
     */
    public static Database over(StoreConfig config, DataSource dataSource) {
        String product;
        String metadataUrl;
        String version;
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            product = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
            metadataUrl = meta.getURL();
            version = productVersion(meta);
        } catch (SQLException e) {
            throw StoreFailures.wrap(config.name(), "borrowing a connection from the application's DataSource", e);
        }
        boolean postgres = product.startsWith("PostgreSQL");
        if (!postgres && !product.startsWith("MariaDB") && !product.startsWith("MySQL") && !product.contains("MariaDB")) {
            throw DecantException.badConfig("stores." + config.name() + ": the DataSource bound to it reaches "
                    + product.split(" ")[0] + "; Decant's JDBC stores are PostgreSQL and MariaDB/MySQL");
        }
        String prefix = postgres ? "jdbc:postgresql:" : "jdbc:mariadb:";
        if (config.url() != null && config.isPostgres() != postgres) {
            throw DecantException.badConfig("stores." + config.name() + ".url: " + config.safeUrl() + " names another engine than"
                    + " the DataSource bound to the store, which reaches " + version + "; remove the url or fix it");
        }
        String url = config.url() != null ? config.url()
                : metadataUrl != null && (metadataUrl.startsWith(prefix) || !postgres && metadataUrl.startsWith("jdbc:mysql:"))
                ? metadataUrl : prefix + "(application DataSource)";
        StoreConfig effective = new StoreConfig(config.name(), url, config.user(), config.password(), config.poolSize(),
                config.readTimeout(), config.timeZone());
        Dialect dialect = postgres ? new PostgresDialect() : new MariaDbDialect();
        try (Connection c = dataSource.getConnection()) {
            checkTimeZone(c, effective, dialect);
        } catch (SQLException e) {
            throw StoreFailures.wrap(config.name(), "borrowing a connection from the application's DataSource", e);
        }
        return new Database(effective, BorrowedSessions.of(dataSource, postgres), () -> {
        }, dialect, version);
    }

    private static HikariConfig hikariConfig(StoreConfig config, Dialect dialect) {
        HikariConfig h = new HikariConfig();
        h.setPoolName("decant-" + config.name());
        if (config.isPostgres()) {
            h.setDriverClassName("org.postgresql.Driver");
            h.setJdbcUrl(config.url());
            h.addDataSourceProperty("reWriteBatchedInserts", "true");
            h.addDataSourceProperty("ApplicationName", "decant");
        } else {
            h.setDriverClassName("org.mariadb.jdbc.Driver");
            String url = config.url();
            if (url.startsWith("jdbc:mysql:") && !url.contains("permitMysqlScheme")) {
                url = url + (url.contains("?") ? "&" : "?") + "permitMysqlScheme";
            }
            h.setJdbcUrl(url);
        }
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
        h.setConnectionInitSql(dialect.sessionInitSql());
        h.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        return h;
    }

    private static String productVersion(DatabaseMetaData meta) throws SQLException {
        String version = meta.getDatabaseProductVersion();
        String product = version.contains("MariaDB") ? "MariaDB" : meta.getDatabaseProductName();
        int cut = version.indexOf(product.equals("PostgreSQL") ? ' ' : '-');
        return product + " " + (cut < 0 ? version : version.substring(0, cut));
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

    /** The store's configuration (its name for messages, its engine). */
    public StoreConfig config() {
        return config;
    }

    /** The engine's SQL dialect. */
    public Dialect dialect() {
        return dialect;
    }

    /** The pool (or the borrowed application data source), for parts that manage their own transactions. */
    public DataSource dataSource() {
        return pool;
    }

    /** A table of this database (one instance per table). */
    public JdbcTableStore table(TableRef ref) {
        return tables.computeIfAbsent(ref, r -> new JdbcTableStore(config.name(), pool, dialect, r, config.timeZone()));
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
