package io.decant.control;

import io.decant.spi.Key;
import io.decant.store.KeySpan;
import java.util.List;

/**
 * One span of a verification run: its keys, and the keys inside it that cut it into parts (each
 * part gets its own digest, so a difference is looked for row by row in one part only).
 *
 * @param span the keys
 * @param cuts ascending keys inside the span; part {@code i} ends at cut {@code i} included
 */
public record PlannedSpan(KeySpan span, List<Key> cuts) {
    public PlannedSpan {
        cuts = List.copyOf(cuts);
    }
}
