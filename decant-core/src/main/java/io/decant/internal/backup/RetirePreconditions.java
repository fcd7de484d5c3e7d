package io.decant.internal.backup;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.Phase;
import io.decant.config.Durations;
import io.decant.config.InstanceSettings;
import io.decant.config.VerifySettings;
import io.decant.control.ControlStore;
import io.decant.control.InstanceStatus;
import io.decant.control.MigrationState;
import io.decant.control.VerificationRecord;
import io.decant.internal.phase.Freshness;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What must hold before legacy rows may be deleted: the migration is in NEW_ONLY, every live
 * instance acknowledged that phase version, the latest verification is clean, full and fresh, and
 * the repair journal is empty (deferred NEW_ONLY entries do not count: they are kept for a
 * rollback after a restore). Every unmet condition is named, with its evidence.
 */
final class RetirePreconditions {
    private final ControlStore control;
    private final InstanceSettings instances;
    private final VerifySettings verify;

    RetirePreconditions(ControlStore control, InstanceSettings instances, VerifySettings verify) {
        this.control = control;
        this.instances = instances;
        this.verify = verify;
    }

    /** Throws GUARD_REFUSED listing every unmet condition; otherwise returns the evidence lines. */
    List<String> require(MigrationState state) {
        List<String> unmet = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        String m = state.migration();
        if (state.phase() != Phase.NEW_ONLY) {
            unmet.add("phase: the migration is in " + state.phase() + " (version " + state.version()
                    + "); retire needs NEW_ONLY" + (state.phase() == Phase.RETIRED ? " (it is already retired)"
                    : "; advance it first"));
        } else {
            evidence.add("phase: NEW_ONLY at version " + state.version());
        }
        List<InstanceStatus> live = control.instances().list(m).stream().filter(i -> i.isLive(instances.deadAfter())).toList();
        List<InstanceStatus> lagging = live.stream().filter(i -> i.ackedVersion() != state.version()).toList();
        if (!lagging.isEmpty()) {
            unmet.add("barrier: " + lagging.size() + " of " + live.size() + " live instances have not acknowledged version "
                    + state.version() + ": " + lagging.stream().map(i -> i.instanceId() + "@" + i.host() + " on version "
                    + i.ackedVersion() + (i.ackedPhase() == null ? "" : " (" + i.ackedPhase() + ")"))
                    .collect(Collectors.joining(", ")));
        } else {
            evidence.add("barrier: all " + live.size() + " live instances acknowledged version " + state.version());
        }
        String verification = verification(control.evidence().latestVerification(m), state, control.now());
        if (verification.startsWith("ok ")) {
            evidence.add("verify: " + verification.substring(3));
        } else {
            unmet.add("verify: " + verification);
        }
        long depth = control.journal().depth(m);
        if (depth > 0) {
            unmet.add("journal: " + depth + " keys wait for repair (expected 0); run 'decant repair " + m + "'");
        } else {
            evidence.add("journal: empty (" + control.journal().deferredDepth(m) + " deferred NEW_ONLY keys kept for a rollback)");
        }
        if (!unmet.isEmpty()) {
            throw new DecantException(ErrorCode.GUARD_REFUSED, "retire " + m + " refused: " + unmet.size()
                    + (unmet.size() == 1 ? " condition is" : " conditions are") + " not met; nothing was deleted", unmet, null);
        }
        return evidence;
    }

    private String verification(Optional<VerificationRecord> latest, MigrationState state, Instant now) {
        if (latest.isEmpty()) {
            return "no verification was recorded; run 'decant verify " + state.migration() + "' first";
        }
        VerificationRecord v = latest.get();
        Instant finished = v.finishedAt() != null ? v.finishedAt() : v.startedAt();
        Duration age = finished == null ? Duration.ZERO : Duration.between(finished, now);
        String seen = "latest verification (id " + v.id() + ", phase version " + v.phaseVersion() + ") finished "
                + Durations.format(age.isNegative() ? Duration.ZERO : age.truncatedTo(ChronoUnit.SECONDS)) + " ago";
        if (!v.clean()) {
            return seen + " found " + v.missingInTarget() + " missing, " + v.extraInTarget() + " extra and "
                    + v.differing() + " differing rows (" + v.repaired() + " repaired); it must be clean";
        }
        Freshness freshness = Freshness.of(v, state, now, verify.maxAge());
        if (!freshness.fresh()) {
            return seen + " is clean but " + freshness.reason() + "; run 'decant verify " + state.migration() + "'";
        }
        return "ok " + seen + ", clean over " + v.rowsCompared() + " rows";
    }
}
