package io.decant.service;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.jdbc.StoreFailures;
import io.decant.service.ProtocolError.Code;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Which protocol error a store failure is: the database unreachable, a deadlock or a timeout is
 * {@code unavailable} (retry later); a unique-key violation {@code conflict}; a value the column
 * refuses (SQLState classes 22 and 23, a conversion Decant refused) or an unknown column
 * {@code bad_request}; anything else {@code internal}.
 */
public final class StoreErrors {
    /** MariaDB/MySQL: a NOT NULL column without a default was not given (SQLState HY000). */
    private static final int MARIADB_NO_DEFAULT = 1364;

    private StoreErrors() {
    }

    public static ProtocolError classify(Throwable e) {
        if (e instanceof ProtocolError p) {
            return p;
        }
        if (e instanceof IllegalArgumentException) {
            return new ProtocolError(Code.BAD_REQUEST, e.getMessage(), e);
        }
        SQLException sql = sqlCause(e);
        if (sql != null) {
            return new ProtocolError(of(sql), message(e), e);
        }
        if (e instanceof DecantException d) {
            // no SQL cause: Decant refused the value or the request before the database saw it
            return new ProtocolError(d.code() == ErrorCode.FAILURE || d.code() == ErrorCode.BAD_CONFIG
                    ? Code.BAD_REQUEST : Code.INTERNAL, e.getMessage(), e);
        }
        return new ProtocolError(Code.INTERNAL, "internal error (" + e.getClass().getSimpleName() + ")", e);
    }

    private static Code of(SQLException e) {
        if (StoreFailures.isUniqueViolation(e)) {
            return Code.CONFLICT;
        }
        if (StoreFailures.isRetryable(e)) {
            return Code.UNAVAILABLE;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return Code.UNAVAILABLE;
            }
            if (t instanceof SQLException s && s.getErrorCode() == MARIADB_NO_DEFAULT) {
                return Code.BAD_REQUEST;
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || state.startsWith("57") || state.startsWith("53") || state.equals("HYT00")) {
                    return Code.UNAVAILABLE;
                }
                if (state.startsWith("22") || state.startsWith("23") || state.equals("42703") || state.equals("42S22")) {
                    return Code.BAD_REQUEST;
                }
            }
        }
        return Code.INTERNAL;
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }

    private static String message(Throwable e) {
        return e instanceof DecantException ? e.getMessage() : "store failure: " + e.getMessage();
    }
}
