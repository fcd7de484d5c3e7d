package io.decant.http;

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
 * Bounds how long one read of a reply's body may wait for the service: the JDK's HTTP client
 * bounds only the wait for a reply to start, so a service (or a network) that stops sending in the
 * middle of a body would hold the caller for ever. A read that has waited longer than the limit
 * gets its body closed under it (which wakes the read) and fails with {@link Silent}; time the
 * caller spends between reads (handling what it read) does not count.
 */
final class SilenceWatch implements AutoCloseable {
    private final Duration limit;
    private final long limitNanos;
    /** Bodies being read now → when that read began. */
    private final Map<Watched, Long> reading = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    SilenceWatch(Duration limit) {
        this.limit = limit;
        this.limitNanos = limit.toNanos();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "decant-http-silence-watch");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(20, Math.min(1000, limit.toMillis() / 4));
        timer.scheduleWithFixedDelay(this::closeSilent, period, period, TimeUnit.MILLISECONDS);
    }

    Duration limit() {
        return limit;
    }

    private void closeSilent() {
        long now = System.nanoTime();
        reading.forEach((body, since) -> {
            if (now - since > limitNanos && reading.remove(body, since)) {
                body.silenced();
            }
        });
    }

    /** {@code body}, each read bounded by the limit. */
    InputStream watch(InputStream body) {
        return new Watched(body);
    }

    /** A read of a reply's body waited longer than the limit. */
    static final class Silent extends IOException {
        private static final long serialVersionUID = 1L;

        Silent(Duration limit) {
            super("the service sent nothing for " + format(limit) + " (the store's read-timeout)");
        }

    }

    /** e.g. {@code 10 min}, {@code 30 s}, {@code 250 ms}. */
    static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 60_000 == 0 ? ms / 60_000 + " min" : ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    private final class Watched extends FilterInputStream {
        private volatile boolean silenced;

        Watched(InputStream in) {
            super(in);
        }

        void silenced() {
            silenced = true;
            try {
                in.close(); // wakes the read blocked on it
            } catch (IOException ignored) {
                // closed either way
            }
        }

        @Override
        public int read() throws IOException {
            begin();
            int b;
            try {
                b = super.read();
            } catch (IOException e) {
                throw silenced ? new Silent(limit) : e;
            } finally {
                end();
            }
            if (silenced) {
                throw new Silent(limit);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            begin();
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException e) {
                throw silenced ? new Silent(limit) : e;
            } finally {
                end();
            }
            if (silenced) {
                throw new Silent(limit); // a closed body may read as its end: it was cut, not complete
            }
            return n;
        }

        private void begin() throws IOException {
            if (silenced) {
                throw new Silent(limit);
            }
            reading.put(this, System.nanoTime());
        }

        private void end() {
            reading.remove(this);
        }

        @Override
        public void close() throws IOException {
            reading.remove(this);
            super.close();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
