package io.decant.internal.phase;

import io.decant.GuardResult;
import io.decant.config.Guard;
import io.decant.control.KeyFence;
import io.decant.store.KeySource;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The key generators of a migration's two tables, read when a hand-over of key generation is checked
 * (the {@code key-source} guard) or made ({@link KeyHandOver}). A hand-over goes to the store that
 * starts generating keys: the new one at the authority flip (into READ_NEW), legacy at a rollback
 * back across it. That store's generator must hand out keys past every key either table holds and
 * past the other generator's position, or it would hand out keys that exist, or that the other
 * generator hands out too while instances still act on the phase before.
 */
public final class KeyGenerators {
    /** Room the suggested statement leaves for keys the other generator hands out until the move. */
    static final long HEADROOM = 100_000;
    /**
     * Room the guard requires ahead of the other generator: keys it hands out between the check and
     * the move must not reach the boundary (the move would be refused), and an {@code AUTO_INCREMENT}
     * counter that follows the keys written into its table is never ahead by itself.
     */
    static final long MIN_ROOM = 1_000;

    private final String legacyStore;
    private final Supplier<Optional<KeySource>> legacy;
    private final String newStore;
    private final Supplier<Optional<KeySource>> neu;
    private final Supplier<Optional<KeyFence>> fence;

    /** @param fence the key fence in force (the last hand-over), read when needed */
    public KeyGenerators(String legacyStore, Supplier<Optional<KeySource>> legacy, String newStore,
                         Supplier<Optional<KeySource>> neu, Supplier<Optional<KeyFence>> fence) {
        this.legacyStore = legacyStore;
        this.legacy = legacy;
        this.newStore = newStore;
        this.neu = neu;
        this.fence = fence;
    }

    /** No generator on either side (tests; a migration whose stores cannot tell). */
    public static final KeyGenerators NONE = new KeyGenerators("legacy", Optional::empty, "new", Optional::empty,
            Optional::empty);

    /**
     * Whether the generator of the store {@code newStore} took over at the last hand-over and has handed
     * out no key since ({@code next} is still the boundary): then the store taking over from it need not
     * pass it — none of its keys exist, and any it hands out later lies above the new boundary, where
     * that hand-over's fence refuses it.
     */
    boolean idleSinceTakingOver(boolean newStore, long next) {
        Optional<KeyFence> f = fence.get();
        return f.isPresent() && f.get().newAbove() == newStore && f.get().boundary() == next;
    }

    Optional<KeySource> of(boolean newStore) {
        return newStore ? neu.get() : legacy.get();
    }

    String store(boolean newStore) {
        return newStore ? this.newStore : legacyStore;
    }

    static String side(boolean newStore) {
        return newStore ? "new" : "legacy";
    }

    /** The {@code key-source} verdict on handing key generation to the new store ({@code toNew}) or to legacy. */
    public GuardResult check(boolean toNew) {
        Optional<KeySource> x;
        Optional<KeySource> y;
        try {
            x = of(toNew);
            y = of(!toNew);
        } catch (RuntimeException e) {
            return new GuardResult(Guard.KEY_SOURCE, false, "cannot read the tables' key generators: " + e.getMessage());
        }
        if (x.isEmpty()) {
            return new GuardResult(Guard.KEY_SOURCE, true, "the " + side(toNew) + " table's key has no database generator"
                    + " (identity, serial, AUTO_INCREMENT, sequence default or key-sequence): nothing to hand over"
                    + y.map(s -> "; the " + side(!toNew) + " table's " + s.describe() + " is not handed over").orElse(""));
        }
        KeySource xs = x.get();
        long next = xs.nextValue();
        long need = Long.MIN_VALUE;
        StringBuilder seen = new StringBuilder();
        OptionalLong xMax = xs.maxKey();
        if (xMax.isPresent()) {
            need = Math.max(need, xMax.getAsLong() + 1);
            seen.append("the ").append(side(toNew)).append(" table's largest key is ").append(xMax.getAsLong());
        }
        if (y.isPresent()) {
            KeySource ys = y.get();
            long yNext = ys.nextValue();
            boolean idle = idleSinceTakingOver(!toNew, yNext);
            if (!idle) {
                need = Math.max(need, yNext + MIN_ROOM);
            }
            OptionalLong yMax = ys.maxKey();
            if (yMax.isPresent()) {
                need = Math.max(need, yMax.getAsLong() + 1);
            }
            seen.append(seen.length() == 0 ? "" : ", ").append("the ").append(side(!toNew)).append(" store's ")
                    .append(ys.describe()).append(" hands out ").append(yNext).append(" next")
                    .append(idle ? " (it handed out no key since it took over)" : "")
                    .append(yMax.isPresent() ? " (largest key " + yMax.getAsLong() + ")" : "");
        }
        String head = "the " + side(toNew) + " store's " + xs.describe() + " hands out " + next + " next";
        if (need == Long.MIN_VALUE || next >= need) {
            return new GuardResult(Guard.KEY_SOURCE, true, head + (seen.length() == 0 ? "; both tables are empty" : "; " + seen)
                    + ": it hands out no key that exists, and the " + side(!toNew) + " generator has room below it");
        }
        return new GuardResult(Guard.KEY_SOURCE, false, head + ", but " + seen + " (at least " + MIN_ROOM + " keys of room"
                + " are needed above the other generator); " + moveAdvice(toNew, xs, need));
    }

    /** How to move the generator of the store taking over: the statement, and where to run it. */
    String moveAdvice(boolean toNew, KeySource xs, long need) {
        return "move it past them before the " + side(toNew) + " store generates keys: on store '" + store(toNew) + "' run: "
                + xs.moveToSql(need + HEADROOM) + " (" + HEADROOM + " keys of room for inserts until the move; any room"
                + " works: an insert of an instance still on the phase before that draws a key past it fails instead of"
                + " colliding)";
    }
}
