package io.decant.jdbc.engine;

import io.decant.jdbc.control.ControlSql;
import io.decant.jdbc.dialect.Dialect;
import io.decant.jdbc.verify.HashSql;
import io.decant.store.SourceLoad;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * Which database engine a store is — PostgreSQL or MariaDB/MySQL — decided once, when its
 * {@link Database} is opened, from the JDBC URL ({@link #forUrl}) or the connection's metadata
 * ({@link #of}). It is the one place that knows: it hands out the engine's SQL vocabularies (the
 * {@link Dialect}, the control store's {@link ControlSql}, verification's {@link HashSql}) and answers,
 * each by a method of its own, every question on which the engine-neutral parts of this module differ
 * between engines. Engine-neutral code asks it; it never tests which engine it has.
 */
public sealed interface Engine permits PostgresEngine, MariaDbEngine {

    /** The engine a JDBC URL names ({@code jdbc:postgresql:}, {@code jdbc:mariadb:}, {@code jdbc:mysql:}), or empty. */
    static Optional<Engine> forUrl(String url) {
        Engine postgres = new PostgresEngine();
        if (postgres.matchesUrl(url)) {
            return Optional.of(postgres);
        }
        Engine mariaDb = new MariaDbEngine();
        return mariaDb.matchesUrl(url) ? Optional.of(mariaDb) : Optional.empty();
    }

    /** The engine a connection reaches, from its metadata's product name and version, or empty for another database. */
    static Optional<Engine> of(DatabaseMetaData meta) throws SQLException {
        String product = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
        if (product.startsWith("PostgreSQL")) {
            return Optional.of(new PostgresEngine());
        }
        return product.startsWith("MariaDB") || product.startsWith("MySQL") || product.contains("MariaDB")
                ? Optional.of(new MariaDbEngine()) : Optional.empty();
    }

    /** The engine's name, e.g. {@code PostgreSQL} (MySQL counts as {@code MariaDB}). */
    String name();

    // --- connecting ------------------------------------------------------------------------------

    /** Whether {@code url} is a JDBC URL of this engine (false for null). */
    boolean matchesUrl(String url);

    /** The prefix of this engine's JDBC URLs as Decant writes them, e.g. {@code jdbc:postgresql:}. */
    String urlPrefix();

    /** The JDBC driver class a pool loads. */
    String driverClassName();

    /** The URL a pool connects with, given the configured one (a {@code jdbc:mysql:} URL is let through the MariaDB driver). */
    String poolUrl(String url);

    /** Data-source properties a pool sets on its driver. */
    Map<String, String> dataSourceProperties();

    /** The product and its version as the connection reports them, e.g. {@code PostgreSQL 15.4} or {@code MariaDB 10.11.6}. */
    String productVersion(DatabaseMetaData meta) throws SQLException;

    /**
     * Whether JDBC metadata names a table's schema (PostgreSQL) or database (MariaDB/MySQL) as its
     * catalog rather than its schema.
     */
    boolean schemasAreCatalogs();

    // --- an application's sessions, lent to Decant ------------------------------------------------

    /**
     * One statement, run on a connection borrowed from an application, that saves the session
     * settings Decant changes and switches them to Decant's (time zone UTC; see
     * {@link #lendingSetsIsolation()}).
     */
    String lendSessionSql();

    /** One statement that puts back what {@link #lendSessionSql()} saved, before the connection goes back. */
    String restoreSessionSql();

    /**
     * Whether {@link #lendSessionSql()} also makes READ COMMITTED the session's default isolation
     * level (PostgreSQL); otherwise the level is read and set through JDBC, and put back the same way.
     */
    boolean lendingSetsIsolation();

    // --- the engine's SQL vocabularies -----------------------------------------------------------

    /** Single-row table access, table description, key generators and whole-table statements. */
    Dialect dialect();

    /** The control store's engine-specific statements. */
    ControlSql controlSql();

    /** Verification's in-database rendering of canonical row text and its hashes. */
    HashSql hashSql();

    // --- what the backfill asks ------------------------------------------------------------------

    /**
     * Whether a key range over a composite key is best written as a row-value comparison
     * ({@code (a, b) > (?, ?)}, which PostgreSQL's B-tree uses directly) rather than expanded
     * ({@code a >= ? AND (a > ? OR (a = ? AND b > ?))}, whose leading column keeps MariaDB's range
     * optimizer on the key).
     */
    boolean rowValueComparisonUsesIndex();

    /**
     * Whether a subquery in {@code FROM} may read the columns of the tables before it
     * ({@code CROSS JOIN LATERAL}, PostgreSQL), also in the recursive part of {@code WITH RECURSIVE}:
     * what lets the backfill's plan walk the key index in one statement instead of one per chunk.
     */
    boolean lateralSubqueries();

    /** The suffix of a SELECT that share-locks the rows it reads, with its leading space. */
    String shareLockClause();

    /**
     * A statement that lets the current transaction commit without waiting for its log to be flushed
     * (for a transaction whose loss in a crash loses nothing but locks), or empty where there is none.
     */
    Optional<String> relaxedCommitSql();

    /**
     * Whether the engine's driver speaks the {@code COPY} protocol ({@code COPY … TO STDOUT} and
     * {@code COPY … FROM STDIN}, PostgreSQL): rows then travel as {@code COPY} streams and a load
     * into a range that holds rows merges from a staging table; otherwise rows go in by multi-row
     * {@code INSERT}, merged by {@code ON DUPLICATE KEY UPDATE}.
     */
    boolean copyProtocol();

    /**
     * Whether every row version carries the id of the transaction that wrote it, and a snapshot the
     * oldest transaction still running ({@code xmin}, PostgreSQL): what selecting the rows written
     * since a transaction needs, and what lets a chunk be copied from a snapshot without row locks and
     * checked after commit (which also asks the server for {@code txid_status}, PostgreSQL 10+).
     */
    boolean rowVersionTransactionIds();

    /** One cheap look, on {@code connection}, at how busy the server is (running statements, replication lag). */
    SourceLoad measureLoad(Connection connection) throws SQLException;
}
