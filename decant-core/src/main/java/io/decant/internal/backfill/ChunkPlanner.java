package io.decant.internal.backfill;

import io.decant.spi.Key;
import io.decant.store.BackfillStore;
import io.decant.store.KeyRange;
import io.decant.store.TableRef;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Cuts a table's key space into chunks of about {@code chunkRows} rows by walking its key index:
 * boundaries b1 < b2 < … each {@code chunkRows} keys apart give the chunks (-∞, b1], (b1, b2], …,
 * (bn, +∞). The last chunk is open-ended, so keys inserted after planning are covered too (by the
 * dual writes, and by the copy if they land there first). Boundaries found before the plan is
 * stored are as good as any: the chunks cover the key space whatever the keys were when walked.
 */
final class ChunkPlanner {
    private static final int BOUNDARIES_PER_CALL = 200;

    private final BackfillStore source;
    private final TableRef table;
    private final int chunkRows;
    private long rowsEstimate;
    /** The first call's boundaries, walked ahead ({@link #walkAhead}), or null. */
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
        ahead = CompletableFuture.supplyAsync(() -> source.keyBoundaries(table, Optional.empty(), chunkRows, BOUNDARIES_PER_CALL),
                walk -> {
                    Thread t = new Thread(walk, "decant-backfill-plan-" + table.table());
                    t.setDaemon(true);
                    t.start();
                });
    }

    /** Emits the chunks in key order; afterwards {@link #rowsEstimate()} holds the rows counted. */
    void plan(Consumer<KeyRange> chunks) {
        Optional<Key> previous = Optional.empty();
        long boundaries = 0;
        while (true) {
            List<Key> next = boundaries == 0 && ahead != null ? walkedAhead()
                    : source.keyBoundaries(table, previous, chunkRows, BOUNDARIES_PER_CALL);
            for (Key k : next) {
                chunks.accept(new KeyRange(previous, Optional.of(k)));
                previous = Optional.of(k);
            }
            boundaries += next.size();
            if (next.size() < BOUNDARIES_PER_CALL) {
                break;
            }
        }
        KeyRange tail = new KeyRange(previous, Optional.empty());
        chunks.accept(tail);
        rowsEstimate = boundaries * chunkRows + source.countRows(table, tail, chunkRows);
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
