package io.decant.demo.bench;

import io.decant.DecantException;
import io.decant.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A closed-loop load: {@code threads} threads each call the operation back to back with a random key
 * from {@code 1..keys}, first for the warm-up (not recorded), then for the measured window, recording
 * each call's latency. All threads share one clock: the window starts and ends at the same instant
 * for every thread.
 */
final class TimedLoad {
    /** One call of the measured operation. */
    interface Operation {
        void call(long key);
    }

    /** What a measured window gave. */
    record Result(String name, int threads, double seconds, Latencies latencies, long errors, String firstError) {
        double callsPerSecond() {
            return latencies.count() / seconds;
        }
    }

    private TimedLoad() {
    }

    static Result run(String name, int threads, long keys, Duration warmup, Duration measured, Operation op) {
        long start = System.nanoTime() + 50_000_000L; // every thread started by then
        long measureFrom = start + warmup.toNanos();
        long measureTo = measureFrom + measured.toNanos();
        List<Latencies> perThread = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        String[] firstError = new String[1];
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Latencies mine = new Latencies();
            perThread.add(mine);
            Thread t = new Thread(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                for (long wait; (wait = start - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(wait);
                }
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= measureTo) {
                        return;
                    }
                    try {
                        op.call(rnd.nextLong(1, keys + 1));
                    } catch (RuntimeException e) {
                        if (errors.incrementAndGet() == 1) {
                            synchronized (firstError) {
                                firstError[0] = e.toString();
                            }
                        }
                        continue;
                    }
                    long t1 = System.nanoTime();
                    if (t0 >= measureFrom && t1 <= measureTo) {
                        mine.add(t1 - t0);
                    }
                }
            }, "bench-" + name + "-" + i);
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DecantException(ErrorCode.FAILURE, "interrupted while measuring " + name, e);
            }
        }
        Latencies all = new Latencies();
        perThread.forEach(all::addAll);
        synchronized (firstError) {
            return new Result(name, threads, measured.toNanos() / 1e9, all, errors.get(), firstError[0]);
        }
    }
}
