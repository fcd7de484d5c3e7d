package io.decant;

import java.util.Objects;

/**
 * Decides whether a shadow read agrees with the answering read. Registered per migration with
 * {@code Decant.builder(config).comparator(migration, comparator)}; the default is
 * {@link #equality()}. Absent values (an empty {@code Optional}) are passed as {@code null}.
 *
 * @param <T> the value type the reads return
 */
@FunctionalInterface
public interface ShadowComparator<T> {

    /** A comparison's verdict. Each is counted separately; IGNORED is never counted as a match. */
    enum Outcome {
        /** Both stores answered the same. */
        MATCH,
        /** The answers differ. */
        MISMATCH,
        /** The answers differ in a known, accepted way. */
        IGNORED
    }

    /**
     * @param legacy what the legacy store returned, or null when it had nothing
     * @param neu    what the new store returned, or null when it had nothing
     */
    Outcome compare(T legacy, T neu);

    /** {@link Objects#deepEquals}: equal values match, arrays compared by content. */
    static <T> ShadowComparator<T> equality() {
        return (legacy, neu) -> Objects.deepEquals(legacy, neu) ? Outcome.MATCH : Outcome.MISMATCH;
    }
}
