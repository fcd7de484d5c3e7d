package io.decant.control;

import java.util.Optional;

/** The migration's current {@link KeyFence}, kept in the control store. Every method is atomic. */
public interface KeyFences {
    /** The fence in force, if key generation was ever handed over. */
    Optional<KeyFence> fence(String migration);

    /** Records {@code fence} in place of any earlier one (its {@code setAt} is the control store's clock). */
    void set(String migration, KeyFence fence);

    /**
     * Puts back what was in force before a hand-over that did not happen — {@code previous}, or none —
     * if the fence in force is still {@code recorded} (the one that hand-over recorded; another
     * operator's hand-over that came after it stays).
     */
    void restore(String migration, KeyFence recorded, Optional<KeyFence> previous);
}
