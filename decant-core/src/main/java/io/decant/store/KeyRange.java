package io.decant.store;

import io.decant.spi.Key;
import java.util.Optional;

/**
 * A slice of a table's key space in key order: keys greater than {@code after} (or from the first
 * key when empty) up to and including {@code upTo} (or to the last key, present or future, when
 * empty). Consecutive ranges of a backfill plan share their boundary, so together they cover every
 * key, including keys inserted after planning.
 */
public record KeyRange(Optional<Key> after, Optional<Key> upTo) {
    public static final KeyRange ALL = new KeyRange(Optional.empty(), Optional.empty());

    public KeyRange {
        after = after == null ? Optional.empty() : after;
        upTo = upTo == null ? Optional.empty() : upTo;
    }

    public static KeyRange between(Key after, Key upTo) {
        return new KeyRange(Optional.ofNullable(after), Optional.ofNullable(upTo));
    }

    @Override
    public String toString() {
        return "(" + after.map(Key::toString).orElse("-∞") + ", " + upTo.map(Key::toString).orElse("+∞") + "]";
    }
}
