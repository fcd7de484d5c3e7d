package io.decant.internal.backfill;

import io.decant.DecantException;
import io.decant.ErrorCode;

/**
 * A token bucket shared by the workers of one process: {@code rate} tokens (rows) a second, at most
 * {@code burst} saved up. Taking more than the bucket holds goes into debt, and the taker sleeps
 * until the debt is paid, so the long-run rate stays at {@code rate} however large each take is.
 * A rate of 0 means unthrottled. The rate can change while workers take tokens (the load back-off).
 */
final class TokenBucket {
    private long rate;
    private final long burst;
    private double tokens;
    private long lastNanos;

    TokenBucket(long rate, long burst) {
        this(rate, burst, System.nanoTime());
    }

    /** A bucket, empty at {@code startNanos} (a {@link System#nanoTime()} reading). */
    TokenBucket(long rate, long burst, long startNanos) {
        this.rate = rate;
        this.burst = Math.max(1, burst);
        this.tokens = 0;
        this.lastNanos = startNanos;
    }

    synchronized boolean unlimited() {
        return rate <= 0;
    }

    /** Changes the rate at {@code nowNanos}: tokens saved so far are kept, and accrue at the new rate from now on. */
    synchronized void setRate(long newRate, long nowNanos) {
        if (rate > 0) {
            tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * rate / 1e9);
        } else {
            tokens = 0;
        }
        lastNanos = nowNanos;
        rate = Math.max(0, newRate);
    }

    /** Takes {@code n} tokens and returns the nanoseconds the caller must wait before going on. */
    synchronized long reserve(long n, long nowNanos) {
        if (rate <= 0) {
            return 0;
        }
        tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * rate / 1e9);
        lastNanos = nowNanos;
        tokens -= n;
        return tokens >= 0 ? 0 : (long) (-tokens * 1e9 / rate);
    }

    /** Gives back tokens taken but not used (a chunk held fewer rows than reserved). */
    synchronized void refund(long n) {
        if (rate > 0 && n > 0) {
            tokens = Math.min(burst, tokens + n);
        }
    }

    /** Takes {@code n} tokens, sleeping as long as the rate requires. */
    void acquire(long n) {
        sleep(reserve(n, System.nanoTime()));
    }

    /** Sleeps {@code nanos} (a wait {@link #reserve} returned), if positive. */
    static void sleep(long nanos) {
        if (nanos > 0) {
            try {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DecantException(ErrorCode.FAILURE, "interrupted while throttling the backfill", e);
            }
        }
    }
}
