package io.decant.internal.phase;

import io.decant.AdvanceRequest;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.GuardResult;
import io.decant.Phase;
import io.decant.PhaseChange;
import io.decant.RepairResult;
import io.decant.config.MigrationConfig;
import io.decant.spi.AuditEntry;
import io.decant.spi.ControlStore;
import io.decant.spi.MigrationState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Moves one migration's phase: forward step by step behind the guards, or back with a reason.
 * Every change is a compare-and-set on the phase version with its audit line, so two operators
 * cannot race; a refused step changes nothing.
 */
public final class PhaseMover {
    private static final Duration DRAIN_SETTLE = Duration.ofSeconds(2);
    private final ControlStore control;
    private final MigrationConfig migration;
    private final Function<MigrationState, GuardEvidence> evidence;
    private final Supplier<RepairResult> drain;
    private final Barrier barrier;

    /**
     * @param evidence the guards' evidence for a state (fetched lazily)
     * @param drain    drains the repair journal once (used when moving back across the authority flip)
     */
    public PhaseMover(ControlStore control, MigrationConfig migration, Function<MigrationState, GuardEvidence> evidence,
                      Supplier<RepairResult> drain, Barrier barrier) {
        this.control = control;
        this.migration = migration;
        this.evidence = evidence;
        this.drain = drain;
        this.barrier = barrier;
    }

    private MigrationState state() {
        return control.state(migration.name()).orElseThrow(() -> DecantException.badConfig("migration " + migration.name()
                + " is not registered in the control store; run decant init"));
    }

    public List<PhaseChange> advance(AdvanceRequest req) {
        MigrationState state = state();
        String name = migration.name();
        if (req.force() && blank(req.reason())) {
            throw DecantException.badConfig("--force needs --reason: say why the guards may be overridden (it is audited)");
        }
        Optional<Phase> next = state.phase().next();
        Phase to = req.to().orElse(next.orElse(Phase.RETIRED));
        if (state.phase() == Phase.RETIRED) {
            throw DecantException.badConfig("migration " + name + " is RETIRED; there is no phase after it");
        }
        if (to == Phase.RETIRED) {
            throw DecantException.badConfig("advance does not move to RETIRED: the legacy rows must be backed up first;"
                    + " use decant backup " + name + " --out FILE, then decant retire " + name + " --backup FILE");
        }
        if (to == state.phase()) {
            throw DecantException.badConfig("migration " + name + " is already in " + to + " (version " + state.version() + ")");
        }
        if (to.isBefore(state.phase())) {
            throw DecantException.badConfig(to + " is before " + name + "'s current phase " + state.phase()
                    + "; use decant rollback " + name + " --to " + to + " --reason \"…\"");
        }
        List<PhaseChange> changes = new ArrayList<>();
        while (state.phase().isBefore(to)) {
            Phase step = state.phase().next().orElseThrow();
            List<GuardResult> guards = Guards.evaluate(step, migration, evidence.apply(state));
            List<GuardResult> failed = guards.stream().filter(g -> !g.passed()).toList();
            if (!failed.isEmpty() && !req.force()) {
                String done = changes.isEmpty() ? "" : " (moved to " + state.phase() + " at version " + state.version()
                        + " before this step)";
                throw new DecantException(ErrorCode.GUARD_REFUSED, "advance of " + name + " to " + step + " refused: "
                        + failed.size() + (failed.size() == 1 ? " guard failed" : " guards failed") + done + "; fix the evidence,"
                        + " or override with --force --reason \"…\"", failed.stream().map(GuardResult::toString).toList(), null);
            }
            String detail = !req.force() ? null : failed.isEmpty() ? "forced; no guard needed overriding"
                    : "overridden guards: " + String.join("; ", failed.stream().map(GuardResult::toString).toList());
            AuditEntry audit = new AuditEntry(0, name, null, req.actor(), "advance", state.phase(), step, state.version() + 1,
                    blank(req.reason()) ? null : req.reason(), req.force(), detail);
            MigrationState moved = transition(state, step, audit);
            long waited = barrier.await(moved, req.barrierWait());
            changes.add(new PhaseChange(state.phase(), step, moved.version(), guards, !failed.isEmpty(), waited));
            state = moved;
        }
        return changes;
    }

    public PhaseChange rollback(Phase to, String reason, Duration wait, String actor) {
        MigrationState state = state();
        String name = migration.name();
        if (blank(reason)) {
            throw DecantException.badConfig("rollback needs --reason: say why (it is audited)");
        }
        if (state.phase() == Phase.RETIRED) {
            throw new DecantException(ErrorCode.GUARD_REFUSED, "migration " + name + " is RETIRED: its legacy rows were"
                    + " deleted, so no earlier phase can serve from them; run decant restore " + name
                    + " --backup FILE first, which puts the rows back and returns it to NEW_ONLY");
        }
        if (to == Phase.RETIRED || !to.isBefore(state.phase())) {
            throw DecantException.badConfig("rollback of " + name + " must go to a phase before its current phase "
                    + state.phase() + "; to move forward use decant advance");
        }
        boolean leavesNewOnly = state.phase() == Phase.NEW_ONLY;
        boolean crossesFlip = !state.phase().legacyIsAuthoritative() && to.legacyIsAuthoritative();
        if (leavesNewOnly) {
            control.undefer(name);
        }
        if (crossesFlip) {
            drainOrRefuse("before moving " + name + " back to " + to);
        }
        AuditEntry audit = new AuditEntry(0, name, null, actor, "rollback", state.phase(), to, state.version() + 1, reason,
                false, crossesFlip ? "repair journal drained before the authority flip" : null);
        MigrationState moved = transition(state, to, audit);
        long waited = barrier.await(moved, wait);
        if (leavesNewOnly) {
            control.undefer(name); // keys journaled by instances still in NEW_ONLY while the change spread
        }
        if (crossesFlip) {
            drainOrRefuse("after moving " + name + " back to " + to + " (keys journaled by lagging instances)");
        }
        return new PhaseChange(state.phase(), to, moved.version(), List.of(), false, waited);
    }

    /**
     * Drains the journal: repairs until it is empty, giving entries claimed by other repairers a
     * moment to finish. Live instances may journal new keys meanwhile (their writes keep failing on
     * one store), so an empty journal cannot be demanded; a key that cannot be repaired refuses the
     * rollback.
     */
    private void drainOrRefuse(String when) {
        long deadline = System.nanoTime() + DRAIN_SETTLE.toNanos();
        for (;;) {
            RepairResult r = drain.get();
            if (r.failed() > 0) {
                throw new DecantException(ErrorCode.FAILURE, "the repair journal of " + migration.name() + " could not be drained "
                        + when + ": " + r.failed() + " key(s) failed to repair; the legacy store would miss acknowledged"
                        + " writes" + (r.errors().isEmpty() ? "" : " (first: " + r.errors().get(0) + ")")
                        + ". Fix the cause (see decant status) and run the rollback again", r.errors(), null);
            }
            if (control.journalDepth(migration.name()) == 0 || System.nanoTime() > deadline) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DecantException(ErrorCode.FAILURE, "interrupted while draining the repair journal " + when);
            }
        }
    }

    private MigrationState transition(MigrationState from, Phase to, AuditEntry audit) {
        return control.transition(from, to, audit).orElseThrow(() -> {
            MigrationState now = control.state(migration.name()).orElse(from);
            return new DecantException(ErrorCode.GUARD_REFUSED, "migration " + migration.name() + " changed while moving it: it is now "
                    + now.phase() + " (version " + now.version() + "), expected " + from.phase() + " (version "
                    + from.version() + "); another operator moved first. Check decant status and try again");
        });
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
