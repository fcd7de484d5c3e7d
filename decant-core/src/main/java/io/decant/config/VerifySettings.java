package io.decant.config;

import io.decant.DecantException;
import java.time.Duration;

/**
 * Verification.
 *
 * @param maxAge        a verification older than this is stale and no longer counts as evidence
 * @param recheckDelay  a difference is compared again after this delay; only persistent ones are reported
 * @param chunkRows     rows per hashed key range
 * @param leaseTimeout  a span claimed by a process that stops answering is taken over after this
 */
public record VerifySettings(Duration maxAge, Duration recheckDelay, int chunkRows, Duration leaseTimeout) {
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);
    public static final Duration DEFAULT_RECHECK_DELAY = Duration.ofSeconds(1);
    public static final int DEFAULT_CHUNK_ROWS = 10_000;
    public static final Duration DEFAULT_LEASE_TIMEOUT = Duration.ofSeconds(60);

    public VerifySettings {
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
            throw DecantException.badConfig("verify.max-age: must be a positive duration");
        }
        if (recheckDelay == null || recheckDelay.isNegative()) {
            throw DecantException.badConfig("verify.recheck-delay: must be a duration of 0 or more");
        }
        if (chunkRows < 1 || chunkRows > 10_000_000) {
            throw DecantException.badConfig("verify.chunk-rows: " + chunkRows + " is out of range (1 to 10000000)");
        }
        if (leaseTimeout == null || leaseTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw DecantException.badConfig("verify.lease-timeout: must be at least 1s");
        }
    }

    /** With the default lease timeout. */
    public VerifySettings(Duration maxAge, Duration recheckDelay, int chunkRows) {
        this(maxAge, recheckDelay, chunkRows, DEFAULT_LEASE_TIMEOUT);
    }

    public static VerifySettings defaults() {
        return new VerifySettings(DEFAULT_MAX_AGE, DEFAULT_RECHECK_DELAY, DEFAULT_CHUNK_ROWS, DEFAULT_LEASE_TIMEOUT);
    }
}
