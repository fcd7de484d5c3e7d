package io.decant.store;

import io.decant.spi.Key;
import java.util.Optional;

/**
 * A span of a table's key space, in key order, as verification hashes it: keys above
 * {@code lower} (or from {@code lower} on when {@code lowerInclusive}; from the first key when
 * empty) up to and including {@code upper} (to the last key when empty). Consecutive spans of a
 * verification share their boundary key, so together they cover every key.
 */
public record KeySpan(Optional<Key> lower, boolean lowerInclusive, Optional<Key> upper) {
    public static final KeySpan ALL = new KeySpan(Optional.empty(), false, Optional.empty());

    public KeySpan {
        lower = lower == null ? Optional.empty() : lower;
        upper = upper == null ? Optional.empty() : upper;
    }

    /** Keys from {@code from} to {@code to}, both included; a null bound is open. */
    public static KeySpan closed(Key from, Key to) {
        return new KeySpan(Optional.ofNullable(from), from != null, Optional.ofNullable(to));
    }

    /** Keys above {@code after} up to and including {@code upTo}; a null bound is open. */
    public static KeySpan after(Key after, Key upTo) {
        return new KeySpan(Optional.ofNullable(after), false, Optional.ofNullable(upTo));
    }

    /** Whether {@code key} lies in the span (by {@link Key#compareTo}, the order Java sees). */
    public boolean contains(Key key) {
        if (lower.isPresent()) {
            int c = key.compareTo(lower.get());
            if (c < 0 || (c == 0 && !lowerInclusive)) {
                return false;
            }
        }
        return upper.isEmpty() || key.compareTo(upper.get()) <= 0;
    }

    @Override
    public String toString() {
        return (lowerInclusive ? "[" : "(") + lower.map(Key::toString).orElse("-∞") + ", "
                + upper.map(Key::toString).orElse("+∞") + "]";
    }
}
