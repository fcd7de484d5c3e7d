package io.decant.internal.backfill;

import io.decant.spi.Key;
import io.decant.store.BackfillStore;
import io.decant.store.KeyRange;
import io.decant.store.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Cuts a table's key space into chunks of about {@code chunkRows} rows by walking its key index:
 * boundaries b1 < b2 < … each {@code chunkRows} keys apart give the chunks (-∞, b1], (b1, b2], …,
 * (bn, +∞). The plan holds only the first {@value #FIRST_BOUNDARIES} boundaries' chunks and the
 * open-ended tail after them, emitted first (chunk 0, so that the first claim takes it): the worker
 * that holds the tail walks on ({@link #walkOn}) and stores the chunks it finds while the others
 * copy, and at the end of the key the tail is the last chunk. An open-ended chunk is always a
 * correct one to copy (keys inserted after planning are covered too: by the dual writes, and by the
 * copy if they land there first). Boundaries found before the plan is stored are as good as any:
 * the chunks cover the key space whatever the keys were when walked.
 */
final class ChunkPlanner {
    /** Boundaries a plan starts with: chunks for the other workers while the tail's worker walks on. */
    static final int FIRST_BOUNDARIES = 16;
    /** Boundaries one step of the walk on finds at most (a round trip, and a control-store transaction). */
    static final int BOUNDARIES_PER_STEP = 200;

    private final BackfillStore source;
    private final TableRef table;
    private final int chunkRows;
    private long rowsEstimate;
    /** The first boundaries, walked ahead ({@link #walkAhead}), or null. */
    private CompletableFuture<List<Key>> ahead;

    ChunkPlanner(BackfillStore source, TableRef table, int chunkRows) {
        this.source = source;
        this.table = table;
        this.chunkRows = chunkRows;
    }

    /**
     * Starts walking the first boundaries now, on a thread of its own, so that the walk's index scans
     * overlap whatever the caller does before it {@linkplain #plan plans} (a cold backfill's checks and
     * table descriptions). Unused if no plan is made; a failure surfaces in {@link #plan}.
     */
    void walkAhead() {
        ahead = CompletableFuture.supplyAsync(() -> first(), walk -> {
            Thread t = new Thread(walk, "decant-backfill-plan-" + table.table());
            t.setDaemon(true);
            t.start();
        });
    }

    /**
     * Emits the open-ended tail, then the chunks before it in key order; afterwards
     * {@link #rowsEstimate()} holds the rows counted so far (the walk on adds {@code chunkRows} a chunk).
     */
    void plan(Consumer<KeyRange> chunks) {
        List<Key> boundaries = ahead != null ? walkedAhead() : first();
        Optional<Key> last = boundaries.isEmpty() ? Optional.empty() : Optional.of(boundaries.get(boundaries.size() - 1));
        KeyRange tail = new KeyRange(last, Optional.empty());
        chunks.accept(tail);
        Optional<Key> previous = Optional.empty();
        for (Key k : boundaries) {
            chunks.accept(new KeyRange(previous, Optional.of(k)));
            previous = Optional.of(k);
        }
        rowsEstimate = (long) boundaries.size() * chunkRows + source.countRows(table, tail, chunkRows);
    }

    /**
     * The next boundaries after {@code after} (the start of a tail), {@code step} keys apart (the chunk
     * size of the plan being walked, which a plan kept from an earlier run may have had different), at
     * most {@value #BOUNDARIES_PER_STEP}: fewer when the key ends, none when fewer than {@code step}
     * keys are left.
     */
    List<Key> walkOn(Optional<Key> after, int step) {
        return source.keyBoundaries(table, after, step, BOUNDARIES_PER_STEP);
    }

    private List<Key> first() {
        return new ArrayList<>(source.keyBoundaries(table, Optional.empty(), chunkRows, FIRST_BOUNDARIES));
    }

    private List<Key> walkedAhead() {
        try {
            return ahead.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    long rowsEstimate() {
        return rowsEstimate;
    }
}
