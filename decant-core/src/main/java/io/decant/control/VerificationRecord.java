package io.decant.control;

import java.time.Instant;

/**
 * A verification's outcome as stored for the guards.
 *
 * @param id            assigned by the control store (0 before stored)
 * @param migration     the migration
 * @param phaseVersion  the phase version it ran under
 * @param startedAt     when it started
 * @param finishedAt    when it finished
 * @param fullTable     whether it covered every row (a key range or key list does not count as evidence)
 * @param rowsCompared  rows compared
 * @param missingInTarget persistent rows missing in the target
 * @param extraInTarget   persistent rows in the target but not the source
 * @param differing       persistent rows whose columns differ
 * @param repaired        differences repaired (with --repair)
 */
public record VerificationRecord(long id, String migration, long phaseVersion, Instant startedAt, Instant finishedAt,
                                 boolean fullTable, long rowsCompared, long missingInTarget, long extraInTarget,
                                 long differing, long repaired) {
    /** Clean when nothing persistent remains (after any repair). */
    public boolean clean() {
        return missingInTarget + extraInTarget + differing - repaired <= 0;
    }
}
