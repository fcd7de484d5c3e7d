package io.decant.internal.verify;

import io.decant.spi.Direction;
import io.decant.spi.Key;

/** Copies a key's current state from one store to the other: the repair engine's per-key copy. */
@FunctionalInterface
public interface KeyCopy {
    void copy(Key key, Direction from);
}
