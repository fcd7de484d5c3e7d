package io.decant;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * How one backfill run differs from the migration's {@code backfill:} settings.
 *
 * @param workers          chunk workers in this process, or empty for {@code backfill.workers}
 * @param maxRowsPerSecond throttle for this process (0 = unthrottled), or empty for {@code backfill.max-rows-per-second}
 * @param restart          discard the checkpoints and copy every chunk again
 */
public record BackfillOptions(OptionalInt workers, OptionalLong maxRowsPerSecond, boolean restart) {
    public BackfillOptions {
        workers = workers == null ? OptionalInt.empty() : workers;
        maxRowsPerSecond = maxRowsPerSecond == null ? OptionalLong.empty() : maxRowsPerSecond;
        if (workers.isPresent() && (workers.getAsInt() < 1 || workers.getAsInt() > 64)) {
            throw DecantException.badConfig("--workers: " + workers.getAsInt() + " is out of range (1 to 64)");
        }
        if (maxRowsPerSecond.isPresent() && maxRowsPerSecond.getAsLong() < 0) {
            throw DecantException.badConfig("--max-rows-per-second: " + maxRowsPerSecond.getAsLong()
                    + " must be 0 (unthrottled) or more");
        }
    }

    /** The configured settings, resuming from checkpoints. */
    public static BackfillOptions defaults() {
        return new BackfillOptions(OptionalInt.empty(), OptionalLong.empty(), false);
    }

    public BackfillOptions withWorkers(int n) {
        return new BackfillOptions(OptionalInt.of(n), maxRowsPerSecond, restart);
    }

    public BackfillOptions withMaxRowsPerSecond(long r) {
        return new BackfillOptions(workers, OptionalLong.of(r), restart);
    }

    public BackfillOptions withRestart(boolean on) {
        return new BackfillOptions(workers, maxRowsPerSecond, on);
    }
}
