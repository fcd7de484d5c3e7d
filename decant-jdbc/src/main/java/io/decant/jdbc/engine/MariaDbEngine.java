package io.decant.jdbc.engine;

import io.decant.jdbc.control.ControlSql;
import io.decant.jdbc.control.MariaDbControlSql;
import io.decant.jdbc.dialect.Dialect;
import io.decant.jdbc.dialect.MariaDbDialect;
import io.decant.jdbc.verify.HashSql;
import io.decant.jdbc.verify.MariaDbHashSql;
import io.decant.store.SourceLoad;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * MariaDB, and MySQL through the MariaDB driver: multi-row {@code INSERT}s, expanded key-range
 * predicates, {@code LOCK IN SHARE MODE}.
 */
final class MariaDbEngine implements Engine {
    private static final String URL_PREFIX = "jdbc:mariadb:";
    private static final String MYSQL_URL_PREFIX = "jdbc:mysql:";
    /** A primary cannot see its replicas' lag cheaply, so only the running threads are counted. */
    private static final String LOAD = "SHOW GLOBAL STATUS LIKE 'Threads_running'";

    private final Dialect dialect = new MariaDbDialect();
    private final ControlSql controlSql = new MariaDbControlSql();
    private final HashSql hashSql = new MariaDbHashSql();

    @Override
    public String name() {
        return "MariaDB";
    }

    @Override
    public boolean matchesUrl(String url) {
        return url != null && (url.startsWith(URL_PREFIX) || url.startsWith(MYSQL_URL_PREFIX));
    }

    @Override
    public String urlPrefix() {
        return URL_PREFIX;
    }

    @Override
    public String driverClassName() {
        return "org.mariadb.jdbc.Driver";
    }

    @Override
    public String poolUrl(String url) {
        if (url.startsWith(MYSQL_URL_PREFIX) && !url.contains("permitMysqlScheme")) {
            return url + (url.contains("?") ? "&" : "?") + "permitMysqlScheme";
        }
        return url;
    }

    @Override
    public Map<String, String> dataSourceProperties() {
        return Map.of();
    }

    @Override
    public String productVersion(DatabaseMetaData meta) throws SQLException {
        String version = meta.getDatabaseProductVersion();
        String product = version.contains("MariaDB") ? "MariaDB" : meta.getDatabaseProductName();
        int cut = version.indexOf('-'); // e.g. "10.11.6-MariaDB-1:10.11.6+maria~ubu2204"
        return product + " " + (cut < 0 ? version : version.substring(0, cut));
    }

    @Override
    public boolean schemasAreCatalogs() {
        return true;
    }

    @Override
    public String lendSessionSql() {
        return "SET @decant_saved_tz = @@session.time_zone, time_zone = '+00:00'";
    }

    @Override
    public String restoreSessionSql() {
        return "SET time_zone = @decant_saved_tz";
    }

    @Override
    public boolean lendingSetsIsolation() {
        return false;
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public ControlSql controlSql() {
        return controlSql;
    }

    @Override
    public HashSql hashSql() {
        return hashSql;
    }

    @Override
    public boolean rowValueComparisonUsesIndex() {
        return false;
    }

    @Override
    public boolean lateralSubqueries() {
        return false;
    }

    @Override
    public String shareLockClause() {
        return " LOCK IN SHARE MODE";
    }

    @Override
    public Optional<String> relaxedCommitSql() {
        return Optional.empty();
    }

    @Override
    public boolean copyProtocol() {
        return false;
    }

    @Override
    public boolean rowVersionTransactionIds() {
        return false;
    }

    @Override
    public SourceLoad measureLoad(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(LOAD)) {
            // Threads_running counts this statement's thread too
            return new SourceLoad(rs.next() ? OptionalLong.of(Math.max(0, rs.getLong(2) - 1)) : OptionalLong.empty(),
                    Optional.empty());
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
