package io.decant.service;

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
 * A service's own data source, lent to Decant's JDBC classes for one call at a time: every
 * connection borrowed runs in UTC (as the pools Decant opens do), and the session's time zone (and,
 * on PostgreSQL, its DateStyle, which the hashing queries set) is put back when the connection is
 * returned, so the service's own sessions see no change. One extra statement at borrow and one at
 * return.
 */
final class UtcSessions implements DataSource {
    private final DataSource service;
    private final boolean postgres;

    UtcSessions(DataSource service, boolean postgres) {
        this.service = service;
        this.postgres = postgres;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return lend(service.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return lend(service.getConnection(username, password));
    }

    private Connection lend(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (postgres) {
                // read the settings and switch to UTC in one round trip; set_config(…, true) would only last a transaction
                s.execute("SELECT set_config('decant.saved_tz', current_setting('TimeZone'), false),"
                        + " set_config('decant.saved_datestyle', current_setting('DateStyle'), false),"
                        + " set_config('TimeZone', 'UTC', false)");
            } else {
                s.execute("SET @decant_saved_tz = @@session.time_zone, time_zone = '+00:00'");
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        giveBack(c);
                        return null;
                    }
                    try {
                        return method.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private void giveBack(Connection c) throws SQLException {
        try {
            if (!c.isClosed()) {
                if (!c.getAutoCommit()) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
                try (Statement s = c.createStatement()) {
                    s.execute(postgres
                            ? "SELECT set_config('TimeZone', current_setting('decant.saved_tz'), false),"
                                    + " set_config('DateStyle', current_setting('decant.saved_datestyle'), false)"
                            : "SET time_zone = @decant_saved_tz");
                }
            }
        } finally {
            c.close();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return service.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        service.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        service.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return service.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return service.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return service.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return service.isWrapperFor(type);
    }
}
