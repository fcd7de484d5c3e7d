package io.decant.jdbc.engine;

import io.decant.jdbc.control.ControlSql;
import io.decant.jdbc.control.PostgresControlSql;
import io.decant.jdbc.dialect.Dialect;
import io.decant.jdbc.dialect.PostgresDialect;
import io.decant.jdbc.verify.HashSql;
import io.decant.jdbc.verify.PostgresHashSql;
import io.decant.store.SourceLoad;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** PostgreSQL: the pgjdbc driver, {@code COPY}, row-value comparisons, transaction ids on row versions. */
final class PostgresEngine implements Engine {
    private static final String URL_PREFIX = "jdbc:postgresql:";
    /** Read the settings and switch in one round trip; {@code set_config(…, true)} would only last a transaction. */
    private static final String LEND = "SELECT set_config('decant.saved_tz', current_setting('TimeZone'), false),"
            + " set_config('decant.saved_datestyle', current_setting('DateStyle'), false),"
            + " set_config('decant.saved_isolation', current_setting('default_transaction_isolation'), false),"
            + " set_config('TimeZone', 'UTC', false),"
            + " set_config('default_transaction_isolation', 'read committed', false)";
    /** The hashing queries set DateStyle, so it goes back too. */
    private static final String RESTORE = "SELECT set_config('TimeZone', current_setting('decant.saved_tz'), false),"
            + " set_config('DateStyle', current_setting('decant.saved_datestyle'), false),"
            + " set_config('default_transaction_isolation', current_setting('decant.saved_isolation'), false)";
    /**
     * Client sessions running a statement and the largest standby replay lag in one query; a role
     * without {@code pg_monitor} sees only its own sessions and no lag, so it measures less and backs
     * off less.
     */
    private static final String LOAD = "SELECT (SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
            + " AND backend_type = 'client backend' AND pid <> pg_backend_pid()),"
            + " (SELECT EXTRACT(EPOCH FROM max(replay_lag)) FROM pg_stat_replication)";
    private static final String LOAD_BEFORE_10 = "SELECT (SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
            + " AND pid <> pg_backend_pid()), NULL";

    private final Dialect dialect = new PostgresDialect();
    private final ControlSql controlSql = new PostgresControlSql();
    private final HashSql hashSql = new PostgresHashSql();

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public boolean matchesUrl(String url) {
        return url != null && url.startsWith(URL_PREFIX);
    }

    @Override
    public String urlPrefix() {
        return URL_PREFIX;
    }

    @Override
    public String driverClassName() {
        return "org.postgresql.Driver";
    }

    @Override
    public String poolUrl(String url) {
        return url;
    }

    @Override
    public Map<String, String> dataSourceProperties() {
        return Map.of("reWriteBatchedInserts", "true", "ApplicationName", "decant");
    }

    @Override
    public String productVersion(DatabaseMetaData meta) throws SQLException {
        String version = meta.getDatabaseProductVersion();
        int cut = version.indexOf(' '); // e.g. "15.4 (Debian 15.4-1.pgdg120+1)"
        return meta.getDatabaseProductName() + " " + (cut < 0 ? version : version.substring(0, cut));
    }

    @Override
    public boolean schemasAreCatalogs() {
        return false;
    }

    @Override
    public String lendSessionSql() {
        return LEND;
    }

    @Override
    public String restoreSessionSql() {
        return RESTORE;
    }

    @Override
    public boolean lendingSetsIsolation() {
        return true;
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
        return true;
    }

    @Override
    public boolean lateralSubqueries() {
        return true;
    }

    @Override
    public String shareLockClause() {
        return " FOR SHARE";
    }

    @Override
    public Optional<String> relaxedCommitSql() {
        return Optional.of("SET LOCAL synchronous_commit = off");
    }

    @Override
    public boolean copyProtocol() {
        return true;
    }

    @Override
    public boolean rowVersionTransactionIds() {
        return true;
    }

    @Override
    public SourceLoad measureLoad(Connection connection) throws SQLException {
        String sql = connection.getMetaData().getDatabaseMajorVersion() >= 10 ? LOAD : LOAD_BEFORE_10;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            BigDecimal lag = rs.getBigDecimal(2);
            return new SourceLoad(OptionalLong.of(rs.getLong(1)), Optional.ofNullable(lag)
                    .map(l -> Duration.ofNanos(l.movePointRight(9).longValue())));
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
