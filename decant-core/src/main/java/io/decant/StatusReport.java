package io.decant;

import io.decant.control.AuditEntry;
import io.decant.control.BackfillRecord;
import io.decant.control.VerificationRecord;
import java.time.Instant;
import java.util.List;

/**
 * A migration's state as {@code decant status} shows it. A tree of records: Jackson serializes it
 * for {@code status --json} (times as {@link Instant}, ages in milliseconds).
 *
 * @param migration     the migration
 * @param phase         the current phase
 * @param version       the current phase version
 * @param changedAt     when the phase last changed
 * @param instances     library instances registered for the migration
 * @param backfill      the latest backfill, or null when none ran
 * @param verification  the latest verification with its freshness, or null when none ran
 * @param verifyRun     the current full-table verification run while it is unfinished, or null
 * @param shadow        shadow comparisons under the current phase version
 * @param journalDepth  keys waiting for repair
 * @param deferredDepth keys written in NEW_ONLY, kept for a rollback
 * @param staleIntents  dual writes that may have been interrupted (resolved by repair)
 * @param audit         the newest audit lines, newest first (at most 10)
 * @param mismatches    the newest sampled shadow mismatches, newest first (at most 5)
 */
public record StatusReport(String migration, Phase phase, long version, Instant changedAt, List<Instance> instances,
                           BackfillRecord backfill, Verification verification, VerifyRun verifyRun, Shadow shadow, long journalDepth,
                           long deferredDepth, long staleIntents, List<AuditEntry> audit, List<Mismatch> mismatches) {
    public StatusReport {
        instances = List.copyOf(instances);
        audit = List.copyOf(audit);
        mismatches = List.copyOf(mismatches);
    }

    /**
     * A library instance.
     *
     * @param live whether its heartbeat is younger than {@code instances.dead-after}
     */
    public record Instance(String instanceId, String host, long pid, Phase ackedPhase, long ackedVersion,
                           long heartbeatAgeMillis, boolean live) {
    }

    /**
     * The latest verification.
     *
     * @param record    as stored
     * @param fresh     whether it counts as evidence: ran over the full table, under the current phase
     *                  version, within {@code verify.max-age}
     * @param staleness why it does not count (null when fresh), e.g. "stale: ran under version 3, current 4"
     */
    public record Verification(VerificationRecord record, boolean fresh, String staleness) {
    }

    /**
     * An unfinished full-table verification run, over every process working on it.
     *
     * @param runId        the run
     * @param phaseVersion the phase version it started under
     * @param startedAt    when it started
     * @param spansPlanned spans planned so far
     * @param spansTotal   spans in the run, or -1 while they are still being planned
     * @param spansDone    spans compared
     * @param spansLeased  spans a worker holds now
     * @param rowsCompared source rows compared by the done spans
     */
    public record VerifyRun(long runId, long phaseVersion, Instant startedAt, int spansPlanned, int spansTotal, int spansDone,
                            int spansLeased, long rowsCompared) {
    }

    /** Shadow comparisons seen under {@code phaseVersion}: four separate counts and their consistency. */
    public record Shadow(long phaseVersion, long matched, long mismatched, long ignored, long errored, double consistency) {
    }

    /** A sampled shadow mismatch with both values as text. */
    public record Mismatch(String key, long phaseVersion, String legacyValue, String newValue, Instant at) {
    }
}
