package io.decant.demo.bench;

import java.util.Arrays;

/**
 * Latencies of calls in nanoseconds, appended by one thread (merge them after the run): mean and
 * nearest-rank percentiles.
 */
final class Latencies {
    private long[] values = new long[4096];
    private int size;
    private boolean sorted = true;

    void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
        sorted = false;
    }

    /** Adds all of {@code other}'s values to this one. */
    void addAll(Latencies other) {
        if (size + other.size > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, size + other.size));
        }
        System.arraycopy(other.values, 0, values, size, other.size);
        size += other.size;
        sorted = false;
    }

    int count() {
        return size;
    }

    double meanNanos() {
        if (size == 0) {
            throw new IllegalStateException("no latencies recorded");
        }
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += values[i];
        }
        return sum / size;
    }

    /** The nearest-rank percentile {@code p} (0 < p <= 100): the smallest value at or above p % of the values. */
    long percentile(double p) {
        if (size == 0) {
            throw new IllegalStateException("no latencies recorded");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile " + p + " is out of range (0, 100]");
        }
        if (!sorted) {
            Arrays.sort(values, 0, size);
            sorted = true;
        }
        int rank = (int) Math.ceil(p / 100 * size);
        return values[Math.max(0, Math.min(size, rank) - 1)];
    }

    long median() {
        return percentile(50);
    }
}
