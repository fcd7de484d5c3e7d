package io.decant.control;

import java.time.Instant;

/**
 * How a migration's key space was cut into chunks for the backfill, as the control store keeps it.
 * A plan stays valid while the migration stays in the dual-write stint it was made in: after a
 * rollback to LEGACY_ONLY and a new DUAL_WRITE, writes were missed, so the backfill plans again.
 *
 * @param migration        the migration
 * @param planId           grows with every new plan; leases of an older plan are void
 * @param phaseVersion     the phase version the backfill started under
 * @param dualWriteVersion the migration's {@link MigrationState#dualWriteVersion()} when it was planned
 * @param chunkRows        rows per chunk when it was planned
 * @param chunksTotal      chunks in the plan
 * @param rowsEstimate     rows expected in all (from walking the key index)
 * @param startedAt        when the plan was made (control store clock)
 * @param completedAt      when every chunk was done, or null
 */
public record BackfillPlan(String migration, long planId, long phaseVersion, long dualWriteVersion, int chunkRows,
                           int chunksTotal, long rowsEstimate, Instant startedAt, Instant completedAt) {
    public boolean completed() {
        return completedAt != null;
    }
}
