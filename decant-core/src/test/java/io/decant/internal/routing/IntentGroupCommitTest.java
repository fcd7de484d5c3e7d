package io.decant.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.control.Direction;
import io.decant.control.Intent;
import io.decant.spi.Key;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IntentGroupCommitTest {

    /** One stored batch: its keys and the thread that stored it. */
    record Batch(List<Object> keys, String thread) {
    }

    /**
     * Records batches. The first {@code gates.length} inserts each wait for their own gate (in the
     * order they start), so tests can hold batches in flight; later inserts pass at once.
     */
    static final class RecordingSink implements IntentGroupCommit.Sink {
        final List<Batch> batches = Collections.synchronizedList(new ArrayList<>());
        final List<Long> deleted = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger insertsStarted = new AtomicInteger();
        final CountDownLatch[] gates;
        final AtomicLong ids = new AtomicLong();
        volatile boolean failInserts;
        volatile CountDownLatch deleteStarted = new CountDownLatch(1);
        volatile CountDownLatch deleteRelease = new CountDownLatch(0);

        RecordingSink(int gated) {
            gates = new CountDownLatch[gated];
            for (int i = 0; i < gated; i++) {
                gates[i] = new CountDownLatch(1);
            }
        }

        @Override
        public long[] insert(List<Intent> intents) {
            int n = insertsStarted.getAndIncrement();
            if (n < gates.length) {
                await(gates[n]);
            }
            if (failInserts) {
                throw new IllegalStateException("control store down");
            }
            List<Object> keys = new ArrayList<>();
            long[] out = new long[intents.size()];
            for (int i = 0; i < out.length; i++) {
                keys.add(intents.get(i).key().get(0));
                out[i] = ids.incrementAndGet();
            }
            batches.add(new Batch(keys, Thread.currentThread().getName()));
            return out;
        }

        @Override
        public void delete(long[] ids) {
            deleteStarted.countDown();
            await(deleteRelease);
            for (long id : ids) {
                deleted.add(id);
            }
        }

        void open(int gate) {
            gates[gate].countDown();
        }

        void awaitInsertsStarted(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (insertsStarted.get() < n && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(insertsStarted.get()).as("inserts started").isGreaterThanOrEqualTo(n);
        }

        List<Integer> sizes() {
            synchronized (batches) {
                return batches.stream().map(b -> b.keys().size()).toList();
            }
        }

        Set<Object> storedKeys() {
            synchronized (batches) {
                Set<Object> all = new HashSet<>();
                batches.forEach(b -> all.addAll(b.keys()));
                return all;
            }
        }

        static void await(CountDownLatch l) {
            try {
                if (!l.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gate not opened");
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    final ExecutorService pool = Executors.newFixedThreadPool(40);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    static void awaitWaiting(IntentGroupCommit log, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (log.waiting() < n && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(log.waiting()).isEqualTo(n);
    }

    @Test
    void concurrentWritersShareOneControlStoreWrite() throws Exception {
        RecordingSink sink = new RecordingSink(2);
        IntentGroupCommit log = new IntentGroupCommit(sink, "i1", 2, 100);
        try {
            Future<IntentGroupCommit.Ticket> first = pool.submit(() -> log.begin("orders", Key.of(0L), Direction.LEGACY_TO_NEW, true));
            sink.awaitInsertsStarted(1);
            // a caller arriving while a batch is being stored does not wait for it: its own batch starts
            Future<IntentGroupCommit.Ticket> second = pool.submit(() -> log.begin("orders", Key.of(1L), Direction.LEGACY_TO_NEW, true));
            sink.awaitInsertsStarted(2);
            // both slots busy: these pile up, and none starts a third batch
            List<Future<IntentGroupCommit.Ticket>> waiting = new ArrayList<>();
            for (long k = 2; k < 34; k++) {
                long key = k;
                waiting.add(pool.submit(() -> log.begin("orders", Key.of(key), Direction.LEGACY_TO_NEW, true)));
            }
            awaitWaiting(log, 32);
            assertThat(sink.insertsStarted.get()).isEqualTo(2);

            sink.open(0); // the first batch commits; its slot goes to the 32 waiting callers, as one batch
            assertThat(first.get(5, TimeUnit.SECONDS).id).isPositive();
            for (Future<IntentGroupCommit.Ticket> f : waiting) {
                assertThat(f.get(5, TimeUnit.SECONDS).id).isPositive();
            }
            assertThat(second.isDone()).as("the second batch is still in flight").isFalse();
            sink.open(1);
            assertThat(second.get(5, TimeUnit.SECONDS).id).isPositive();
            assertThat(sink.sizes()).containsExactly(1, 32, 1);
            assertThat(sink.storedKeys()).hasSize(34);
        } finally {
            log.close();
        }
    }

    @Test
    void aCallerThatFindsAFreeSlotStoresItsIntentOnItsOwnThread() {
        RecordingSink sink = new RecordingSink(0);
        IntentGroupCommit log = new IntentGroupCommit(sink, "i1");
        try {
            IntentGroupCommit.Ticket t = log.begin("orders", Key.of(7L), Direction.LEGACY_TO_NEW, true);
            assertThat(t.id).isPositive();
            assertThat(sink.batches).singleElement()
                    .isEqualTo(new Batch(List.of(7L), Thread.currentThread().getName()));
        } finally {
            log.close();
        }
    }

    @Test
    void clearedIntentsAreDeletedInTheBackground() {
        RecordingSink sink = new RecordingSink(0);
        IntentGroupCommit log = new IntentGroupCommit(sink, "i1");
        IntentGroupCommit.Ticket a = log.begin("orders", Key.of(1L), Direction.LEGACY_TO_NEW, true);
        IntentGroupCommit.Ticket b = log.begin("orders", Key.of(2L), Direction.NEW_TO_LEGACY, true);
        log.clear(a);
        log.clear(b);
        log.close();
        assertThat(sink.deleted).containsExactlyInAnyOrder(a.id, b.id);
    }

    /**
     * A query of a key's intents that began before the delete of a finished one may still return it:
     * it must still read as finished after the delete, or the next write of the key journals it.
     */
    @Test
    void aClearedIntentStillReadsAsFinishedOnceDeleted() throws Exception {
        RecordingSink sink = new RecordingSink(0);
        IntentGroupCommit log = new IntentGroupCommit(sink, "i1");
        try {
            IntentGroupCommit.Ticket done = log.begin("orders", Key.of(1L), Direction.LEGACY_TO_NEW, true);
            IntentGroupCommit.Ticket open = log.begin("orders", Key.of(1L), Direction.LEGACY_TO_NEW, true);
            assertThat(log.finished(done.id)).as("in flight").isFalse();
            log.clear(done);
            assertThat(log.finished(done.id)).as("cleared, its delete pending").isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!sink.deleted.contains(done.id) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(sink.deleted).contains(done.id);
            assertThat(log.finished(done.id)).as("deleted a moment ago").isTrue();
            assertThat(log.finished(open.id)).as("another write of the key, still in flight").isFalse();
        } finally {
            log.close();
        }
    }

    @Test
    void aSlowDeleteDoesNotHoldUpIntentRecords() throws Exception {
        RecordingSink sink = new RecordingSink(0);
        sink.deleteRelease = new CountDownLatch(1);
        IntentGroupCommit log = new IntentGroupCommit(sink, "i1");
        try {
            IntentGroupCommit.Ticket a = log.begin("orders", Key.of(1L), Direction.LEGACY_TO_NEW, true);
            log.clear(a);
            assertThat(sink.deleteStarted.await(5, TimeUnit.SECONDS)).isTrue();
            // the delete round trip is still running; new intents are stored meanwhile
            for (long k = 2; k <= 5; k++) {
                assertThat(log.begin("orders", Key.of(k), Direction.LEGACY_TO_NEW, true).id).isPositive();
            }
            assertThat(sink.deleted).isEmpty();
        } finally {
            sink.deleteRelease.countDown();
            log.close();
        }
    }

    @Test
    void anAsynchronousIntentClearedBeforeItWasStoredIsNeverWritten() throws Exception {
        RecordingSink sink = new RecordingSink(1);
        IntentGroupCommit log = new IntentGroupCommit(sink, "i1");
        IntentGroupCommit.Ticket blocker = log.begin("orders", Key.of(0L), Direction.LEGACY_TO_NEW, false);
        sink.awaitInsertsStarted(1);
        IntentGroupCommit.Ticket quick = log.begin("orders", Key.of(1L), Direction.LEGACY_TO_NEW, false);
        log.clear(quick);
        sink.open(0);
        log.clear(blocker);
        log.close();
        assertThat(sink.sizes()).containsExactly(1);
        assertThat(sink.storedKeys()).containsExactly(0L);
        assertThat(sink.deleted).containsExactly(blocker.id);
    }

    @Test
    void aSynchronousCallerLearnsThatItsIntentCouldNotBeStored() {
        RecordingSink sink = new RecordingSink(0);
        sink.failInserts = true;
        IntentGroupCommit log = new IntentGroupCommit(sink, "i1");
        try {
            assertThatThrownBy(() -> log.begin("orders", Key.of(1L), Direction.LEGACY_TO_NEW, true))
                    .isInstanceOf(DecantException.class)
                    .satisfies(e -> assertThat(((DecantException) e).code()).isEqualTo(ErrorCode.FAILURE))
                    .hasMessageContaining("nothing was written")
                    .hasMessageContaining("control store down");
        } finally {
            log.close();
        }
    }

    @Test
    void whenTheAsynchronousQueueIsFullACallRecordsItsIntentSynchronously() throws Exception {
        RecordingSink sink = new RecordingSink(1);
        IntentGroupCommit log = new IntentGroupCommit(sink, "i1", 2, 4);
        try {
            // the control store stalls on the first asynchronous batch; three more wait behind it
            log.begin("orders", Key.of(0L), Direction.LEGACY_TO_NEW, false);
            sink.awaitInsertsStarted(1);
            for (long k = 1; k <= 3; k++) {
                IntentGroupCommit.Ticket t = log.begin("orders", Key.of(k), Direction.LEGACY_TO_NEW, false);
                assertThat(t.id).as("returned without waiting").isZero();
            }
            assertThat(log.synchronousFallbacks()).isZero();

            IntentGroupCommit.Ticket full = log.begin("orders", Key.of(4L), Direction.LEGACY_TO_NEW, false);
            assertThat(full.id).as("stored before the call went on").isPositive();
            assertThat(log.synchronousFallbacks()).isEqualTo(1);
            assertThat(sink.batches).singleElement().isEqualTo(new Batch(List.of(4L), Thread.currentThread().getName()));

            sink.open(0);
        } finally {
            log.close();
        }
        assertThat(sink.storedKeys()).as("no intent dropped").containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void whenTheControlStoreIsDownAFullAsynchronousQueueFailsTheCallAndKeepsRetryingTheQueuedIntents() throws Exception {
        RecordingSink sink = new RecordingSink(0);
        sink.failInserts = true;
        IntentGroupCommit log = new IntentGroupCommit(sink, "i1", 2, 2);
        try {
            log.begin("orders", Key.of(1L), Direction.LEGACY_TO_NEW, false);
            log.begin("orders", Key.of(2L), Direction.LEGACY_TO_NEW, false);
            sink.awaitInsertsStarted(1);
            assertThatThrownBy(() -> log.begin("orders", Key.of(3L), Direction.LEGACY_TO_NEW, false))
                    .isInstanceOf(DecantException.class)
                    .hasMessageContaining("nothing was written")
                    .hasMessageContaining("control store down");
            assertThat(log.synchronousFallbacks()).isEqualTo(1);

            sink.failInserts = false; // the control store is back: the queued intents are stored
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sink.storedKeys().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(sink.storedKeys()).containsExactlyInAnyOrder(1L, 2L);
            // room again: an asynchronous call no longer falls back
            log.begin("orders", Key.of(4L), Direction.LEGACY_TO_NEW, false);
            assertThat(log.synchronousFallbacks()).isEqualTo(1);
        } finally {
            log.close();
        }
    }

    @Test
    void manyConcurrentCallersAllGetTheirOwnStoredIntent() throws Exception {
        RecordingSink sink = new RecordingSink(0);
        IntentGroupCommit log = new IntentGroupCommit(sink, "i1", 3, 16);
        try {
            List<Future<List<IntentGroupCommit.Ticket>>> callers = new ArrayList<>();
            for (int c = 0; c < 32; c++) {
                int caller = c;
                callers.add(pool.submit(() -> {
                    List<IntentGroupCommit.Ticket> mine = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        boolean sync = (i + caller) % 2 == 0;
                        IntentGroupCommit.Ticket t = log.begin("orders", Key.of((long) caller * 1000 + i), Direction.LEGACY_TO_NEW, sync);
                        if (sync) {
                            assertThat(t.id).isPositive();
                        }
                        mine.add(t);
                        if (i % 3 != 0) {
                            log.clear(t);
                        }
                    }
                    return mine;
                }));
            }
            List<IntentGroupCommit.Ticket> all = new ArrayList<>();
            for (Future<List<IntentGroupCommit.Ticket>> f : callers) {
                all.addAll(f.get(30, TimeUnit.SECONDS));
            }
            log.close();
            Set<Object> stored = sink.storedKeys();
            Set<Long> ids = new HashSet<>();
            for (IntentGroupCommit.Ticket t : all) {
                boolean kept = ((Long) t.key.get(0)) % 1000 % 3 == 0;
                if (t.waiter != null || kept) {
                    assertThat(stored).as("intent of key %s", t.key).contains(t.key.get(0));
                    assertThat(ids.add(t.id)).as("one id per intent").isTrue();
                }
            }
            Set<Long> deleted = new HashSet<>(sink.deleted);
            for (IntentGroupCommit.Ticket t : all) {
                boolean kept = ((Long) t.key.get(0)) % 1000 % 3 == 0;
                if (kept) {
                    assertThat(deleted).as("a kept intent is not deleted").doesNotContain(t.id);
                }
            }
            assertThat(sink.sizes().stream().mapToInt(Integer::intValue).max().orElse(0))
                    .as("concurrent callers shared batches").isGreaterThan(1);
        } finally {
            log.close();
        }
    }
}
