package io.decant.control;

import java.time.Instant;

/**
 * A backfill run as stored for the guards and for {@code status}.
 *
 * @param migration     the migration
 * @param phaseVersion  the phase version it started under
 * @param startedAt     when it started
 * @param completedAt   when every chunk was done, or null while running
 * @param rowsCopied    rows written to the target so far
 * @param rowsEstimate  rows expected in all (an estimate)
 * @param chunksDone    chunks done
 * @param chunksTotal   chunks in all
 */
public record BackfillRecord(String migration, long phaseVersion, Instant startedAt, Instant completedAt,
                             long rowsCopied, long rowsEstimate, long chunksDone, long chunksTotal) {
    public boolean completed() {
        return completedAt != null;
    }
}
