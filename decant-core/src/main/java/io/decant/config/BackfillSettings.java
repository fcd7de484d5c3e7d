package io.decant.config;

import io.decant.DecantException;
import java.time.Duration;

/**
 * How the backfill runs.
 *
 * @param chunkRows         rows per chunk (one short transaction pair each)
 * @param maxRowsPerSecond  throttle; 0 means unthrottled
 * @param workers           chunk workers in one process
 * @param leaseTimeout      how long a chunk lease lasts before another worker may take it over
 * @param maxSourceLoad     back off while more statements than this run on the source server at once
 *                          (PostgreSQL: active client sessions; MariaDB/MySQL: {@code Threads_running});
 *                          0 means never
 * @param maxSourceLag      back off while a standby of the source replays further behind than this
 *                          (PostgreSQL's {@code pg_stat_replication}); zero means never
 */
public record BackfillSettings(int chunkRows, long maxRowsPerSecond, int workers, Duration leaseTimeout,
                               long maxSourceLoad, Duration maxSourceLag) {
    /**
     * Rows per chunk by default. Every chunk pays a few round trips and two commits on top of its rows;
     * at 20,000 rows (about 3 MB of a typical row) that fixed cost stays small next to the copy, and a
     * share-locked chunk still holds its locks only for the fraction of a second its copy takes.
     */
    public static final int DEFAULT_CHUNK_ROWS = 20_000;
    public static final int DEFAULT_WORKERS = 2;
    public static final Duration DEFAULT_LEASE_TIMEOUT = Duration.ofSeconds(60);

    public BackfillSettings {
        if (chunkRows < 1 || chunkRows > 1_000_000) {
            throw DecantException.badConfig("backfill.chunk-rows: " + chunkRows + " is out of range (1 to 1000000)");
        }
        if (maxRowsPerSecond < 0) {
            throw DecantException.badConfig("backfill.max-rows-per-second: " + maxRowsPerSecond + " must be 0 (unthrottled) or more");
        }
        if (workers < 1 || workers > 64) {
            throw DecantException.badConfig("backfill.workers: " + workers + " is out of range (1 to 64)");
        }
        if (leaseTimeout == null || leaseTimeout.isNegative() || leaseTimeout.isZero()) {
            throw DecantException.badConfig("backfill.lease-timeout: must be a positive duration");
        }
        if (maxSourceLoad < 0) {
            throw DecantException.badConfig("backfill.max-source-load: " + maxSourceLoad + " must be 0 (never back off) or more");
        }
        if (maxSourceLag == null || maxSourceLag.isNegative()) {
            throw DecantException.badConfig("backfill.max-source-lag: must be a duration, 0s to never back off");
        }
    }

    /** Settings without load back-off. */
    public BackfillSettings(int chunkRows, long maxRowsPerSecond, int workers, Duration leaseTimeout) {
        this(chunkRows, maxRowsPerSecond, workers, leaseTimeout, 0, Duration.ZERO);
    }

    public static BackfillSettings defaults() {
        return new BackfillSettings(DEFAULT_CHUNK_ROWS, 0, DEFAULT_WORKERS, DEFAULT_LEASE_TIMEOUT);
    }

    /** Whether the backfill samples the source's load or replication lag and slows down while it is high. */
    public boolean backsOff() {
        return maxSourceLoad > 0 || !maxSourceLag.isZero();
    }

    public BackfillSettings withWorkers(int n) {
        return new BackfillSettings(chunkRows, maxRowsPerSecond, n, leaseTimeout, maxSourceLoad, maxSourceLag);
    }

    public BackfillSettings withMaxRowsPerSecond(long r) {
        return new BackfillSettings(chunkRows, r, workers, leaseTimeout, maxSourceLoad, maxSourceLag);
    }
}
