package io.decant.jdbc.backfill;

import io.decant.jdbc.Database;
import io.decant.jdbc.StoreFailures;
import io.decant.store.SourceLoad;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One cheap look at how busy a source server is. PostgreSQL: the client sessions running a
 * statement ({@code pg_stat_activity}) and the largest standby replay lag
 * ({@code pg_stat_replication}) in one query — a role without {@code pg_monitor} sees only its own
 * sessions and no lag, so it measures less and backs off less. MariaDB/MySQL: the
 * {@code Threads_running} status variable; a primary cannot see its replicas' lag cheaply, so none.
 */
final class SourceLoadProbe {
    private static final String POSTGRES = "SELECT (SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
            + " AND backend_type = 'client backend' AND pid <> pg_backend_pid()),"
            + " (SELECT EXTRACT(EPOCH FROM max(replay_lag)) FROM pg_stat_replication)";
    private static final String POSTGRES_BEFORE_10 = "SELECT (SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
            + " AND pid <> pg_backend_pid()), NULL";
    private static final String MARIADB = "SHOW GLOBAL STATUS LIKE 'Threads_running'";

    private SourceLoadProbe() {
    }

    static SourceLoad measure(Database store) {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            if (store.config().isPostgres()) {
                String sql = c.getMetaData().getDatabaseMajorVersion() >= 10 ? POSTGRES : POSTGRES_BEFORE_10;
                try (ResultSet rs = s.executeQuery(sql)) {
                    rs.next();
                    BigDecimal lag = rs.getBigDecimal(2);
                    return new SourceLoad(OptionalLong.of(rs.getLong(1)), Optional.ofNullable(lag)
                            .map(l -> Duration.ofNanos(l.movePointRight(9).longValue())));
                }
            }
            try (ResultSet rs = s.executeQuery(MARIADB)) {
                // Threads_running counts this statement's thread too
                return new SourceLoad(rs.next() ? OptionalLong.of(Math.max(0, rs.getLong(2) - 1)) : OptionalLong.empty(),
                        Optional.empty());
            }
        } catch (SQLException e) {
            throw StoreFailures.wrap(store.config().name(), "measuring the load of the server", e);
        }
    }
}
