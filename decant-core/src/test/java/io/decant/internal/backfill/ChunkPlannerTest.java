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

    /** A key index of the keys 1..n, walked like the stores walk theirs. */
    private record KeyIndex(int n) implements BackfillStore {
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

        @Override
        public ChunkCopier copier(CopySpec spec, io.decant.store.ChunkTarget target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public io.decant.store.SourceLoad measureLoad() {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void chunksCoverTheWholeKeySpaceEndToEndWithAnOpenLastChunk() {
        ChunkPlanner planner = new ChunkPlanner(new KeyIndex(1050), TABLE, 100);
        List<KeyRange> chunks = new ArrayList<>();

        planner.plan(chunks::add);

        assertThat(chunks).hasSize(11);
        assertThat(chunks.get(0)).isEqualTo(KeyRange.between(null, Key.of(100)));
        for (int i = 1; i < chunks.size(); i++) {
            assertThat(chunks.get(i).after()).isEqualTo(chunks.get(i - 1).upTo());
        }
        assertThat(chunks.get(10)).isEqualTo(KeyRange.between(Key.of(1000), null));
        assertThat(planner.rowsEstimate()).isEqualTo(1050);
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
    void planningPastManyCallsOfBoundariesKeepsGoing() {
        ChunkPlanner planner = new ChunkPlanner(new KeyIndex(100_000), TABLE, 10);
        List<KeyRange> chunks = new ArrayList<>();

        planner.plan(chunks::add);

        assertThat(chunks).hasSize(10_001);
        assertThat(planner.rowsEstimate()).isEqualTo(100_000);
    }

    /** {@link KeyIndex}, recording the thread of each walk call; with {@code failure}, every walk fails with it. */
    private static final class WatchedIndex implements BackfillStore {
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

        @Override
        public ChunkCopier copier(CopySpec spec, io.decant.store.ChunkTarget target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public io.decant.store.SourceLoad measureLoad() {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aPlanWalkedAheadIsThePlanWalkedInPlaceAndItsFirstBoundariesComeFromTheWalkThread() {
        List<KeyRange> inPlace = new ArrayList<>();
        new ChunkPlanner(new KeyIndex(50_000), TABLE, 100).plan(inPlace::add);
        WatchedIndex index = new WatchedIndex(50_000, null);
        ChunkPlanner ahead = new ChunkPlanner(index, TABLE, 100);
        List<KeyRange> chunks = new ArrayList<>();

        ahead.walkAhead();
        ahead.plan(chunks::add);

        assertThat(chunks).isEqualTo(inPlace).hasSize(501);
        assertThat(ahead.rowsEstimate()).isEqualTo(50_000);
        assertThat(index.walkedOn).hasSize(3);
        assertThat(index.walkedOn.get(0)).startsWith("decant-backfill-plan-");
        assertThat(index.walkedOn.subList(1, 3)).containsOnly(Thread.currentThread().getName());
    }

    @Test
    void aWalkAheadThatFailedFailsThePlanWithItsOwnException() {
        IllegalStateException down = new IllegalStateException("the source is down");
        ChunkPlanner planner = new ChunkPlanner(new WatchedIndex(1000, down), TABLE, 100);

        planner.walkAhead();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> planner.plan(range -> { })).isSameAs(down);
    }
}
