package io.decant.internal.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.config.BackfillSettings;
import io.decant.store.SourceLoad;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LoadBackOffTest {

    @Test
    void aThrottledBackfillHalvesItsRateWhileBusyAndGrowsBackToTheConfiguredRate() {
        LoadBackOff b = new LoadBackOff(8000);
        assertThat(b.next(false, 8000)).isEqualTo(8000);
        assertThat(b.backingOff()).isFalse();

        assertThat(b.next(true, 8000)).isEqualTo(4000);
        assertThat(b.next(true, 4000)).isEqualTo(2000);
        assertThat(b.backingOff()).isTrue();

        assertThat(b.next(false, 2000)).isEqualTo(3000);
        assertThat(b.next(false, 3000)).isEqualTo(4500);
        assertThat(b.next(false, 4500)).isEqualTo(6750);
        assertThat(b.next(false, 6750)).isEqualTo(8000);
        assertThat(b.backingOff()).isFalse();
    }

    @Test
    void anUnthrottledBackfillBacksOffFromTheRateItReachedAndIsUnthrottledAgainOnceBackThere() {
        LoadBackOff b = new LoadBackOff(0);
        assertThat(b.next(false, 50_000)).isZero();

        assertThat(b.next(true, 40_000)).isEqualTo(20_000);
        assertThat(b.next(false, 20_000)).isEqualTo(30_000);
        assertThat(b.next(false, 30_000)).isZero();
        assertThat(b.backingOff()).isFalse();
    }

    @Test
    void theRateNeverFallsBelowASixtyFourthOfWhereItStarted() {
        LoadBackOff b = new LoadBackOff(6400);
        long rate = 6400;
        for (int i = 0; i < 20; i++) {
            rate = b.next(true, rate);
        }
        assertThat(rate).isEqualTo(100);
    }

    @Test
    void aLoadOrLagOverItsLimitIsNamedAndAnUnmeasuredOneIsNever() {
        BackfillSettings s = new BackfillSettings(5000, 0, 2, Duration.ofSeconds(60), 32, Duration.ofSeconds(10));
        assertThat(Backfill.overLimit(new SourceLoad(OptionalLong.of(33), Optional.empty()), s))
                .isEqualTo("33 statements running, max-source-load 32");
        assertThat(Backfill.overLimit(new SourceLoad(OptionalLong.of(32), Optional.of(Duration.ofSeconds(11))), s))
                .isEqualTo("a standby replays 11000 ms behind, max-source-lag 10000 ms");
        assertThat(Backfill.overLimit(new SourceLoad(OptionalLong.of(32), Optional.of(Duration.ofSeconds(10))), s)).isNull();
        assertThat(Backfill.overLimit(new SourceLoad(OptionalLong.empty(), Optional.empty()), s)).isNull();
        BackfillSettings off = BackfillSettings.defaults();
        assertThat(off.backsOff()).isFalse();
        assertThat(Backfill.overLimit(new SourceLoad(OptionalLong.of(1000), Optional.of(Duration.ofHours(1))), off)).isNull();
    }
}
