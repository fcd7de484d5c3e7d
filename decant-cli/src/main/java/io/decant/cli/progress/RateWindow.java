package io.decant.cli.progress;

import java.util.ArrayDeque;

/**
 * A rate over a moving window of recent samples, so one slow or fast moment does not swing it.
 * Not thread-safe; {@link ProgressBar} guards it.
 */
final class RateWindow {
    private record Sample(long nanos, long done) {
    }

    private final long windowNanos;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    RateWindow(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    void add(long nanos, long done) {
        Sample last = samples.peekLast();
        if (last != null && done < last.done()) {
            samples.clear();
        }
        samples.addLast(new Sample(nanos, done));
        // keep one sample older than the window so the window is always fully covered
        while (samples.size() > 2) {
            Sample first = samples.pollFirst();
            if (nanos - samples.peekFirst().nanos() < windowNanos) {
                samples.addFirst(first);
                break;
            }
        }
    }

    /** Units per second over the window, or -1 while there is not yet enough to say. */
    double perSecond() {
        if (samples.size() < 2) {
            return -1;
        }
        Sample first = samples.peekFirst();
        Sample last = samples.peekLast();
        long nanos = last.nanos() - first.nanos();
        if (nanos <= 0) {
            return -1;
        }
        return (last.done() - first.done()) * 1e9 / nanos;
    }

    void clear() {
        samples.clear();
    }
}
