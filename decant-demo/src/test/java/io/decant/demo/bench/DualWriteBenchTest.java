package io.decant.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DualWriteBenchTest {

    @Test
    void theMedianRatioPairsEachRoundsFiguresAndTakesTheMiddleRound() {
        // each round: the operations' means (a, b), then their medians (a, b)
        List<double[]> rounds = List.of(new double[] {10, 20, 1, 3}, new double[] {10, 11, 1, 1}, new double[] {10, 90, 2, 2});
        assertThat(DualWriteBench.medianRatio(rounds, 1, 0, false)).isEqualTo(2.0);
        assertThat(DualWriteBench.medianRatio(rounds, 1, 0, true)).isEqualTo(1.0);
    }

    @Test
    void withAnEvenNumberOfRoundsTheTwoMiddleRatiosAreAveraged() {
        List<double[]> rounds = List.of(new double[] {10, 10}, new double[] {10, 30}, new double[] {10, 12}, new double[] {10, 100});
        assertThat(DualWriteBench.medianRatio(rounds, 1, 0, false)).isEqualTo(2.1);
    }
}
