package io.decant.internal.verify;

import io.decant.control.PlannedSpan;
import io.decant.spi.Key;
import io.decant.store.KeySpan;
import io.decant.store.RangeHasher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Cuts a key range into spans of about {@code chunkRows} rows, each cut again into {@link #PARTS}
 * parts: one store's database (the source's, or the target's when only it counts in one pass, see
 * {@link RangeHasher#splitsInOnePass()}) picks every {@code chunkRows / PARTS}-th key, and the spans
 * are emitted while it is still counting, so comparing starts at once. The last span is open
 * at the range's upper end, so together the spans cover every key of the range, rows added later
 * included.
 */
final class SpanPlanner {
    /** Parts a span is digested in, so that a difference is looked for row by row in one part only. */
    static final int PARTS = 16;

    private final RangeHasher splitter;
    private final int chunkRows;

    SpanPlanner(RangeHasher splitter, int chunkRows) {
        this.splitter = splitter;
        this.chunkRows = chunkRows;
    }

    /** Emits the spans of {@code within}, in key order; the last one is emitted once the database finished counting. */
    void plan(KeySpan within, Consumer<PlannedSpan> spans) {
        Next next = new Next(within.lower(), within.lowerInclusive());
        splitter.splitKeys(within, Math.max(1, chunkRows / PARTS), cut -> {
            if (next.cuts.size() < PARTS - 1) {
                next.cuts.add(cut);
                return;
            }
            spans.accept(new PlannedSpan(new KeySpan(next.lower, next.inclusive, Optional.of(cut)), next.cuts));
            next.lower = Optional.of(cut);
            next.inclusive = false;
            next.cuts.clear();
        });
        spans.accept(new PlannedSpan(new KeySpan(next.lower, next.inclusive, within.upper()), next.cuts));
    }

    /** The lower end and inner cuts of the next span while the cuts arrive. */
    private static final class Next {
        final List<Key> cuts = new ArrayList<>();
        Optional<Key> lower;
        boolean inclusive;

        Next(Optional<Key> lower, boolean inclusive) {
            this.lower = lower;
            this.inclusive = inclusive;
        }
    }
}
