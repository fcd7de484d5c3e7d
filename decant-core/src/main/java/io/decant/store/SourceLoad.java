package io.decant.store;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How busy a source database is right now, as far as it can tell cheaply.
 *
 * @param runningStatements statements running on the server at once, the measuring one excluded
 *                          (PostgreSQL: active client sessions; MariaDB/MySQL: {@code Threads_running});
 *                          empty when the server does not say
 * @param replicationLag    how far its slowest standby's replay is behind (PostgreSQL,
 *                          {@code pg_stat_replication}); empty when it has no standby or does not say
 */
public record SourceLoad(OptionalLong runningStatements, Optional<Duration> replicationLag) {
    public SourceLoad {
        runningStatements = runningStatements == null ? OptionalLong.empty() : runningStatements;
        replicationLag = replicationLag == null ? Optional.empty() : replicationLag;
    }
}
