package io.decant.internal.phase;

import io.decant.GuardResult;
import io.decant.Phase;
import io.decant.config.Durations;
import io.decant.config.Guard;
import io.decant.config.MigrationConfig;
import io.decant.control.BackfillRecord;
import io.decant.control.InstanceStatus;
import io.decant.control.MigrationState;
import io.decant.control.ShadowCounts;
import io.decant.control.VerificationRecord;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The guards of each move forward, evaluated from {@link GuardEvidence}. Disabled guards are
 * skipped; every enabled one gives a {@link GuardResult} with the evidence it saw.
 */
public final class Guards {
    private Guards() {
    }

    /** The guards that protect a move into {@code to}, in the order they are checked. */
    public static List<Guard> of(Phase to) {
        return switch (to) {
            case DUAL_WRITE -> List.of(Guard.STORES_REACHABLE, Guard.TARGET_SCHEMA);
            case SHADOW_READ -> List.of(Guard.BACKFILL_COMPLETE, Guard.VERIFY_CLEAN, Guard.JOURNAL_EMPTY);
            case READ_NEW -> List.of(Guard.SHADOW_EVIDENCE, Guard.VERIFY_CLEAN, Guard.KEY_SOURCE);
            case NEW_ONLY -> List.of(Guard.BARRIER_ACKNOWLEDGED, Guard.JOURNAL_EMPTY);
            case LEGACY_ONLY, RETIRED -> List.of();
        };
    }

    public static List<GuardResult> evaluate(Phase to, MigrationConfig migration, GuardEvidence evidence) {
        List<GuardResult> results = new ArrayList<>();
        for (Guard g : of(to)) {
            if (migration.guardEnabled(g)) {
                results.add(check(g, migration, evidence));
            }
        }
        return results;
    }

    static GuardResult check(Guard g, MigrationConfig m, GuardEvidence ev) {
        return switch (g) {
            case STORES_REACHABLE -> storesReachable(ev);
            case TARGET_SCHEMA -> targetSchema(ev);
            case BACKFILL_COMPLETE -> backfillComplete(ev);
            case VERIFY_CLEAN -> verifyClean(m, ev);
            case JOURNAL_EMPTY -> journalEmpty(ev);
            case SHADOW_EVIDENCE -> shadowEvidence(m, ev);
            case BARRIER_ACKNOWLEDGED -> barrierAcknowledged(ev);
            case KEY_SOURCE -> ev.keySource();
        };
    }

    private static GuardResult storesReachable(GuardEvidence ev) {
        Map<String, String> down = ev.unreachableStores();
        if (down.isEmpty()) {
            return new GuardResult(Guard.STORES_REACHABLE, true, "both stores answered");
        }
        List<String> parts = new ArrayList<>();
        down.forEach((store, error) -> parts.add("store '" + store + "' did not answer: " + error));
        return new GuardResult(Guard.STORES_REACHABLE, false, String.join("; ", parts));
    }

    private static GuardResult targetSchema(GuardEvidence ev) {
        List<String> problems = ev.schemaProblems();
        if (problems.isEmpty()) {
            return new GuardResult(Guard.TARGET_SCHEMA, true, "the target table has every mapped column with a compatible type;"
                    + " legacy can take a row copied back");
        }
        return new GuardResult(Guard.TARGET_SCHEMA, false, String.join("; ", problems));
    }

    private static GuardResult backfillComplete(GuardEvidence ev) {
        MigrationState s = ev.state();
        Optional<BackfillRecord> b = ev.backfill();
        if (b.isEmpty()) {
            return new GuardResult(Guard.BACKFILL_COMPLETE, false, "no backfill has run; run decant backfill " + s.migration());
        }
        BackfillRecord r = b.get();
        if (!r.completed()) {
            return new GuardResult(Guard.BACKFILL_COMPLETE, false, "the backfill is not complete: " + r.chunksDone() + " of "
                    + r.chunksTotal() + " chunks, " + r.rowsCopied() + " rows copied; run decant backfill " + s.migration());
        }
        if (r.phaseVersion() < s.dualWriteVersion()) {
            return new GuardResult(Guard.BACKFILL_COMPLETE, false, "the backfill started under version " + r.phaseVersion()
                    + ", before dual writing began at version " + s.dualWriteVersion()
                    + "; rows written in between may be missing: run decant backfill " + s.migration() + " --restart");
        }
        return new GuardResult(Guard.BACKFILL_COMPLETE, true, "backfill completed at " + r.completedAt() + " (started under version "
                + r.phaseVersion() + ", dual writing since version " + s.dualWriteVersion() + "), " + r.rowsCopied() + " rows copied");
    }

    private static GuardResult verifyClean(MigrationConfig m, GuardEvidence ev) {
        Optional<VerificationRecord> v = ev.verification();
        String name = ev.state().migration();
        if (v.isEmpty()) {
            return new GuardResult(Guard.VERIFY_CLEAN, false, "no verification has run; run decant verify " + name);
        }
        VerificationRecord r = v.get();
        if (!r.clean()) {
            return new GuardResult(Guard.VERIFY_CLEAN, false, "the latest verification (version " + r.phaseVersion() + ") found "
                    + r.missingInTarget() + " missing in target, " + r.extraInTarget() + " extra in target, " + r.differing()
                    + " differing (" + r.repaired() + " repaired); run decant verify " + name + " --repair");
        }
        Freshness f = Freshness.of(r, ev.state(), ev.now(), m.verify().maxAge());
        if (!f.fresh()) {
            return new GuardResult(Guard.VERIFY_CLEAN, false, "the latest verification is clean but " + f.reason()
                    + "; run decant verify " + name);
        }
        long unverified = ev.unverifiedInserts();
        if (unverified > 0) {
            return new GuardResult(Guard.VERIFY_CLEAN, false, "the latest verification is clean, but " + unverified
                    + " insert(s) with a database-generated key were cut off after their first write and before their key"
                    + " was recorded (their instance is gone): only a full verification that started after that can find"
                    + " what they wrote; run decant verify " + name + " --repair");
        }
        return new GuardResult(Guard.VERIFY_CLEAN, true, "clean verification of " + r.rowsCompared() + " rows under version "
                + r.phaseVersion() + ", finished " + r.finishedAt());
    }

    /**
     * The repair journal is drained, or kept up with: a live system with a steady trickle of failed
     * second writes is never momentarily empty, so entries younger than {@link #journalAgeBound} pass
     * (each is a key whose authoritative store holds the acknowledged write, and a repairer copies it
     * within seconds); an older entry means nobody is repairing, or a key keeps failing. Stale intents
     * (keys not yet journaled) always refuse.
     */
    private static GuardResult journalEmpty(GuardEvidence ev) {
        long depth = ev.journalDepth();
        long stale = ev.staleIntents();
        String repair = "; run decant repair " + ev.state().migration();
        if (stale > 0) {
            return new GuardResult(Guard.JOURNAL_EMPTY, false, "journal depth " + depth + " and " + stale
                    + " stale intent(s) of dual writes interrupted between their two writes" + repair);
        }
        if (depth == 0) {
            return new GuardResult(Guard.JOURNAL_EMPTY, true, "journal depth 0, no stale intents");
        }
        Duration bound = journalAgeBound(ev.deadAfter());
        Optional<Duration> oldest = ev.oldestJournalEntryAge();
        if (oldest.isPresent() && oldest.get().compareTo(bound) <= 0) {
            return new GuardResult(Guard.JOURNAL_EMPTY, true, "journal depth " + depth + ", every entry younger than "
                    + Durations.format(bound) + " (oldest " + Durations.format(oldest.get().truncatedTo(ChronoUnit.SECONDS))
                    + "): a repairer keeps up; no stale intents");
        }
        return new GuardResult(Guard.JOURNAL_EMPTY, false, "journal depth " + depth + (oldest.isEmpty() ? ""
                : ", oldest entry " + Durations.format(oldest.get().truncatedTo(ChronoUnit.SECONDS)) + " old")
                + " (entries must be younger than " + Durations.format(bound) + ": drained, or kept up with)" + repair);
    }

    /** How old the oldest waiting journal entry may be: twice {@code instances.dead-after}. */
    static Duration journalAgeBound(Duration deadAfter) {
        return deadAfter.multipliedBy(2);
    }

    private static GuardResult shadowEvidence(MigrationConfig m, GuardEvidence ev) {
        ShadowCounts c = ev.shadowCounts();
        long need = m.shadow().minSamples();
        double threshold = m.shadow().consistency();
        String seen = c.compared() + " comparisons under version " + ev.state().version() + " (" + c.matched() + " matched, "
                + c.mismatched() + " mismatched, " + c.errored() + " errored, " + c.ignored() + " ignored), consistency "
                + percent(c.consistency());
        if (c.compared() < need) {
            return new GuardResult(Guard.SHADOW_EVIDENCE, false, seen + "; need at least " + need + " comparisons");
        }
        if (c.consistency() < threshold) {
            return new GuardResult(Guard.SHADOW_EVIDENCE, false, seen + "; need consistency of at least " + percent(threshold));
        }
        return new GuardResult(Guard.SHADOW_EVIDENCE, true, seen);
    }

    private static GuardResult barrierAcknowledged(GuardEvidence ev) {
        MigrationState s = ev.state();
        List<String> laggards = new ArrayList<>();
        int live = 0;
        for (InstanceStatus i : ev.instances()) {
            if (!i.isLive(ev.deadAfter())) {
                continue;
            }
            live++;
            if (i.ackedVersion() < s.version()) {
                laggards.add(describe(i));
            }
        }
        if (laggards.isEmpty()) {
            return new GuardResult(Guard.BARRIER_ACKNOWLEDGED, true, live + " live instance(s) acknowledged " + s.phase()
                    + " (version " + s.version() + ")");
        }
        return new GuardResult(Guard.BARRIER_ACKNOWLEDGED, false, laggards.size() + " of " + live
                + " live instance(s) did not acknowledge " + s.phase() + " (version " + s.version() + "): "
                + String.join(", ", laggards));
    }

    /** An instance as messages name it: id, host, pid and what it acts on. */
    public static String describe(InstanceStatus i) {
        return "instance " + i.instanceId() + " on " + i.host() + " (pid " + i.pid() + ") acts on "
                + (i.ackedPhase() == null ? "no phase yet" : i.ackedPhase() + " (version " + i.ackedVersion() + ")");
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.2f%%", share * 100);
    }
}
