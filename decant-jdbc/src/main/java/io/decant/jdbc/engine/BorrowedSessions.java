package io.decant.jdbc.engine;

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
 * extra statement at borrow and one at return, both the {@link Engine}'s (where they do not set the
 * isolation level, on MariaDB/MySQL, it is read and set through JDBC). The application's pool is
 * never closed here.
 */
public final class BorrowedSessions implements DataSource {
    private final DataSource application;
    private final Engine engine;

    private BorrowedSessions(DataSource application, Engine engine) {
        this.application = application;
        this.engine = engine;
    }

    /** Lends {@code application}'s connections to Decant, switching their sessions with {@code engine}'s statements. */
    public static BorrowedSessions of(DataSource application, Engine engine) {
        return new BorrowedSessions(application, engine);
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
                s.execute(engine.lendSessionSql());
            }
            if (!engine.lendingSetsIsolation()) {
                isolation = c.getTransactionIsolation();
                if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                    c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
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
                    s.execute(engine.restoreSessionSql());
                }
                // set through JDBC on lending only where the engine's statement leaves the isolation level alone
                if (saved.isolation() != Connection.TRANSACTION_READ_COMMITTED) {
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
