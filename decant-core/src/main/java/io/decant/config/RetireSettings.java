package io.decant.config;

import io.decant.DecantException;

/**
 * Deleting the legacy rows after a verified backup.
 *
 * @param batchRows        rows deleted per transaction
 * @param maxRowsPerSecond throttle; 0 means unthrottled
 */
public record RetireSettings(int batchRows, long maxRowsPerSecond) {
    public RetireSettings {
        if (batchRows < 1 || batchRows > 1_000_000) {
            throw DecantException.badConfig("retire.batch-rows: " + batchRows + " is out of range (1 to 1000000)");
        }
        if (maxRowsPerSecond < 0) {
            throw DecantException.badConfig("retire.max-rows-per-second: " + maxRowsPerSecond + " must be 0 (unthrottled) or more");
        }
    }

    public static RetireSettings defaults() {
        return new RetireSettings(1000, 0);
    }
}
