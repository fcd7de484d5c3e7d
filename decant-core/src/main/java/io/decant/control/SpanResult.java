package io.decant.control;

import io.decant.VerifyReport.Difference;
import java.util.List;

/**
 * What comparing one span found, as the control store keeps it when the span is done, or the sum
 * over the done spans of a run. Counts are of persistent differences.
 *
 * @param rows           source rows compared
 * @param missing        rows missing in the target
 * @param extra          rows in the target only
 * @param differing      rows whose mapped columns differ
 * @param repaired       differences repaired (and found equal afterwards)
 * @param inFlight       differences gone at the recheck
 * @param writtenSinceFlip persistent differences at keys written in NEW_ONLY (journaled, deferred): expected, not counted
 * @param spansDescended spans compared row by row (0 or 1 for one span)
 * @param differences    the first differences by key order (bounded by the run's sample limit)
 */
public record SpanResult(long rows, long missing, long extra, long differing, long repaired, long inFlight,
                         long writtenSinceFlip, long spansDescended, List<Difference> differences) {
    public static final SpanResult NONE = new SpanResult(0, 0, 0, 0, 0, 0, 0, 0, List.of());

    public SpanResult {
        differences = List.copyOf(differences);
    }

    public long differencesFound() {
        return missing + extra + differing;
    }
}
