package io.decant.internal.verify;

import io.decant.VerifyReport.Difference;
import io.decant.control.SpanResult;
import io.decant.spi.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Counts persistent differences by kind and keeps the first few by key order: for one span, or
 * summed over the spans of a run in this process. Thread-safe.
 */
final class DifferenceTally {
    private final int sampleLimit;
    private final TreeMap<Key, Difference> samples = new TreeMap<>();
    private long rows;
    private long missing;
    private long extra;
    private long differing;
    private long repaired;
    private long inFlight;
    private long writtenSinceFlip;
    private long descended;

    DifferenceTally(int sampleLimit) {
        this.sampleLimit = sampleLimit;
    }

    synchronized void add(Difference d) {
        switch (d.kind()) {
            case MISSING_IN_TARGET -> missing++;
            case EXTRA_IN_TARGET -> extra++;
            case DIFFERING_COLUMNS -> differing++;
        }
        if (d.repaired()) {
            repaired++;
        }
        sample(d);
    }

    private void sample(Difference d) {
        if (sampleLimit > 0 && (samples.size() < sampleLimit || d.key().compareTo(samples.lastKey()) < 0)) {
            samples.put(d.key(), d);
            if (samples.size() > sampleLimit) {
                samples.pollLastEntry();
            }
        }
    }

    /** Adds a span's result: its counts, and its differences to the samples. */
    synchronized void add(SpanResult r) {
        rows += r.rows();
        missing += r.missing();
        extra += r.extra();
        differing += r.differing();
        repaired += r.repaired();
        inFlight += r.inFlight();
        writtenSinceFlip += r.writtenSinceFlip();
        descended += r.spansDescended();
        r.differences().forEach(this::sample);
    }

    /** Persistent differences at keys written in NEW_ONLY: expected to differ, not counted as differences. */
    synchronized void writtenSinceFlip(long n) {
        writtenSinceFlip += n;
    }

    /** A candidate that was gone at the recheck. */
    synchronized void passed(long n) {
        inFlight += n;
    }

    /** Whether a difference at this key would make it into the samples (so its columns are worth naming). */
    synchronized boolean wouldSample(Key key) {
        return sampleLimit > 0 && (samples.size() < sampleLimit || key.compareTo(samples.lastKey()) < 0);
    }

    synchronized long missing() {
        return missing;
    }

    synchronized long differing() {
        return differing;
    }

    synchronized long repaired() {
        return repaired;
    }

    synchronized List<Difference> samples() {
        return new ArrayList<>(samples.values());
    }

    /** One span's result: these counts over {@code spanRows} source rows. */
    synchronized SpanResult result(long spanRows, boolean spanDescended) {
        return new SpanResult(spanRows, missing, extra, differing, repaired, inFlight, writtenSinceFlip, spanDescended ? 1 : 0, samples());
    }

    /** The sum of the spans added. */
    synchronized SpanResult sum() {
        return new SpanResult(rows, missing, extra, differing, repaired, inFlight, writtenSinceFlip, descended, samples());
    }
}
