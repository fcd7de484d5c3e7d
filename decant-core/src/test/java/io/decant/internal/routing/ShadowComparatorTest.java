package io.decant.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.ShadowComparator;
import io.decant.ShadowComparator.Outcome;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShadowComparatorTest {

    @Test
    void theDefaultComparatorMatchesEqualValuesAndComparesArraysByContent() {
        ShadowComparator<Object> eq = ShadowComparator.equality();
        assertThat(eq.compare("a", "a")).isEqualTo(Outcome.MATCH);
        assertThat(eq.compare("a", "b")).isEqualTo(Outcome.MISMATCH);
        assertThat(eq.compare(new byte[] {1, 2}, new byte[] {1, 2})).isEqualTo(Outcome.MATCH);
        assertThat(eq.compare(new byte[] {1, 2}, new byte[] {1, 3})).isEqualTo(Outcome.MISMATCH);
    }

    @Test
    void absenceOnBothSidesMatchesAndOnOneSideDoesNot() {
        ShadowComparator<Object> eq = ShadowComparator.equality();
        assertThat(eq.compare(null, null)).isEqualTo(Outcome.MATCH);
        assertThat(eq.compare("a", null)).isEqualTo(Outcome.MISMATCH);
    }

    @Test
    void sampledValuesAreRenderedAsTextWithEmptyShownAsTheEmptySet() {
        assertThat(ShadowReads.text(Optional.empty())).isEqualTo("∅");
        assertThat(ShadowReads.text(Optional.of(new int[] {1, 2}))).isEqualTo("[1, 2]");
        assertThat(ShadowReads.text(Optional.of("x".repeat(3000)))).hasSize(2001).endsWith("…");
    }
}
