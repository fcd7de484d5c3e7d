package io.decant.internal.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void anUnlimitedBucketNeverMakesTheCallerWait() {
        TokenBucket bucket = new TokenBucket(0, 0);
        assertThat(bucket.unlimited()).isTrue();
        assertThat(bucket.reserve(1_000_000, 0)).isZero();
    }

    @Test
    void takingMoreThanTheBucketHoldsWaitsForTheDebtAtTheConfiguredRate() {
        TokenBucket bucket = new TokenBucket(1000, 1000, 0);
        long start = 0;
        // empty at start: 500 rows owe half a second
        assertThat(bucket.reserve(500, start)).isEqualTo(SECOND / 2);
        // the next 1000 rows, taken at once, owe another second on top
        assertThat(bucket.reserve(1000, start)).isEqualTo(3 * SECOND / 2);
    }

    @Test
    void tokensAccumulateOverTimeUpToTheBurst() {
        TokenBucket bucket = new TokenBucket(1000, 2000, 0);
        long start = 0;
        bucket.reserve(0, start);
        // ten idle seconds save up only the burst of 2000 rows
        assertThat(bucket.reserve(2000, start + 10 * SECOND)).isZero();
        assertThat(bucket.reserve(1000, start + 10 * SECOND)).isEqualTo(SECOND);
    }

    @Test
    void rowsReservedButNotCopiedAreGivenBack() {
        TokenBucket bucket = new TokenBucket(1000, 5000, 0);
        long start = 0;
        assertThat(bucket.reserve(5000, start)).isEqualTo(5 * SECOND);
        bucket.refund(4000);
        assertThat(bucket.reserve(0, start)).isEqualTo(SECOND);
    }

    @Test
    void aRateSetWhileRunningChargesTheNewRateFromThenOn() {
        TokenBucket bucket = new TokenBucket(0, 1000, 0);
        assertThat(bucket.reserve(5000, 0)).isZero();

        bucket.setRate(1000, 0);
        assertThat(bucket.unlimited()).isFalse();
        assertThat(bucket.reserve(500, 0)).isEqualTo(SECOND / 2);

        // half a second later the debt is paid; at 4000 rows/s the next 1000 rows owe a quarter second
        bucket.setRate(4000, SECOND / 2);
        assertThat(bucket.reserve(1000, SECOND / 2)).isEqualTo(SECOND / 4);

        bucket.setRate(0, SECOND);
        assertThat(bucket.unlimited()).isTrue();
        assertThat(bucket.reserve(1_000_000, SECOND)).isZero();
    }
}
