package io.decant.internal.routing;

import io.decant.ShadowComparator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Compares the two stores' answers to one query as sets: order does not count. Elements are matched
 * by their key; each matched pair is compared with the migration's {@link ShadowComparator}. The
 * verdict is MISMATCH when an element is missing from one side or a pair mismatches, IGNORED when
 * every pair matches or is ignored and at least one is ignored, MATCH otherwise. Two elements of one
 * side with the same key are matched against the other side's elements of that key, any order.
 */
public final class CollectionComparison {
    private CollectionComparison() {
    }

    /** How one element differs: present only in legacy's answer, only in new's, or in both but different. */
    public enum Kind {
        MISSING_IN_NEW, EXTRA_IN_NEW, DIFFERING
    }

    /**
     * One element that differs.
     *
     * @param key    the element's key
     * @param legacy legacy's element, or null when legacy's answer lacks it
     * @param neu    new's element, or null when new's answer lacks it
     */
    public record Difference(Kind kind, Object key, Object legacy, Object neu) {
    }

    /** The verdict and the elements that differ (in legacy's order, then new's extras). */
    public record Result(ShadowComparator.Outcome outcome, List<Difference> differences) {
    }

    /**
     * @throws RuntimeException when {@code elementKey} or {@code comparator} throws (the comparison errs)
     */
    public static <T> Result compare(Collection<? extends T> legacy, Collection<? extends T> neu, Function<? super T, ?> elementKey,
                                     ShadowComparator<? super T> comparator) {
        Map<Object, List<T>> left = byKey(legacy == null ? List.of() : legacy, elementKey);
        Map<Object, List<T>> right = byKey(neu == null ? List.of() : neu, elementKey);
        List<Difference> out = new ArrayList<>();
        boolean ignored = false;
        for (Map.Entry<Object, List<T>> e : left.entrySet()) {
            List<T> others = right.getOrDefault(e.getKey(), List.of());
            List<T> unmatched = new ArrayList<>(others);
            for (T l : e.getValue()) {
                ShadowComparator.Outcome best = null;
                int at = -1;
                for (int i = 0; i < unmatched.size() && best != ShadowComparator.Outcome.MATCH; i++) {
                    ShadowComparator.Outcome o = comparator.compare(l, unmatched.get(i));
                    if (o != ShadowComparator.Outcome.MISMATCH && (best == null || o == ShadowComparator.Outcome.MATCH)) {
                        best = o;
                        at = i;
                    }
                }
                if (at >= 0) {
                    ignored |= best == ShadowComparator.Outcome.IGNORED;
                    unmatched.remove(at);
                } else if (!unmatched.isEmpty()) {
                    out.add(new Difference(Kind.DIFFERING, e.getKey(), l, unmatched.remove(0)));
                } else {
                    out.add(new Difference(Kind.MISSING_IN_NEW, e.getKey(), l, null));
                }
            }
            for (T r : unmatched) {
                out.add(new Difference(Kind.EXTRA_IN_NEW, e.getKey(), null, r));
            }
        }
        for (Map.Entry<Object, List<T>> e : right.entrySet()) {
            if (!left.containsKey(e.getKey())) {
                for (T r : e.getValue()) {
                    out.add(new Difference(Kind.EXTRA_IN_NEW, e.getKey(), null, r));
                }
            }
        }
        ShadowComparator.Outcome outcome = !out.isEmpty() ? ShadowComparator.Outcome.MISMATCH
                : ignored ? ShadowComparator.Outcome.IGNORED : ShadowComparator.Outcome.MATCH;
        return new Result(outcome, Collections.unmodifiableList(out));
    }

    private static <T> Map<Object, List<T>> byKey(Collection<? extends T> elements, Function<? super T, ?> elementKey) {
        Map<Object, List<T>> out = new LinkedHashMap<>();
        for (T t : elements) {
            Object k = elementKey.apply(t);
            if (k == null) {
                throw new IllegalArgumentException("the element key of " + t + " is null");
            }
            out.computeIfAbsent(normalized(k), x -> new ArrayList<>(1)).add(t);
        }
        return out;
    }

    /** Keys compare by value: an Integer and a Long of the same number are one key (each store's driver picks its own type). */
    private static Object normalized(Object k) {
        if (k instanceof Integer || k instanceof Short || k instanceof Byte) {
            return ((Number) k).longValue();
        }
        return k;
    }
}
