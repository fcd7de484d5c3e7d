package io.decant.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * An application's own data source, lent to Decant's JDBC classes one connection at a time: every
 * connection Decant borrows runs as the pools Decant opens do (time zone UTC, READ COMMITTED,
 * autocommit on), and when Decant gives it back, an open transaction is rolled back and the
 * session's time zone, isolation level and autocommit (and, on PostgreSQL, its DateStyle, which
 * the hashing queries set) are put back, so the application's own sessions see no change. One
 * extra statement at borrow and one at return (on MariaDB/MySQL the isolation level is read and
 * set through JDBC). The application's pool is never closed here.
 */
public final class BorrowedSessions implements DataSource {
    private final DataSource application;
    private final boolean postgres;

    private BorrowedSessions(DataSource application, boolean postgres) {
        this.application = application;
        this.postgres = postgres;
    }

    /** Lends {@code application}'s connections to Decant; {@code postgres} says which engine's statements to use. */
    public static BorrowedSessions of(DataSource application, boolean postgres) {
        return new BorrowedSessions(application, postgres);
    }

    /** The application's own data source. */
    public DataSource application() {
        return application;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return lend(application.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return lend(application.getConnection(username, password));
    }

    /** What a lent connection's session had before Decant changed it. */
    private record Saved(boolean autoCommit, int isolation) {
    }

    private Connection lend(Connection c) throws SQLException {
        Saved saved;
        try {
            boolean autoCommit = c.getAutoCommit();
            if (!autoCommit) {
                c.rollback(); // a pool hands out connections without a transaction; make sure of it
                c.setAutoCommit(true);
            }
            int isolation = Connection.TRANSACTION_READ_COMMITTED;
            try (Statement s = c.createStatement()) {
                if (postgres) {
                    // read the settings and switch in one round trip; set_config(…, true) would only last a transaction
                    s.execute("SELECT set_config('decant.saved_tz', current_setting('TimeZone'), false),"
                            + " set_config('decant.saved_datestyle', current_setting('DateStyle'), false),"
                            + " set_config('decant.saved_isolation', current_setting('default_transaction_isolation'), false),"
                            + " set_config('TimeZone', 'UTC', false),"
                            + " set_config('default_transaction_isolation', 'read committed', false)");
                } else {
                    s.execute("SET @decant_saved_tz = @@session.time_zone, time_zone = '+00:00'");
                    isolation = c.getTransactionIsolation();
                    if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                    }
                }
            }
            saved = new Saved(autoCommit, isolation);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        giveBack(c, saved);
                        return null;
                    }
                    try {
                        return method.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private void giveBack(Connection c, Saved saved) throws SQLException {
        try {
            if (!c.isClosed()) {
                if (!c.getAutoCommit()) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
                try (Statement s = c.createStatement()) {
                    s.execute(postgres
                            ? "SELECT set_config('TimeZone', current_setting('decant.saved_tz'), false),"
                                    + " set_config('DateStyle', current_setting('decant.saved_datestyle'), false),"
                                    + " set_config('default_transaction_isolation', current_setting('decant.saved_isolation'), false)"
                            : "SET time_zone = @decant_saved_tz");
                }
                if (!postgres && saved.isolation() != Connection.TRANSACTION_READ_COMMITTED) {
                    c.setTransactionIsolation(saved.isolation());
                }
                if (!saved.autoCommit()) {
                    c.setAutoCommit(false);
                }
            }
        } finally {
            c.close();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return application.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        application.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        application.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return application.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return application.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return application.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return application.isWrapperFor(type);
    }
}
