package io.decant.internal.phase;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.GuardResult;
import io.decant.config.Guard;
import io.decant.control.KeyFence;
import io.decant.control.KeyFences;
import io.decant.store.KeySource;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Hands key generation from one store to the other at a move across the authority flip
 * (docs/protocol.md, "Database-generated keys"), just before the phase changes: records the
 * {@link KeyFence} at the next value {@code b} of the generator that takes over, then reads the other
 * generator's next value {@code p} and requires {@code p <= b}.
 *
 * <p>Why that is enough: every insert names its generated key in the control store ({@code fillKeys})
 * before its second write, and that transaction checks the key against the fence in force. An insert
 * of the old generator that named its key before the fence was recorded drew that key before, so
 * before {@code p} was read: the key is below {@code p}, hence below {@code b}, on its own side. One
 * that names it after sees the fence and is refused if the key is on the other side. The generator
 * taking over hands out {@code b} and above (nothing drew from it while it was not generating). So no
 * key is ever written by inserts from both generators.
 *
 * <p>One exception to {@code p <= b}: when the other generator took over at the last hand-over and
 * has handed out nothing since (a rollback right after the flip, before any insert), it is not passed.
 * None of its keys exist, and an instance still on the phase before that draws from it gets a key at
 * or above {@code p > b}: on the wrong side of the new fence, refused. (The other generator was read
 * again after the fence was recorded, so a key it handed out in between shows as a moved position.)
 */
public final class KeyHandOver {
    private final KeyFences fences;
    private final String migration;
    private final KeyGenerators generators;

    public KeyHandOver(KeyFences fences, String migration, KeyGenerators generators) {
        this.fences = fences;
        this.migration = migration;
        this.generators = generators;
    }

    /** What a hand-over recorded, so that a move that did not happen can put the earlier fence back. */
    public record Recorded(boolean recorded, Optional<KeyFence> previous, KeyFence fence) {
        static final Recorded NOTHING = new Recorded(false, Optional.empty(), null);
    }

    /**
     * Records the fence of a hand-over to the new store ({@code toNew}) or to legacy; nothing when that
     * store's key is not generated. Throws GUARD_REFUSED, the earlier fence back in force, when the other
     * generator already hands out keys at or past the boundary.
     */
    public Recorded begin(boolean toNew) {
        Optional<KeySource> taking = generators.of(toNew);
        if (taking.isEmpty()) {
            return Recorded.NOTHING;
        }
        Optional<KeyFence> previous = fences.fence(migration);
        Optional<KeySource> other = generators.of(!toNew);
        // the other generator took over at the last hand-over and handed out nothing since: it need not be passed
        boolean idle = other.isPresent() && previous.isPresent() && previous.get().newAbove() != toNew
                && other.get().nextValue() == previous.get().boundary();
        long boundary = taking.get().nextValue();
        KeyFence first = new KeyFence(boundary, toNew, OptionalLong.empty(), null);
        fences.set(migration, first);
        OptionalLong belowNext = OptionalLong.empty();
        try {
            if (other.isPresent()) {
                long p = other.get().nextValue();
                if (p > boundary && !(idle && p == previous.get().boundary())) {
                    String seen = "the " + KeyGenerators.side(toNew) + " store's " + taking.get().describe() + " hands out "
                            + boundary + " next, but the " + KeyGenerators.side(!toNew) + " store's " + other.get().describe()
                            + " already hands out " + p;
                    throw new DecantException(ErrorCode.GUARD_REFUSED, "key generation of " + migration + " was not handed to the "
                            + KeyGenerators.side(toNew) + " store, and the phase was not changed: " + seen,
                            List.of(new GuardResult(Guard.KEY_SOURCE, false, seen + "; " + generators.moveAdvice(toNew,
                                    taking.get(), p)).toString()), null);
                }
                belowNext = OptionalLong.of(p);
            }
        } catch (RuntimeException e) {
            fences.restore(migration, first, previous);
            throw e;
        }
        KeyFence fence = new KeyFence(boundary, toNew, belowNext, null);
        fences.set(migration, fence);
        return new Recorded(true, previous, fence);
    }

    /** The move did not happen: the fence in force before {@link #begin} is put back. */
    public void undo(Recorded r) {
        if (r.recorded()) {
            fences.restore(migration, r.fence(), r.previous());
        }
    }
}
