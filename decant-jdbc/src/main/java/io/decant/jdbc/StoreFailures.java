package io.decant.jdbc;

import io.decant.DecantException;
import io.decant.ErrorCode;
import java.sql.SQLException;

/** Turns SQL errors into {@link DecantException}s that name the store and the operation. */
public final class StoreFailures {
    private StoreFailures() {
    }

    /** FAILURE: "store 'x': {operation} failed: {SQL message}", with the SQL error as cause. */
    public static DecantException wrap(String store, String operation, SQLException e) {
        return new DecantException(ErrorCode.FAILURE, "store '" + store + "': " + operation + " failed: "
                + describe(e) + hint(e), e);
    }

    private static String describe(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        return e.getSQLState() == null ? message : message + " [SQLState " + e.getSQLState() + "]";
    }

    private static String hint(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            return "";
        }
        if (state.startsWith("08")) {
            return "; check that the database server is running and reachable";
        }
        if (state.equals("28000") || state.equals("28P01")) {
            return "; check the store's user and password";
        }
        return "";
    }

    /** Whether the error (or a cause) is a unique-key violation (PostgreSQL 23505, MySQL/MariaDB 1062). */
    public static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && ("23505".equals(s.getSQLState()) || s.getErrorCode() == 1062)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the error is a deadlock or serialization failure, worth retrying the transaction. */
    public static boolean isRetryable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if ("40001".equals(state) || "40P01".equals(state) || s.getErrorCode() == 1213 || s.getErrorCode() == 1205) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the error says a table does not exist. */
    public static boolean isMissingTable(SQLException e) {
        return "42P01".equals(e.getSQLState()) || "42S02".equals(e.getSQLState()) || e.getErrorCode() == 1146;
    }
}
