package io.decant.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decant.ShadowComparator;
import io.decant.internal.routing.CollectionComparison.Difference;
import io.decant.internal.routing.CollectionComparison.Kind;
import io.decant.internal.routing.CollectionComparison.Result;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CollectionComparisonTest {
    record Order(long id, String status) {
    }

    static Result compare(List<Order> legacy, List<Order> neu) {
        return CollectionComparison.compare(legacy, neu, Order::id, ShadowComparator.equality());
    }

    @Test
    void theSameElementsInAnotherOrderMatch() {
        Result r = compare(List.of(new Order(1, "A"), new Order(2, "B")), List.of(new Order(2, "B"), new Order(1, "A")));
        assertThat(r.outcome()).isEqualTo(ShadowComparator.Outcome.MATCH);
        assertThat(r.differences()).isEmpty();
        assertThat(compare(List.of(), List.of()).outcome()).isEqualTo(ShadowComparator.Outcome.MATCH);
    }

    @Test
    void missingExtraAndDifferingElementsAreEachKeyed() {
        Result r = compare(List.of(new Order(1, "A"), new Order(2, "B"), new Order(3, "C")),
                List.of(new Order(3, "C"), new Order(2, "STALE"), new Order(4, "D")));
        assertThat(r.outcome()).isEqualTo(ShadowComparator.Outcome.MISMATCH);
        assertThat(r.differences()).containsExactly(
                new Difference(Kind.MISSING_IN_NEW, 1L, new Order(1, "A"), null),
                new Difference(Kind.DIFFERING, 2L, new Order(2, "B"), new Order(2, "STALE")),
                new Difference(Kind.EXTRA_IN_NEW, 4L, null, new Order(4, "D")));
    }

    @Test
    void elementsAreComparedWithTheMigrationsComparatorAndAnIgnoredPairIsCountedAsIgnored() {
        ShadowComparator<Order> statusCaseIgnored = (l, n) -> l.equals(n) ? ShadowComparator.Outcome.MATCH
                : l.status().equalsIgnoreCase(n.status()) ? ShadowComparator.Outcome.IGNORED : ShadowComparator.Outcome.MISMATCH;
        Result r = CollectionComparison.compare(List.of(new Order(1, "a"), new Order(2, "B")),
                List.of(new Order(1, "A"), new Order(2, "B")), Order::id, statusCaseIgnored);
        assertThat(r.outcome()).isEqualTo(ShadowComparator.Outcome.IGNORED);
        Result m = CollectionComparison.compare(List.of(new Order(1, "a")), List.of(new Order(1, "x")), Order::id, statusCaseIgnored);
        assertThat(m.outcome()).isEqualTo(ShadowComparator.Outcome.MISMATCH);
    }

    @Test
    void elementsWithOneKeyAreMatchedInAnyOrderAndASurplusIsExtra() {
        Result same = compare(List.of(new Order(1, "A"), new Order(1, "B")), List.of(new Order(1, "B"), new Order(1, "A")));
        assertThat(same.outcome()).isEqualTo(ShadowComparator.Outcome.MATCH);
        Result surplus = compare(List.of(new Order(1, "A")), List.of(new Order(1, "B"), new Order(1, "A")));
        assertThat(surplus.differences()).containsExactly(new Difference(Kind.EXTRA_IN_NEW, 1L, null, new Order(1, "B")));
    }

    @Test
    void keysOfDifferentIntegerTypesAreOneKeyAndSetsWork() {
        Result r = CollectionComparison.compare(Set.of(1, 2), List.of(2L, 1L), x -> x, (l, n) ->
                ((Number) l).longValue() == ((Number) n).longValue() ? ShadowComparator.Outcome.MATCH : ShadowComparator.Outcome.MISMATCH);
        assertThat(r.outcome()).isEqualTo(ShadowComparator.Outcome.MATCH);
    }

    @Test
    void aNullElementKeyFailsTheComparison() {
        assertThatThrownBy(() -> CollectionComparison.compare(List.of(new Order(1, "A")), List.of(), o -> null,
                ShadowComparator.equality())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
    }
}
