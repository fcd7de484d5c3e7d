package io.decant.jdbc.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * The SQL that differs between the engines a control store may live in. Statements that are the
 * same on both engines are written where they are used.
 */
interface ControlSql {

    /** True for PostgreSQL. */
    boolean postgres();

    /** The database clock, e.g. {@code now()}. */
    String now();

    /** The database clock minus one parameter: a number of microseconds. */
    String nowMinusMicros();

    /** The database clock plus one parameter: a number of microseconds. */
    String nowPlusMicros();

    /** Microseconds between {@code column} and the database clock, as a bigint. */
    String microsSince(String column);

    /** The suffix of a SELECT that share-locks the rows it reads ({@code FOR SHARE}, {@code LOCK IN SHARE MODE}). */
    String forShare();

    /** An expression for the schema (PostgreSQL) or database (MariaDB) the connection works in. */
    String currentSchema();

    /** Engine column types and table options substituted into a DDL template (see {@link ControlSchema}). */
    String ddl(String template);

    /** Takes the lock that serializes schema changes, waiting for it. */
    void lockSchema(Connection c) throws SQLException;

    /** Releases the lock taken by {@link #lockSchema}. */
    void unlockSchema(Connection c) throws SQLException;

    /** Suffix of an INSERT into {@code table} that does nothing when the row with {@code conflictColumns} exists. */
    String onConflictDoNothing(String conflictColumns, String anyColumn);

    /**
     * Suffix of an INSERT that updates the existing row with {@code conflictColumns} instead.
     * {@code assignments} is written with {@code NEW(c)} for the inserted value and {@code OLD(c)} for
     * the existing value of column {@code c}; the engine's spelling replaces them.
     */
    String onConflictUpdate(String table, String conflictColumns, String assignments);

    /** Reads a timestamp column as an instant (UTC). */
    Instant instant(ResultSet rs, int index) throws SQLException;

    /** Binds an instant (or NULL) as a timestamp in UTC. */
    void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException;

    /** Whole microseconds of a duration, capped at a century so no arithmetic overflows. */
    static long micros(Duration d) {
        Duration capped = d.compareTo(Duration.ofDays(36_500)) > 0 ? Duration.ofDays(36_500) : d;
        return capped.isNegative() ? 0 : capped.toNanos() / 1000;
    }
}
