package io.decant.internal.backfill;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.Phase;
import io.decant.config.Durations;
import io.decant.control.ControlStore;
import io.decant.control.InstanceStatus;
import io.decant.control.MigrationState;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * When a backfill may run: the migration dual-writes with legacy authoritative (DUAL_WRITE or
 * SHADOW_READ), and every live instance acknowledged a phase version at or after the one that
 * entered DUAL_WRITE. Otherwise a lagging instance could still write legacy only, and its rows
 * written after a chunk was copied would never reach the target.
 */
final class BackfillPreconditions {
    private BackfillPreconditions() {
    }

    /** Throws GUARD_REFUSED, saying why and what to do, unless the backfill may start. Writes nothing. */
    static void require(ControlStore control, MigrationState state, Duration deadAfter) {
        String m = state.migration();
        Phase phase = state.phase();
        if (phase == Phase.LEGACY_ONLY) {
            throw refused("migration " + m + " is in LEGACY_ONLY (version " + state.version() + "); the backfill runs"
                    + " only while every write also reaches the new store, or rows written during the copy would be"
                    + " missed. Move it to DUAL_WRITE first: decant advance " + m, List.of());
        }
        if (!phase.legacyIsAuthoritative()) {
            throw refused("migration " + m + " is in " + phase + " (version " + state.version() + "); from READ_NEW on"
                    + " the new store is authoritative, and copying legacy rows over it could overwrite newer data."
                    + " To backfill again, roll back to DUAL_WRITE first: decant rollback " + m
                    + " --to DUAL_WRITE --reason \"…\"", List.of());
        }
        List<InstanceStatus> live = control.instances().list(m).stream().filter(i -> i.isLive(deadAfter)).toList();
        List<InstanceStatus> lagging = live.stream().filter(i -> i.ackedVersion() < state.dualWriteVersion()).toList();
        if (!lagging.isEmpty()) {
            List<String> lines = lagging.stream().map(i -> i.instanceId() + " on " + i.host() + " (pid " + i.pid()
                    + ") acts on version " + i.ackedVersion() + (i.ackedPhase() == null ? "" : " (" + i.ackedPhase() + ")")
                    + ", heartbeat " + Durations.format(i.heartbeatAge()) + " ago").toList();
            throw refused(lagging.size() + " of " + live.size() + " live instances of " + m + " have not acknowledged"
                    + " DUAL_WRITE (version " + state.dualWriteVersion() + "): "
                    + lagging.stream().map(InstanceStatus::instanceId).collect(Collectors.joining(", "))
                    + "; they may still write legacy only. Wait for them (decant status " + m + ") or stop them;"
                    + " an instance silent for " + Durations.format(deadAfter) + " counts as dead", lines);
        }
    }

    private static DecantException refused(String message, List<String> details) {
        return new DecantException(ErrorCode.GUARD_REFUSED, "backfill refused: " + message, details, null);
    }
}
