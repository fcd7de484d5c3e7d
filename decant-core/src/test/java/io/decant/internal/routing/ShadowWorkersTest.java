package io.decant.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class ShadowWorkersTest {

    static void awaitCount(LongAdder done, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (done.sum() < n && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(done.sum()).isEqualTo(n);
    }

    @Test
    void everyTaskOfferedByManyThreadsRunsOnceOnAWorker() throws Exception {
        LongAdder done = new LongAdder();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicLong offered = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        try (ShadowWorkers w = new ShadowWorkers("test-shadow", 4, 1 << 20)) {
            List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < 8; p++) {
                int producer = p;
                Thread t = new Thread(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        boolean ok = w.offer(() -> {
                            threads.add(Thread.currentThread().getName());
                            done.increment();
                        });
                        (ok ? offered : refused).incrementAndGet();
                        if (i % 2_000 == producer) {
                            // quiet spells let the workers stop spinning and park; later work must still wake one
                            try {
                                Thread.sleep(5 + producer);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }
                });
                producers.add(t);
                t.start();
            }
            for (Thread t : producers) {
                t.join();
            }
            assertThat(refused.get()).isZero();
            assertThat(offered.get()).isEqualTo(8 * 20_000);
            awaitCount(done, offered.get());
            assertThat(threads).allMatch(n -> n.startsWith("test-shadow-"));
        }
    }

    @Test
    void workOfferedAfterEveryWorkerParkedIsStillRun() throws Exception {
        LongAdder done = new LongAdder();
        try (ShadowWorkers w = new ShadowWorkers("test-shadow", 2, 16)) {
            for (int i = 1; i <= 5; i++) {
                assertThat(w.offer(done::increment)).isTrue();
                awaitCount(done, i);
                // longer than a worker keeps looking (5 looks, 1 ms apart): every worker is parked again
                Thread.sleep(30);
            }
        }
    }

    @Test
    void whenFullTheWorkIsRefusedAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        LongAdder done = new LongAdder();
        try (ShadowWorkers w = new ShadowWorkers("test-shadow", 1, 3)) {
            for (int i = 0; i < 3; i++) {
                assertThat(w.offer(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    done.increment();
                })).isTrue();
            }
            assertThat(w.offer(done::increment)).as("a fourth task while three are held").isFalse();
            release.countDown();
            awaitCount(done, 3);
            assertThat(w.offer(done::increment)).as("room again").isTrue();
            awaitCount(done, 4);
        }
    }

    @Test
    void aFailingTaskDoesNotStopItsWorker() throws Exception {
        LongAdder done = new LongAdder();
        try (ShadowWorkers w = new ShadowWorkers("test-shadow", 1, 8)) {
            w.offer(() -> {
                throw new IllegalStateException("boom");
            });
            w.offer(done::increment);
            awaitCount(done, 1);
        }
    }
}
