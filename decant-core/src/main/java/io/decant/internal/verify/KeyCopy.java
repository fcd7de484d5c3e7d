package io.decant.internal.verify;

import io.decant.control.Direction;
import io.decant.spi.Key;

/** Copies a key's current state from one store to the other: the repair engine's per-key copy. */
@FunctionalInterface
public interface KeyCopy {
    /** Returns false when the key could not be copied now (it kept changing, or a dual write of it was in flight). */
    boolean copy(Key key, Direction from);
}
