package io.decant.jdbc.control;

import io.decant.control.NewOnlyRecord;
import io.decant.spi.Key;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The SQL that differs between the engines a control store may live in. Statements that are the
 * same on both engines are written where they are used. Its two implementations are handed out by
 * the store's engine ({@code io.decant.jdbc.engine.Engine#controlSql()}), the only place that
 * constructs them.
 */
public interface ControlSql {

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

    /**
     * Whether a {@code WITH} clause may hold {@code INSERT}, {@code UPDATE} and {@code DELETE} statements
     * whose {@code RETURNING} rows later parts read (PostgreSQL): several writes then take one statement.
     */
    boolean dataModifyingCtes();

    /** Whether a statement takes a whole array as one parameter ({@code id = ANY(?)}, PostgreSQL). */
    boolean arrayParameters();

    /**
     * A statement that lets the current transaction commit without waiting for its log to be flushed,
     * or empty where there is none.
     */
    Optional<String> relaxedCommit();

    /**
     * Records NEW_ONLY writes of {@code keys} in one statement where the engine can (PostgreSQL: the
     * phase read share-locked, the journal upsert and the intents insert as one statement), in the
     * caller's transaction, by the rules of {@link JournalTable#recordNewOnlyWrites} and
     * {@link IntentTable#insert}; empty, having done nothing, where they take a statement each.
     */
    Optional<List<NewOnlyRecord>> recordNewOnlyWritesInOneStatement(Connection c, String migration, List<Key> keys,
                                                                  String instanceId) throws SQLException;

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
