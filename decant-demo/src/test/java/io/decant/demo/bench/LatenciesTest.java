package io.decant.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatenciesTest {
    private static Latencies of(long... values) {
        Latencies l = new Latencies();
        for (long v : values) {
            l.add(v);
        }
        return l;
    }

    @Test
    void percentilesAreNearestRankOverTheSortedValues() {
        Latencies l = new Latencies();
        for (long v = 100; v >= 1; v--) {
            l.add(v);
        }
        assertThat(l.median()).isEqualTo(50);
        assertThat(l.percentile(99)).isEqualTo(99);
        assertThat(l.percentile(100)).isEqualTo(100);
        assertThat(l.percentile(1)).isEqualTo(1);
        assertThat(l.percentile(0.5)).isEqualTo(1);
    }

    @Test
    void theMedianOfAnOddCountIsTheMiddleValue() {
        assertThat(of(7, 3, 5).median()).isEqualTo(5);
        assertThat(of(42).percentile(99)).isEqualTo(42);
    }

    @Test
    void theMeanIsOverAllValues() {
        assertThat(of(1, 2, 3, 10).meanNanos()).isEqualTo(4.0);
    }

    @Test
    void valuesAddedAfterAPercentileAreCountedInTheNextOne() {
        Latencies l = of(1, 2, 3);
        assertThat(l.percentile(100)).isEqualTo(3);
        l.add(0);
        l.add(9);
        assertThat(l.percentile(100)).isEqualTo(9);
        assertThat(l.median()).isEqualTo(2);
    }

    @Test
    void mergingKeepsEveryValueOfBothAndGrowsPastTheInitialCapacity() {
        Latencies a = new Latencies();
        Latencies b = new Latencies();
        for (int i = 0; i < 10_000; i++) {
            a.add(i);
            b.add(10_000 + i);
        }
        a.addAll(b);
        assertThat(a.count()).isEqualTo(20_000);
        assertThat(a.percentile(100)).isEqualTo(19_999);
        assertThat(a.median()).isEqualTo(9_999);
        assertThat(b.count()).isEqualTo(10_000);
    }

    @Test
    void nothingRecordedOrAPercentileOutOfRangeIsRefused() {
        assertThatThrownBy(() -> new Latencies().median()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new Latencies().meanNanos()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> of(1).percentile(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> of(1).percentile(101)).isInstanceOf(IllegalArgumentException.class);
    }
}
