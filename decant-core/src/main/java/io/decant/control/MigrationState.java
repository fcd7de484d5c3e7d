package io.decant.control;

import io.decant.Phase;
import java.time.Instant;

/**
 * A migration's phase as the control store holds it.
 *
 * @param migration        the migration's name
 * @param phase            the current phase
 * @param version          grows by one with every phase change, forward or back
 * @param changedAt        when the phase last changed (control store clock)
 * @param dualWriteVersion the version at which the migration last entered DUAL_WRITE from LEGACY_ONLY
 *                         (0 if never); a backfill counts for the SHADOW_READ guard only if it started
 *                         under this version or later
 */
public record MigrationState(String migration, Phase phase, long version, Instant changedAt, long dualWriteVersion) {
}
