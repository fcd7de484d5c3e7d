package io.decant.jdbc.control;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.jdbc.StoreFailures;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * Connections for the control store's table groups: statements in autocommit, or a transaction
 * retried a few times on deadlock or serialization failure. SQL errors become FAILUREs naming the
 * store and the operation.
 */
final class ControlDb {
    private static final int ATTEMPTS = 5;

    /** Work done with a connection. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    final String store;
    final ControlSql sql;
    private final DataSource pool;

    ControlDb(String store, DataSource pool, ControlSql sql) {
        this.store = store;
        this.pool = pool;
        this.sql = sql;
    }

    /** Runs {@code work} on a connection in autocommit. */
    <T> T autocommit(String operation, Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    /** Runs {@code work} in one transaction, retried on deadlock; rolled back when it throws. */
    <T> T transaction(String operation, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || !StoreFailures.isRetryable(e)) {
                    throw failure(operation, e);
                }
                pause(attempt);
            }
        }
    }

    /**
     * Runs {@code work} as {@link #transaction} does, but its commit does not wait for the disk where the
     * engine allows that: for bookkeeping a crash of the database may lose without harm because it is
     * redone (a verification span's lease or result: the span is compared again). Never for evidence
     * or writes' records. A later commit that waits makes it durable too (the log is written in order).
     */
    <T> T transactionWithoutFlush(String operation, Work<T> work) {
        return transaction(operation, c -> {
            commitWithoutFlush(c);
            return work.run(c);
        });
    }

    /** Lets the transaction open on {@code c} commit without waiting for the disk, where the engine allows that. */
    void commitWithoutFlush(Connection c) throws SQLException {
        java.util.Optional<String> relaxedCommit = sql.relaxedCommit();
        if (relaxedCommit.isPresent()) {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute(relaxedCommit.get());
            }
        }
    }

    /**
     * Runs the {@code CREATE TABLE IF NOT EXISTS} statements {@code ddl} (with {@link ControlSql#ddl}'s
     * placeholders), tried three times: two processes creating the tables at the same moment may see
     * PostgreSQL refuse the second statement, and by the next attempt the table exists.
     */
    private static final java.util.regex.Pattern CREATE_TABLE =
            java.util.regex.Pattern.compile("CREATE TABLE IF NOT EXISTS (\\w+)", java.util.regex.Pattern.CASE_INSENSITIVE);

    /** Whether every table the DDL creates is there (a query reading none of their rows succeeds). */
    private boolean tablesExist(List<String> ddl) {
        List<String> tables = new java.util.ArrayList<>();
        for (String statement : ddl) {
            java.util.regex.Matcher m = CREATE_TABLE.matcher(statement);
            if (m.find()) {
                tables.add(m.group(1));
            }
        }
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            for (String table : tables) {
                s.executeQuery("SELECT 1 FROM " + table + " WHERE 1 = 0").close();
            }
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    void createTables(String what, List<String> ddl) {
        if (tablesExist(ddl)) {
            return; // init created them: a user with rights on their rows only (no CREATE) runs the jobs
        }
        for (int attempt = 1; ; attempt++) {
            try {
                autocommit("create the " + what, c -> {
                    try (Statement s = c.createStatement()) {
                        for (String statement : ddl) {
                            s.execute(sql.ddl(statement));
                        }
                    }
                    return null;
                });
                return;
            } catch (RuntimeException e) {
                if (attempt >= 3) {
                    throw e;
                }
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(5L * attempt * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DecantException(ErrorCode.FAILURE, "interrupted while retrying a control store transaction", e);
        }
    }

    DecantException failure(String operation, SQLException e) {
        if (StoreFailures.isMissingTable(e)) {
            return new DecantException(ErrorCode.FAILURE, "store '" + store + "': control store " + operation
                    + " failed: Decant's tables are missing (" + e.getMessage().strip() + "); run `decant init` first", e);
        }
        return StoreFailures.wrap(store, "control store " + operation, e);
    }
}
