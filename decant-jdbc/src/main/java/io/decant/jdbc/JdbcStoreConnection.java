package io.decant.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.config.StoreConfig;
import io.decant.jdbc.control.JdbcControlStore;
import io.decant.jdbc.dialect.Dialect;
import io.decant.jdbc.dialect.MariaDbDialect;
import io.decant.jdbc.dialect.PostgresDialect;
import io.decant.control.ControlStore;
import io.decant.driver.StoreConnection;
import io.decant.store.TableRef;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * A HikariCP pool to one PostgreSQL or MariaDB/MySQL store. Every pooled session runs in UTC and
 * READ COMMITTED. Tables and the control store reached through it share the pool.
 */
public final class JdbcStoreConnection implements StoreConnection {
    private final StoreConfig config;
    private final HikariDataSource pool;
    private final Dialect dialect;
    private final String productVersion;
    private final Map<TableRef, JdbcTableStore> tables = new ConcurrentHashMap<>();
    private volatile JdbcControlStore control;
    private volatile io.decant.jdbc.control.JdbcVerifySpans verifySpans;

    private JdbcStoreConnection(StoreConfig config, HikariDataSource pool, Dialect dialect, String productVersion) {
        this.config = config;
        this.pool = pool;
        this.dialect = dialect;
        this.productVersion = productVersion;
    }

    /** Opens the pool and checks that the store answers; fails (FAILURE) naming the store, never the password. */
    public static JdbcStoreConnection open(StoreConfig config) {
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
            return new JdbcStoreConnection(config, pool, dialect, productVersion(meta));
        } catch (SQLException e) {
            pool.close();
            throw StoreFailures.wrap(config.name(), "connecting to " + config.safeUrl(), e);
        }
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

    @Override
    public StoreConfig config() {
        return config;
    }

    /** The store's SQL dialect. */
    public Dialect dialect() {
        return dialect;
    }

    /** The pool, for bulk paths that manage their own transactions. */
    public DataSource dataSource() {
        return pool;
    }

    @Override
    public JdbcTableStore table(TableRef ref) {
        return tables.computeIfAbsent(ref, r -> new JdbcTableStore(config.name(), pool, dialect, r));
    }

    @Override
    public io.decant.store.BulkTable bulkTable(TableRef ref) {
        return new io.decant.jdbc.backup.JdbcBulkTable(this, ref);
    }

    @Override
    public io.decant.store.BackfillStore backfill() {
        return new io.decant.jdbc.backfill.JdbcBackfillStore(this);
    }

    @Override
    public io.decant.store.RangeHasher rangeHasher(TableRef ref) {
        return new io.decant.jdbc.verify.JdbcRangeHasher(config.name(), pool, dialect, ref);
    }

    @Override
    public io.decant.control.VerifySpans verifySpans() {
        io.decant.jdbc.control.JdbcVerifySpans v = verifySpans;
        if (v == null) {
            synchronized (this) {
                v = verifySpans;
                if (v == null) {
                    v = new io.decant.jdbc.control.JdbcVerifySpans(config.name(), pool, config.isPostgres());
                    verifySpans = v;
                }
            }
        }
        return v;
    }

    @Override
    public ControlStore control() {
        JdbcControlStore c = control;
        if (c == null) {
            synchronized (this) {
                c = control;
                if (c == null) {
                    c = new JdbcControlStore(config.name(), pool, config.isPostgres());
                    control = c;
                }
            }
        }
        return c;
    }

    @Override
    public String productVersion() {
        return productVersion;
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "JdbcStoreConnection[" + config.name() + " " + config.safeUrl() + "]";
    }
}
