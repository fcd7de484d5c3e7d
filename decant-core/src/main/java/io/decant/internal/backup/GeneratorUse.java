package io.decant.internal.backup;

import io.decant.control.KeyFence;
import io.decant.store.KeySource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether dropping the legacy table ({@code retire --drop}) would take away a key generator something
 * still uses: a serial or identity sequence goes with its table, yet another table's column default
 * may draw from it, or the application may still draw keys from it by hand. Since the authority flip
 * the new store generates the keys, so legacy's generator should not have moved since the hand-over.
 */
final class GeneratorUse {
    private GeneratorUse() {
    }

    /** The reasons not to drop, each naming the generator and what uses it; empty when dropping is safe. */
    static List<String> problems(String table, Optional<KeySource> generator, Optional<KeyFence> fence) {
        List<String> out = new ArrayList<>();
        if (generator.isEmpty() || !generator.get().droppedWithTable()) {
            return out;
        }
        KeySource g = generator.get();
        if (!g.otherUsers().isEmpty()) {
            out.add("key generator: " + g.describe() + " goes with table " + table + ", but the defaults of "
                    + String.join(", ", g.otherUsers()) + " draw from it; give them a generator of their own first");
        }
        if (g.movesOnlyWhenDrawn() && fence.isPresent() && fence.get().newAbove() && fence.get().belowNext().isPresent()) {
            long then = fence.get().belowNext().getAsLong();
            long now = g.nextValue();
            if (now > then) {
                out.add("key generator: " + g.describe() + " handed out keys after key generation was handed to the new"
                        + " store (it handed out " + then + " next then, " + now + " now): something still draws keys from"
                        + " it, and dropping the table drops it; find that code path and move it to the new store first");
            }
        }
        return out;
    }
}
