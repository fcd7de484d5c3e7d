package io.decant.config;

import io.decant.DecantException;
import java.time.Duration;

/**
 * Shadow reads and the evidence they give the READ_NEW guard.
 *
 * @param samplePercent  share of reads that are also read from the other store and compared (0–100)
 * @param minSamples     comparisons needed (under the current phase version) before READ_NEW
 * @param consistency    share of comparisons that must match (0–1), e.g. 0.999
 * @param recheckDelay   a mismatch is read again after this delay; only a persistent one counts
 * @param rampPercent    in READ_NEW, share of reads the new store answers (0–100)
 * @param parallelism    threads that run the other read in parallel
 */
public record ShadowSettings(double samplePercent, long minSamples, double consistency, Duration recheckDelay,
                             double rampPercent, int parallelism) {
    public static final double DEFAULT_SAMPLE_PERCENT = 100;
    public static final long DEFAULT_MIN_SAMPLES = 1000;
    public static final double DEFAULT_CONSISTENCY = 0.999;
    public static final Duration DEFAULT_RECHECK_DELAY = Duration.ofMillis(200);

    public ShadowSettings {
        if (!(samplePercent >= 0 && samplePercent <= 100)) {
            throw DecantException.badConfig("shadow.sample-percent: " + samplePercent + " is out of range (0 to 100)");
        }
        if (minSamples < 0) {
            throw DecantException.badConfig("shadow.min-samples: " + minSamples + " must be 0 or more");
        }
        if (!(consistency >= 0 && consistency <= 1)) {
            throw DecantException.badConfig("shadow.consistency: " + consistency + " is out of range (0 to 1, e.g. 0.999)");
        }
        if (recheckDelay == null || recheckDelay.isNegative()) {
            throw DecantException.badConfig("shadow.recheck-delay: must be a duration of 0 or more");
        }
        if (!(rampPercent >= 0 && rampPercent <= 100)) {
            throw DecantException.badConfig("shadow.ramp-percent: " + rampPercent + " is out of range (0 to 100)");
        }
        if (parallelism < 1 || parallelism > 256) {
            throw DecantException.badConfig("shadow.parallelism: " + parallelism + " is out of range (1 to 256)");
        }
    }

    public static ShadowSettings defaults() {
        return new ShadowSettings(DEFAULT_SAMPLE_PERCENT, DEFAULT_MIN_SAMPLES, DEFAULT_CONSISTENCY,
                DEFAULT_RECHECK_DELAY, 100, 8);
    }
}
