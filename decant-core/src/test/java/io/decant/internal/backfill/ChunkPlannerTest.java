package io.decant.internal.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.spi.Key;
import io.decant.store.BackfillStore;
import io.decant.store.ChunkCopier;
import io.decant.store.CopySpec;
import io.decant.store.KeyRange;
import io.decant.store.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChunkPlannerTest {
    private static final TableRef TABLE = new TableRef("legacy", "orders", List.of("id"), List.of("id"), Optional.empty());

    /** A store that only walks its key and counts: the planner needs nothing else. */
    private interface KeyOnly extends BackfillStore {
        @Override
        default ChunkCopier copier(CopySpec spec, io.decant.store.ChunkTarget target) {
            throw new UnsupportedOperationException();
        }

        @Override
        default io.decant.store.SourceLoad measureLoad() {
            throw new UnsupportedOperationException();
        }
    }

    /** A key index of the keys 1..n, walked like the stores walk theirs. */
    private record KeyIndex(int n) implements KeyOnly {
        @Override
        public List<Key> keyBoundaries(TableRef table, Optional<Key> after, int step, int max) {
            long from = after.map(k -> (Long) k.get(0)).orElse(0L);
            List<Key> out = new ArrayList<>();
            for (long k = from + step; k <= n && out.size() < max; k += step) {
                out.add(Key.of(k));
            }
            return out;
        }

        @Override
        public long countRows(TableRef table, KeyRange range, long limit) {
            long from = range.after().map(k -> (Long) k.get(0)).orElse(0L);
            return Math.min(limit, Math.max(0, n - from));
        }
    }

    /** The plan's chunks, then every chunk a walker holding the tail would store, in key order, the tail's rest last. */
    private static List<KeyRange> walkedToTheEnd(ChunkPlanner planner, List<KeyRange> planned, int step) {
        KeyRange tail = planned.get(0);
        List<KeyRange> all = new ArrayList<>(planned.subList(1, planned.size()));
        for (List<Key> next; !(next = planner.walkOn(tail.after(), step)).isEmpty(); ) {
            Optional<Key> from = tail.after();
            for (Key k : next) {
                all.add(new KeyRange(from, Optional.of(k)));
                from = Optional.of(k);
            }
            tail = new KeyRange(from, Optional.empty());
        }
        all.add(tail);
        return all;
    }

    private static void assertEndToEnd(List<KeyRange> chunks) {
        assertThat(chunks.get(0).after()).isEmpty();
        for (int i = 1; i < chunks.size(); i++) {
            assertThat(chunks.get(i).after()).isEqualTo(chunks.get(i - 1).upTo());
        }
        assertThat(chunks.get(chunks.size() - 1).upTo()).isEmpty();
    }

    @Test
    void thePlanIsTheOpenTailFirstThenTheFirstChunksInKeyOrder() {
        ChunkPlanner planner = new ChunkPlanner(new KeyIndex(1050), TABLE, 100);
        List<KeyRange> chunks = new ArrayList<>();

        planner.plan(chunks::add);

        assertThat(chunks).hasSize(11);
        assertThat(chunks.get(0)).isEqualTo(KeyRange.between(Key.of(1000), null));
        assertThat(chunks.get(1)).isEqualTo(KeyRange.between(null, Key.of(100)));
        List<KeyRange> inKeyOrder = new ArrayList<>(chunks.subList(1, chunks.size()));
        inKeyOrder.add(chunks.get(0));
        assertEndToEnd(inKeyOrder);
        assertThat(planner.rowsEstimate()).isEqualTo(1050);
        assertThat(planner.walkOn(Optional.of(Key.of(1000)), 100)).as("fewer than a chunk left").isEmpty();
    }

    @Test
    void anEmptyTableIsOneOpenChunk() {
        ChunkPlanner planner = new ChunkPlanner(new KeyIndex(0), TABLE, 100);
        List<KeyRange> chunks = new ArrayList<>();

        planner.plan(chunks::add);

        assertThat(chunks).containsExactly(KeyRange.ALL);
        assertThat(planner.rowsEstimate()).isZero();
    }

    @Test
    void aLargeTableStartsWithItsFirstChunksAndTheWalkOnCoversTheRest() {
        ChunkPlanner planner = new ChunkPlanner(new KeyIndex(100_000), TABLE, 10);
        List<KeyRange> chunks = new ArrayList<>();

        planner.plan(chunks::add);

        assertThat(chunks).hasSize(ChunkPlanner.FIRST_BOUNDARIES + 1);
        assertThat(chunks.get(0)).isEqualTo(KeyRange.between(Key.of(10L * ChunkPlanner.FIRST_BOUNDARIES), null));
        assertThat(planner.rowsEstimate()).isEqualTo(10L * ChunkPlanner.FIRST_BOUNDARIES + 10);
        List<KeyRange> all = walkedToTheEnd(planner, chunks, 10);
        assertThat(all).hasSize(10_001);
        assertEndToEnd(all);
        assertThat(planner.walkOn(Optional.of(Key.of(0L)), 10)).hasSize(ChunkPlanner.BOUNDARIES_PER_STEP);
    }

    /** {@link KeyIndex}, recording the thread of each walk call; with {@code failure}, every walk fails with it. */
    private static final class WatchedIndex implements KeyOnly {
        private final KeyIndex index;
        private final RuntimeException failure;
        private final List<String> walkedOn = java.util.Collections.synchronizedList(new ArrayList<>());

        WatchedIndex(int n, RuntimeException failure) {
            this.index = new KeyIndex(n);
            this.failure = failure;
        }

        @Override
        public List<Key> keyBoundaries(TableRef table, Optional<Key> after, int step, int max) {
            walkedOn.add(Thread.currentThread().getName());
            if (failure != null) {
                throw failure;
            }
            return index.keyBoundaries(table, after, step, max);
        }

        @Override
        public long countRows(TableRef table, KeyRange range, long limit) {
            return index.countRows(table, range, limit);
        }
    }

    @Test
    void aPlanWalkedAheadIsThePlanWalkedInPlaceAndItsBoundariesComeFromTheWalkThread() {
        List<KeyRange> inPlace = new ArrayList<>();
        new ChunkPlanner(new KeyIndex(50_000), TABLE, 100).plan(inPlace::add);
        WatchedIndex index = new WatchedIndex(50_000, null);
        ChunkPlanner ahead = new ChunkPlanner(index, TABLE, 100);
        List<KeyRange> chunks = new ArrayList<>();

        ahead.walkAhead();
        ahead.plan(chunks::add);

        assertThat(chunks).isEqualTo(inPlace).hasSize(ChunkPlanner.FIRST_BOUNDARIES + 1);
        assertThat(index.walkedOn).hasSize(1);
        assertThat(index.walkedOn.get(0)).startsWith("decant-backfill-plan-");
        assertThat(walkedToTheEnd(ahead, chunks, 100)).hasSize(501);
    }

    @Test
    void aWalkAheadThatFailedFailsThePlanWithItsOwnException() {
        IllegalStateException down = new IllegalStateException("the source is down");
        ChunkPlanner planner = new ChunkPlanner(new WatchedIndex(1000, down), TABLE, 100);

        planner.walkAhead();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> planner.plan(range -> { })).isSameAs(down);
    }
}
