package io.decant.internal.backfill;

/**
 * The backfill's rate under a source that says it is busy: every sample over a limit halves the
 * rate (starting from the rows per second actually copied when the backfill runs unthrottled),
 * down to a floor of 1/64 of where it started; every sample under the limits grows it by half,
 * back to the configured rate (or unthrottled, once it reaches the rate it backed off from).
 * Multiplicative decrease and slower increase, so the backfill settles just under what the source
 * takes instead of oscillating around it.
 */
final class LoadBackOff {
    private static final int FLOOR_DIVISOR = 64;

    private final long configured;
    private long rate;
    private long ceiling;

    /** @param configured the configured rate in rows per second; 0 means unthrottled */
    LoadBackOff(long configured) {
        this.configured = configured;
        this.rate = configured;
        this.ceiling = configured;
    }

    /**
     * The rate after one sample.
     *
     * @param over      whether the sample was over a limit
     * @param observed  rows per second copied since the previous sample
     * @return rows per second; 0 means unthrottled
     */
    long next(boolean over, double observed) {
        if (over) {
            if (rate == 0) {
                ceiling = Math.max(2, (long) observed);
                rate = ceiling;
            }
            rate = Math.max(Math.max(1, ceiling / FLOOR_DIVISOR), rate / 2);
        } else if (rate != configured) {
            long up = rate + Math.max(1, rate / 2);
            rate = up >= ceiling ? configured : up;
        }
        return rate;
    }

    /** Whether the rate is below the configured one now. */
    boolean backingOff() {
        return rate != configured;
    }
}
