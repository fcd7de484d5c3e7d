package io.decant.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.spi.Direction;
import io.decant.spi.Intent;
import io.decant.spi.Key;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IntentLogTest {

    /** Records batches; the first insert blocks until released, so callers pile up behind it. */
    static final class RecordingSink implements IntentLog.Sink {
        final List<Integer> insertBatches = Collections.synchronizedList(new ArrayList<>());
        final List<Long> deleted = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch firstInsertStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicLong ids = new AtomicLong();
        volatile boolean failInserts;

        @Override
        public long[] insert(List<Intent> intents) {
            firstInsertStarted.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (failInserts) {
                throw new IllegalStateException("control store down");
            }
            insertBatches.add(intents.size());
            long[] out = new long[intents.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = ids.incrementAndGet();
            }
            return out;
        }

        @Override
        public void delete(long[] ids) {
            for (long id : ids) {
                deleted.add(id);
            }
        }
    }

    @Test
    void concurrentWritersShareOneControlStoreWrite() throws Exception {
        RecordingSink sink = new RecordingSink();
        IntentLog log = new IntentLog(sink, "i1");
        ExecutorService pool = Executors.newFixedThreadPool(33);
        try {
            Future<?> first = pool.submit(() -> log.begin("orders", Key.of(0), Direction.LEGACY_TO_NEW, true));
            assertThat(sink.firstInsertStarted.await(5, TimeUnit.SECONDS)).isTrue();
            List<Future<IntentLog.Ticket>> waiting = new ArrayList<>();
            for (int i = 1; i <= 32; i++) {
                long k = i;
                waiting.add(pool.submit(() -> log.begin("orders", Key.of(k), Direction.LEGACY_TO_NEW, true)));
            }
            while (log.waiting() < 32) {
                Thread.sleep(1);
            }
            sink.release.countDown();
            first.get(5, TimeUnit.SECONDS);
            for (Future<IntentLog.Ticket> f : waiting) {
                assertThat(f.get(5, TimeUnit.SECONDS).id).isPositive();
            }
            assertThat(sink.insertBatches).containsExactly(1, 32);
        } finally {
            pool.shutdownNow();
            log.close();
        }
    }

    @Test
    void clearedIntentsAreDeletedInTheBackground() throws Exception {
        RecordingSink sink = new RecordingSink();
        sink.release.countDown();
        IntentLog log = new IntentLog(sink, "i1");
        IntentLog.Ticket a = log.begin("orders", Key.of(1), Direction.LEGACY_TO_NEW, true);
        IntentLog.Ticket b = log.begin("orders", Key.of(2), Direction.NEW_TO_LEGACY, true);
        log.clear(a);
        log.clear(b);
        log.close();
        assertThat(sink.deleted).containsExactlyInAnyOrder(a.id, b.id);
    }

    @Test
    void anAsynchronousIntentClearedBeforeItWasStoredIsNeverWritten() {
        RecordingSink sink = new RecordingSink();
        IntentLog log = new IntentLog(sink, "i1");
        IntentLog.Ticket blocker = log.begin("orders", Key.of(0), Direction.LEGACY_TO_NEW, false);
        try {
            sink.firstInsertStarted.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        IntentLog.Ticket quick = log.begin("orders", Key.of(1), Direction.LEGACY_TO_NEW, false);
        log.clear(quick);
        sink.release.countDown();
        log.clear(blocker);
        log.close();
        assertThat(sink.insertBatches).containsExactly(1);
        assertThat(sink.deleted).containsExactly(blocker.id);
    }

    @Test
    void aSynchronousCallerLearnsThatItsIntentCouldNotBeStored() {
        RecordingSink sink = new RecordingSink();
        sink.failInserts = true;
        sink.release.countDown();
        IntentLog log = new IntentLog(sink, "i1");
        try {
            assertThatThrownBy(() -> log.begin("orders", Key.of(1), Direction.LEGACY_TO_NEW, true))
                    .isInstanceOf(DecantException.class)
                    .satisfies(e -> assertThat(((DecantException) e).code()).isEqualTo(ErrorCode.FAILURE))
                    .hasMessageContaining("nothing was written")
                    .hasMessageContaining("control store down");
        } finally {
            log.close();
        }
    }
}
