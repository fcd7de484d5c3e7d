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
 * Cuts a key range into spans of about {@code chunkRows} source rows, each cut again into
 * {@link #PARTS} parts: the source database picks every {@code chunkRows / PARTS}-th key, and the
 * spans are emitted while it is still counting, so comparing starts at once. The last span is open
 * at the range's upper end, so together the spans cover every key of the range, rows added later
 * included.
 */
final class SpanPlanner {
    /** Parts a span is digested in, so that a difference is looked for row by row in one part only. */
    static final int PARTS = 16;

    private final RangeHasher source;
    private final int chunkRows;

    SpanPlanner(RangeHasher source, int chunkRows) {
        this.source = source;
        this.chunkRows = chunkRows;
    }

    /** Emits the spans of {@code within}, in key order; the last one is emitted once the database finished counting. */
    void plan(KeySpan within, Consumer<PlannedSpan> spans) {
        Next next = new Next(within.lower(), within.lowerInclusive());
        source.splitKeys(within, Math.max(1, chunkRows / PARTS), cut -> {
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
