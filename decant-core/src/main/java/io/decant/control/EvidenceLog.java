package io.decant.control;

import java.util.List;
import java.util.Optional;

/**
 * The evidence the guards read: shadow-read counts per phase version, sampled mismatches, the
 * latest verification and backfill. Every method is atomic; times
 * come from the control store's clock, so instances on different hosts agree.
 */
public interface EvidenceLog {
    /** Adds counts seen under a phase version (instances flush their counters periodically). */
    void addShadowCounts(String migration, long phaseVersion, ShadowCounts delta);

    /** Counts seen under a phase version. */
    ShadowCounts shadowCounts(String migration, long phaseVersion);

    /** Keeps a mismatch with both values (the store keeps only the newest few hundred per migration). */
    void sampleMismatch(MismatchSample sample);

    /** The newest sampled mismatches, newest first. */
    List<MismatchSample> mismatchSamples(String migration, int limit);

    /** Stores a verification's outcome; returns its id. */
    long recordVerification(VerificationRecord record);

    /** The newest stored verification. */
    Optional<VerificationRecord> latestVerification(String migration);

    /** Stores or replaces the migration's current backfill record. */
    void recordBackfill(BackfillRecord record);

    /** The migration's current backfill record. */
    Optional<BackfillRecord> latestBackfill(String migration);
}
