package io.decant.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how long one read of a request body may block: a read that has waited longer than the
 * timeout gets its thread interrupted, which closes the JDK server's socket channel under it (an
 * interruptible channel), so a caller that stops sending cannot hold a handler thread forever.
 */
final class ReadWatchdog implements AutoCloseable {
    private final long timeoutNanos;
    private final Map<Thread, Long> reading = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    ReadWatchdog(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "decant-endpoint-read-watchdog");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(50, Math.min(1000, timeout.toMillis() / 4));
        timer.scheduleWithFixedDelay(this::interruptStalled, period, period, TimeUnit.MILLISECONDS);
    }

    private void interruptStalled() {
        long now = System.nanoTime();
        reading.forEach((thread, since) -> {
            if (now - since > timeoutNanos) {
                reading.remove(thread, since);
                thread.interrupt();
            }
        });
    }

    /** {@code in}, with each read bounded by the timeout. */
    InputStream watch(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                begin();
                try {
                    return super.read();
                } finally {
                    end();
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                begin();
                try {
                    return super.read(b, off, len);
                } finally {
                    end();
                }
            }
        };
    }

    private void begin() {
        reading.put(Thread.currentThread(), System.nanoTime());
    }

    private void end() throws IOException {
        if (reading.remove(Thread.currentThread()) == null && Thread.interrupted()) {
            throw new IOException("the request body stalled past the read timeout");
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
