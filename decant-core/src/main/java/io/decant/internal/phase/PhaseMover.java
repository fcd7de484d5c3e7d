package io.decant.internal.phase;

import io.decant.AdvanceRequest;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.GuardResult;
import io.decant.Phase;
import io.decant.PhaseChange;
import io.decant.RepairResult;
import io.decant.config.Guard;
import io.decant.config.MigrationConfig;
import io.decant.control.AuditEntry;
import io.decant.control.ControlStore;
import io.decant.control.MigrationState;
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
    private final KeyGenerators keyGenerators;
    private final KeyHandOver keyHandOver;

    /**
     * @param evidence the guards' evidence for a state (fetched lazily)
     * @param drain    drains the repair journal once (used when moving back across the authority flip)
     */
    public PhaseMover(ControlStore control, MigrationConfig migration, Function<MigrationState, GuardEvidence> evidence,
                      Supplier<RepairResult> drain, Barrier barrier) {
        this(control, migration, evidence, drain, barrier, KeyGenerators.NONE);
    }

    /** @param keyGenerators the two tables' key generators, handed over at moves across the authority flip */
    public PhaseMover(ControlStore control, MigrationConfig migration, Function<MigrationState, GuardEvidence> evidence,
                      Supplier<RepairResult> drain, Barrier barrier, KeyGenerators keyGenerators) {
        this.control = control;
        this.migration = migration;
        this.evidence = evidence;
        this.drain = drain;
        this.barrier = barrier;
        this.keyGenerators = keyGenerators;
        this.keyHandOver = new KeyHandOver(control.keyFences(), migration.name(), keyGenerators);
    }

    private MigrationState state() {
        return control.phases().state(migration.name()).orElseThrow(() -> DecantException.badConfig("migration " + migration.name()
                + " is not registered in the control store; run decant init"));
    }

    public List<PhaseChange> advance(AdvanceRequest req) {
        MigrationState state = state();
        String name = migration.name();
        requireStorable("reason", req.reason(), 4000);
        requireStorable("actor", req.actor(), 255);
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
            KeyHandOver.Recorded keys = KeyHandOver.Recorded.NOTHING;
            if (step == Phase.READ_NEW && migration.guardEnabled(Guard.KEY_SOURCE)) {
                try {
                    keys = keyHandOver.begin(true);
                } catch (DecantException e) {
                    if (!req.force() || e.code() != ErrorCode.GUARD_REFUSED) {
                        throw e;
                    }
                    detail = detail + "; key generation not handed over (forced): " + e.getMessage();
                }
            }
            if (keys.recorded()) {
                detail = (detail == null ? "" : detail + "; ") + "key generation handed to the new store: keys from "
                        + keys.fence().boundary() + " on are its own";
            }
            AuditEntry audit = new AuditEntry(0, name, null, req.actor(), "advance", state.phase(), step, state.version() + 1,
                    blank(req.reason()) ? null : req.reason(), req.force(), detail);
            MigrationState moved = transitionOrUndo(state, step, audit, keys);
            long waited = barrier.await(moved, req.barrierWait());
            changes.add(new PhaseChange(state.phase(), step, moved.version(), guards, !failed.isEmpty(), waited));
            state = moved;
        }
        return changes;
    }

    /**
     * Moves back to {@code to}, or finishes a rollback into the current phase that did not finish
     * (its barrier timed out). Across the authority flip the journal is drained before the move and
     * again after the barrier; leaving NEW_ONLY, deferred keys are released before the move and again
     * after the barrier (keys recorded by instances that had not seen the move yet).
     */
    public PhaseChange rollback(Phase to, String reason, Duration wait, String actor) {
        MigrationState state = state();
        String name = migration.name();
        requireStorable("reason", reason, 4000);
        requireStorable("actor", actor, 255);
        if (blank(reason)) {
            throw DecantException.badConfig("rollback needs --reason: say why (it is audited)");
        }
        if (state.phase() == Phase.RETIRED) {
            throw new DecantException(ErrorCode.GUARD_REFUSED, "migration " + name + " is RETIRED: its legacy rows were"
                    + " deleted, so no earlier phase can serve from them; run decant restore " + name
                    + " --backup FILE first, which puts the rows back and returns it to NEW_ONLY");
        }
        if (to == state.phase()) {
            return finishRollback(state, reason, wait, actor);
        }
        if (to == Phase.RETIRED || !to.isBefore(state.phase())) {
            throw DecantException.badConfig("rollback of " + name + " must go to a phase before its current phase "
                    + state.phase() + "; to move forward use decant advance");
        }
        Steps steps = new Steps(state.phase(), to);
        refuseNoWait(steps, wait);
        boolean handOver = steps.crossesFlip && migration.guardEnabled(Guard.KEY_SOURCE);
        if (handOver) {
            GuardResult keys = keyGenerators.check(false);
            if (!keys.passed()) {
                throw new DecantException(ErrorCode.GUARD_REFUSED, "rollback of " + name + " to " + to + " refused: legacy"
                        + " generates the keys again after it, and its generator is behind; nothing was changed",
                        List.of(keys.toString()), null);
            }
        }
        if (steps.leavesNewOnly) {
            control.journal().undefer(name);
        }
        if (steps.crossesFlip) {
            drainOrRefuse("before moving " + name + " back to " + to);
        }
        KeyHandOver.Recorded keys = handOver ? keyHandOver.begin(false) : KeyHandOver.Recorded.NOTHING;
        String detail = steps.crossesFlip ? "repair journal drained before the authority flip" : null;
        if (keys.recorded()) {
            detail += "; key generation handed back to legacy: keys from " + keys.fence().boundary() + " on are its own";
        }
        AuditEntry audit = new AuditEntry(0, name, null, actor, "rollback", state.phase(), to, state.version() + 1, reason,
                false, detail);
        MigrationState moved = transitionOrUndo(state, to, audit, keys);
        return complete(steps, moved, wait);
    }

    /** What a rollback from {@code from} to {@code to} has to do besides the move. */
    private record Steps(Phase from, Phase to, boolean leavesNewOnly, boolean crossesFlip) {
        Steps(Phase from, Phase to) {
            this(from, to, from == Phase.NEW_ONLY, !from.legacyIsAuthoritative() && to.legacyIsAuthoritative());
        }
    }

    private void refuseNoWait(Steps steps, Duration wait) {
        if (steps.crossesFlip && (wait.isZero() || wait.isNegative())) {
            throw DecantException.badConfig("a rollback of " + migration.name() + " from " + steps.from + " to " + steps.to
                    + " crosses the authority flip, so it must wait for the barrier: instances that have not seen the move"
                    + " keep writing the new store first (and, in NEW_ONLY, only the new store) until they do, and the"
                    + " journal can only be drained after that; give --wait a positive duration (e.g. --wait 60s)");
        }
    }

    /** A rollback into the current phase: finishes it (barrier, release, drain) if it is one that did not finish. */
    private PhaseChange finishRollback(MigrationState state, String reason, Duration wait, String actor) {
        String name = migration.name();
        Optional<AuditEntry> moved = control.phases().auditTail(name, 200).stream()
                .filter(a -> "rollback".equals(a.action()) && a.version() == state.version()).findFirst();
        if (moved.isEmpty() || moved.get().from() == null) {
            throw DecantException.badConfig("migration " + name + " is already in " + state.phase() + " (version "
                    + state.version() + ") and did not get there by a rollback; nothing to finish");
        }
        Steps steps = new Steps(moved.get().from(), state.phase());
        refuseNoWait(steps, wait);
        control.phases().audit(new AuditEntry(0, name, null, actor, "rollback-finish", steps.from, state.phase(), state.version(),
                reason, false, "waiting for the barrier again, then releasing deferred keys and draining the journal"));
        return complete(steps, state, wait);
    }

    /** The part of a rollback after the move: barrier, then release and drain what instances journaled meanwhile. */
    private PhaseChange complete(Steps steps, MigrationState moved, Duration wait) {
        String name = migration.name();
        long waited;
        try {
            waited = barrier.await(moved, wait);
        } catch (DecantException e) {
            if (e.code() != ErrorCode.BARRIER_TIMEOUT) {
                throw e;
            }
            if (steps.leavesNewOnly) {
                control.journal().undefer(name);
            }
            throw new DecantException(ErrorCode.BARRIER_TIMEOUT, e.getMessage() + ". The rollback to " + moved.phase()
                    + " is in place but not finished" + (steps.crossesFlip ? " (the journal is drained only after every"
                    + " live instance acknowledged it)" : "") + ": once those instances caught up or stopped, run decant rollback "
                    + name + " --to " + moved.phase() + " --reason \"…\" again to finish it", e.details(), e);
        }
        if (steps.leavesNewOnly) {
            control.journal().undefer(name); // keys recorded by instances still in NEW_ONLY while the change spread
        }
        if (steps.crossesFlip) {
            drainOrRefuse("after moving " + name + " back to " + moved.phase() + " (keys journaled by lagging instances)");
        }
        return new PhaseChange(steps.from, moved.phase(), moved.version(), List.of(), false, waited);
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
            if (control.journal().depth(migration.name()) == 0 || System.nanoTime() > deadline) {
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

    /** The phase change; if it does not happen, the key fence a hand-over recorded for it is taken back. */
    private MigrationState transitionOrUndo(MigrationState from, Phase to, AuditEntry audit, KeyHandOver.Recorded keys) {
        try {
            return transition(from, to, audit);
        } catch (RuntimeException e) {
            keyHandOver.undo(keys);
            throw e;
        }
    }

    private MigrationState transition(MigrationState from, Phase to, AuditEntry audit) {
        return control.phases().transition(from, to, audit).orElseThrow(() -> {
            MigrationState now = control.phases().state(migration.name()).orElse(from);
            return new DecantException(ErrorCode.GUARD_REFUSED, "migration " + migration.name() + " changed while moving it: it is now "
                    + now.phase() + " (version " + now.version() + "), expected " + from.phase() + " (version "
                    + from.version() + "); another operator moved first. Check decant status and try again");
        });
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Audit text the control store can keep: no NUL (PostgreSQL refuses it in text), at most {@code max} characters. */
    static void requireStorable(String what, String text, int max) {
        if (text == null) {
            return;
        }
        if (text.indexOf('\0') >= 0) {
            throw DecantException.badConfig("the " + what + " contains a NUL character (\\0), which the audit log cannot keep;"
                    + " remove it");
        }
        if (text.length() > max) {
            throw DecantException.badConfig("the " + what + " is " + text.length() + " characters long; at most " + max
                    + " are kept in the audit log");
        }
    }
}
