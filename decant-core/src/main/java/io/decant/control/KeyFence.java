package io.decant.control;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * The boundary between the keys each store's generator may hand out, recorded when key generation
 * is handed from one store to the other (at the authority flip, and back at a rollback across it).
 * Keys at or above {@code boundary} belong to the generator of the store above; keys below it to the
 * other's. An insert whose generated key falls on the wrong side is refused before its second write
 * (docs/protocol.md, "Database-generated keys"): during the barrier both generators are in use, and
 * this is what keeps them from handing out the same key.
 *
 * @param boundary   the first key of the store above: its generator's next value at the hand-over
 * @param newAbove   true when the new store's generator owns the keys from {@code boundary} on (after
 *                   the flip to READ_NEW); false when legacy's does (after a rollback across the flip)
 * @param belowNext  the next value of the generator below, read after the boundary was recorded (empty
 *                   when that store's key is not generated)
 * @param setAt      when it was recorded (control store clock; null before stored)
 */
public record KeyFence(long boundary, boolean newAbove, OptionalLong belowNext, Instant setAt) {
    public KeyFence {
        belowNext = belowNext == null ? OptionalLong.empty() : belowNext;
    }

    /** Whether a key drawn from the legacy ({@code legacyGenerated}) or the new generator lies on that generator's side. */
    public boolean allows(long key, boolean legacyGenerated) {
        boolean above = key >= boundary;
        return above == (legacyGenerated != newAbove);
    }

    /** The direction from the store whose generator owns {@code key}: where the key's state must come from. */
    public Direction ownerDirection(long key) {
        boolean newOwns = (key >= boundary) == newAbove;
        return newOwns ? Direction.NEW_TO_LEGACY : Direction.LEGACY_TO_NEW;
    }
}
