package io.decant;

import io.decant.spi.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A verification's outcome. Counts are of persistent differences: each was seen, then seen
 * again after the recheck delay. With repair, {@code repaired} of them were copied from the
 * authoritative store and compared equal afterwards; {@link #remaining()} is what is left.
 *
 * @param migration       the migration
 * @param phaseVersion    the phase version it ran under
 * @param fullTable       whether every row was compared (a key range or key list is not evidence for the guards)
 * @param startedAt       when it started
 * @param elapsed         how long it took
 * @param rowsCompared    source rows compared (target rows beyond them are found as extra)
 * @param missingInTarget rows in the source only
 * @param extraInTarget   rows in the target only
 * @param differing       rows in both whose mapped columns differ
 * @param repaired        differences repaired and found equal afterwards
 * @param samples         the first differences by key order, at most the requested number
 * @param spans           key spans compared
 * @param spansDescended  spans whose digests differed, compared row by row
 * @param inFlight        differences seen once that were gone at the recheck (in-flight writes)
 * @param writtenSinceFlip in NEW_ONLY: differences at keys written since the authority flip — the legacy store
 *                        is no longer written, so they are expected; kept journaled for a rollback, not counted
 *                        as differences
 * @param inDatabase      true when rows were hashed inside the databases; false when they were
 *                        streamed and compared in Java (JSON, floating point, a row mapper)
 */
public record VerifyReport(String migration, long phaseVersion, boolean fullTable, Instant startedAt, Duration elapsed,
                           long rowsCompared, long missingInTarget, long extraInTarget, long differing, long repaired,
                           List<Difference> samples, long spans, long spansDescended, long inFlight, long writtenSinceFlip,
                           boolean inDatabase) {

    /** The kinds of difference. */
    public enum Kind {
        /** The source holds the key, the target does not. */
        MISSING_IN_TARGET,
        /** The target holds the key, the source does not. */
        EXTRA_IN_TARGET,
        /** Both hold the key; the named mapped (target) columns differ. */
        DIFFERING_COLUMNS
    }

    /**
     * One persistent difference.
     *
     * @param kind     what differs
     * @param key      the row's key
     * @param columns  for DIFFERING_COLUMNS, the target columns that differ; else empty
     * @param repaired whether --repair fixed it
     */
    public record Difference(Kind kind, Key key, List<String> columns, boolean repaired) {
        public Difference {
            columns = List.copyOf(columns);
        }
    }

    public VerifyReport {
        samples = List.copyOf(samples);
    }

    /** Persistent differences found (before any repair). */
    public long differences() {
        return missingInTarget + extraInTarget + differing;
    }

    /** Differences left after repair. */
    public long remaining() {
        return differences() - repaired;
    }

    /** True when nothing persistent remains. */
    public boolean clean() {
        return remaining() == 0;
    }

    /** Source rows compared per second. */
    public double rowsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? rowsCompared : rowsCompared / seconds;
    }

    public Instant finishedAt() {
        return startedAt.plus(elapsed);
    }
}
