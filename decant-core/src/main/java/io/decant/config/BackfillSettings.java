package io.decant.config;

import io.decant.DecantException;
import java.time.Duration;

/**
 * How the backfill runs.
 *
 * @param chunkRows         rows per chunk (one short locked transaction each)
 * @param maxRowsPerSecond  throttle; 0 means unthrottled
 * @param workers           chunk workers in one process
 * @param leaseTimeout      how long a chunk lease lasts before another worker may take it over
 */
public record BackfillSettings(int chunkRows, long maxRowsPerSecond, int workers, Duration leaseTimeout) {
    public static final int DEFAULT_CHUNK_ROWS = 5000;
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
    }

    public static BackfillSettings defaults() {
        return new BackfillSettings(DEFAULT_CHUNK_ROWS, 0, DEFAULT_WORKERS, DEFAULT_LEASE_TIMEOUT);
    }

    public BackfillSettings withWorkers(int n) {
        return new BackfillSettings(chunkRows, maxRowsPerSecond, n, leaseTimeout);
    }

    public BackfillSettings withMaxRowsPerSecond(long r) {
        return new BackfillSettings(chunkRows, r, workers, leaseTimeout);
    }
}
