package io.decant;

import java.time.Duration;

/**
 * What a backfill run did.
 *
 * @param migration     the migration
 * @param phaseVersion  the phase version the backfill (its plan) started under
 * @param completed     every chunk of the plan is done (by this process or others)
 * @param resumed       the run continued checkpoints of an earlier run
 * @param rowsCopied    rows this process copied
 * @param chunksCopied  chunks this process copied
 * @param chunksMerged  of those, chunks that met target rows and were merged with the version guard
 * @param chunksRedone  of those, chunks read from a snapshot whose check found rows written since,
 *                      copied again share-locked
 * @param rowsTotal     rows copied by every run of the plan
 * @param chunksTotal   chunks in the plan
 * @param workers       workers this process ran
 * @param method        how the rows travelled (e.g. {@code binary COPY pipe})
 * @param elapsed       how long this run took
 */
public record BackfillResult(String migration, long phaseVersion, boolean completed, boolean resumed, long rowsCopied,
                             long chunksCopied, long chunksMerged, long chunksRedone, long rowsTotal, long chunksTotal, int workers,
                             String method, Duration elapsed) {
    /** Rows per second of this run. */
    public double rowsPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s <= 0 ? 0 : rowsCopied / s;
    }
}
