package io.decant.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.VerifyReport.Difference;
import io.decant.VerifyReport.Kind;
import io.decant.spi.Key;
import java.util.List;
import org.junit.jupiter.api.Test;

class DifferenceTallyTest {

    @Test
    void keepsTheFirstDifferencesByKeyOrderWhateverOrderTheyArrive() {
        DifferenceTally tally = new DifferenceTally(3);
        for (long k : new long[] {50, 7, 99, 3, 20, 1}) {
            tally.add(new Difference(k % 2 == 0 ? Kind.MISSING_IN_TARGET : Kind.DIFFERING_COLUMNS, Key.of(k), List.of(), k == 3));
        }
        assertThat(tally.samples()).extracting(d -> d.key()).containsExactly(Key.of(1L), Key.of(3L), Key.of(7L));
        assertThat(tally.missing()).isEqualTo(2);
        assertThat(tally.differing()).isEqualTo(4);
        assertThat(tally.repaired()).isEqualTo(1);
        assertThat(tally.wouldSample(Key.of(2L))).isTrue();
        assertThat(tally.wouldSample(Key.of(8L))).isFalse();
    }

    @Test
    void spanDiffFindsAllThreeKinds() {
        var source = java.util.Map.of(Key.of(1L), 10L, Key.of(2L), 20L, Key.of(3L), 30L);
        var target = java.util.Map.of(Key.of(2L), 20L, Key.of(3L), 31L, Key.of(4L), 40L);
        assertThat(SpanComparer.diff(source, target)).containsExactlyInAnyOrder(
                new Candidate(Kind.MISSING_IN_TARGET, Key.of(1L)),
                new Candidate(Kind.DIFFERING_COLUMNS, Key.of(3L)),
                new Candidate(Kind.EXTRA_IN_TARGET, Key.of(4L)));
    }
}
