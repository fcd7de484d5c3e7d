package io.decant.it;

import io.decant.TransactionScope;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A monolith's transactions in plain JDBC, as a transaction manager runs them: one connection per
 * transaction bound to the thread, completions registered by Decant run just before the commit
 * ({@code beforeCommit}, which may refuse it) and after the end, in order, as Spring's transaction
 * synchronization does.
 */
final class ApplicationTransactions implements TransactionScope {
    private final DataSource pool;
    private final ThreadLocal<Transaction> current = new ThreadLocal<>();

    ApplicationTransactions(DataSource pool) {
        this.pool = pool;
    }

    /** One open transaction of the calling thread. */
    final class Transaction implements AutoCloseable {
        final Connection connection;
        private final List<Completion> completions = new ArrayList<>();
        private boolean ended;

        private Transaction(Connection connection) {
            this.connection = connection;
        }

        /** Commits: the completions' beforeCommit first (one that throws rolls the transaction back), then afterCompletion. */
        void commit() {
            try {
                for (Completion c : completions) {
                    c.beforeCommit();
                }
            } catch (RuntimeException refused) {
                rollback();
                throw refused;
            }
            try {
                connection.commit();
            } catch (SQLException e) {
                end(Outcome.UNKNOWN);
                throw new IllegalStateException("commit failed: " + e.getMessage(), e);
            }
            end(Outcome.COMMITTED);
        }

        void rollback() {
            try {
                connection.rollback();
            } catch (SQLException e) {
                end(Outcome.UNKNOWN);
                throw new IllegalStateException("rollback failed: " + e.getMessage(), e);
            }
            end(Outcome.ROLLED_BACK);
        }

        private void end(Outcome outcome) {
            ended = true;
            current.remove();
            try {
                connection.setAutoCommit(true);
                connection.close();
            } catch (SQLException ignored) {
                // the pool discards a broken connection
            }
            for (Completion c : completions) {
                c.afterCompletion(outcome);
            }
        }

        /** Rolls back a transaction that was neither committed nor rolled back. */
        @Override
        public void close() {
            if (!ended) {
                rollback();
            }
        }
    }

    /** Begins a transaction on the calling thread. */
    Transaction begin() {
        if (current.get() != null) {
            throw new IllegalStateException("a transaction is already open on this thread");
        }
        try {
            Connection c = pool.getConnection();
            c.setAutoCommit(false);
            Transaction t = new Transaction(c);
            current.set(t);
            return t;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot begin a transaction: " + e.getMessage(), e);
        }
    }

    /** The calling thread's open transaction. */
    Transaction current() {
        Transaction t = current.get();
        if (t == null) {
            throw new IllegalStateException("no transaction is open on this thread");
        }
        return t;
    }

    @Override
    public boolean active() {
        return current.get() != null;
    }

    @Override
    public void register(Completion completion) {
        current().completions.add(completion);
    }
}
