package io.decant.internal.backup;

import io.decant.DecantException;
import io.decant.ErrorCode;

/** Keeps a job at or under a rate: after each step, sleeps until the rows done so far are due. 0 means no limit. */
final class Throttle {
    private final long rowsPerSecond;
    private final long startNanos = System.nanoTime();

    Throttle(long rowsPerSecond) {
        this.rowsPerSecond = rowsPerSecond;
    }

    void pause(long rowsDone) {
        if (rowsPerSecond <= 0) {
            return;
        }
        long dueNanos = (long) (rowsDone * 1_000_000_000.0 / rowsPerSecond);
        long waitNanos = dueNanos - (System.nanoTime() - startNanos);
        if (waitNanos > 0) {
            try {
                Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DecantException(ErrorCode.FAILURE, "interrupted while throttling", e);
            }
        }
    }
}
