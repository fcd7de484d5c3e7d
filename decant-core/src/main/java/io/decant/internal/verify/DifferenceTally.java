package io.decant.internal.verify;

import io.decant.VerifyReport.Difference;
import io.decant.spi.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Counts persistent differences by kind and keeps the first few by key order. Thread-safe. */
final class DifferenceTally {
    private final int sampleLimit;
    private final TreeMap<Key, Difference> samples = new TreeMap<>();
    private long missing;
    private long extra;
    private long differing;
    private long repaired;
    private long inFlight;

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
        if (sampleLimit > 0 && (samples.size() < sampleLimit || d.key().compareTo(samples.lastKey()) < 0)) {
            samples.put(d.key(), d);
            if (samples.size() > sampleLimit) {
                samples.pollLastEntry();
            }
        }
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

    synchronized long extra() {
        return extra;
    }

    synchronized long differing() {
        return differing;
    }

    synchronized long repaired() {
        return repaired;
    }

    synchronized long inFlight() {
        return inFlight;
    }

    synchronized List<Difference> samples() {
        return new ArrayList<>(samples.values());
    }
}
