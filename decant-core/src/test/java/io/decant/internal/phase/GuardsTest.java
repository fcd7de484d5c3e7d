package io.decant.internal.phase;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.GuardResult;
import io.decant.Phase;
import io.decant.config.BackfillSettings;
import io.decant.config.Guard;
import io.decant.config.IntentMode;
import io.decant.config.MigrationConfig;
import io.decant.config.RetireSettings;
import io.decant.config.ShadowSettings;
import io.decant.config.TableConfig;
import io.decant.config.VerifySettings;
import io.decant.control.BackfillRecord;
import io.decant.control.InstanceStatus;
import io.decant.control.MigrationState;
import io.decant.control.ShadowCounts;
import io.decant.control.VerificationRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GuardsTest {
    static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");

    record Evidence(MigrationState state, Instant now, Map<String, String> unreachableStores, List<String> schemaProblems,
                    Optional<BackfillRecord> backfill, Optional<VerificationRecord> verification, long journalDepth,
                    ShadowCounts shadowCounts, List<InstanceStatus> instances, Duration deadAfter, long staleIntents,
                    Optional<Duration> oldestJournalEntryAge)
            implements GuardEvidence {
        Evidence(MigrationState state, Instant now, Map<String, String> unreachableStores, List<String> schemaProblems,
                 Optional<BackfillRecord> backfill, Optional<VerificationRecord> verification, long journalDepth,
                 ShadowCounts shadowCounts, List<InstanceStatus> instances, Duration deadAfter, long staleIntents) {
            this(state, now, unreachableStores, schemaProblems, backfill, verification, journalDepth, shadowCounts, instances,
                    deadAfter, staleIntents, journalDepth == 0 ? Optional.empty() : Optional.of(Duration.ofHours(1)));
        }

        Evidence(MigrationState state, Instant now, Map<String, String> unreachableStores, List<String> schemaProblems,
                 Optional<BackfillRecord> backfill, Optional<VerificationRecord> verification, long journalDepth,
                 ShadowCounts shadowCounts, List<InstanceStatus> instances, Duration deadAfter) {
            this(state, now, unreachableStores, schemaProblems, backfill, verification, journalDepth, shadowCounts, instances,
                    deadAfter, 0);
        }

        Evidence with(MigrationState s) {
            return new Evidence(s, now, unreachableStores, schemaProblems, backfill, verification, journalDepth, shadowCounts, instances,
                    deadAfter, staleIntents, oldestJournalEntryAge);
        }
    }

    static MigrationConfig migration(Set<Guard> disabled) {
        return new MigrationConfig("orders", new TableConfig("legacy", "orders", List.of("id"), Optional.empty()),
                new TableConfig("svc", "orders", List.of("id"), Optional.empty()), Map.of(), Optional.empty(),
                BackfillSettings.defaults(), new ShadowSettings(100, 100, 0.99, Duration.ZERO, 100, 2),
                VerifySettings.defaults(), RetireSettings.defaults(), IntentMode.SYNC, disabled);
    }

    static MigrationState state(Phase p, long version, long dualWriteVersion) {
        return new MigrationState("orders", p, version, NOW.minusSeconds(60), dualWriteVersion);
    }

    static VerificationRecord verification(long version, long missing, Instant finished) {
        return new VerificationRecord(1, "orders", version, finished.minusSeconds(10), finished, true, 1000, missing, 0, 0, 0);
    }

    static InstanceStatus instance(String id, long acked, Phase phase, Duration age) {
        return new InstanceStatus(id, "orders", "host-" + id, 42, NOW.minusSeconds(600), NOW.minus(age), age, acked, phase, age);
    }

    static Evidence good(MigrationState s) {
        return new Evidence(s, NOW, Map.of(), List.of(),
                Optional.of(new BackfillRecord("orders", s.dualWriteVersion(), NOW.minusSeconds(100), NOW.minusSeconds(50), 10, 10, 1, 1)),
                Optional.of(verification(s.version(), 0, NOW.minusSeconds(30))), 0, new ShadowCounts(1000, 0, 3, 0),
                List.of(instance("a", s.version(), s.phase(), Duration.ofSeconds(1))), Duration.ofSeconds(15));
    }

    @Test
    void eachPhaseHasTheGuardsOfTheDesign() {
        assertThat(Guards.of(Phase.DUAL_WRITE)).containsExactly(Guard.STORES_REACHABLE, Guard.TARGET_SCHEMA);
        assertThat(Guards.of(Phase.SHADOW_READ)).containsExactly(Guard.BACKFILL_COMPLETE, Guard.VERIFY_CLEAN, Guard.JOURNAL_EMPTY);
        assertThat(Guards.of(Phase.READ_NEW)).containsExactly(Guard.SHADOW_EVIDENCE, Guard.VERIFY_CLEAN, Guard.KEY_SOURCE);
        assertThat(Guards.of(Phase.NEW_ONLY)).containsExactly(Guard.BARRIER_ACKNOWLEDGED, Guard.JOURNAL_EMPTY);
    }

    @Test
    void everyGuardPassesOnGoodEvidence() {
        for (Phase to : List.of(Phase.DUAL_WRITE, Phase.SHADOW_READ, Phase.READ_NEW, Phase.NEW_ONLY)) {
            MigrationState s = state(to.isBefore(Phase.SHADOW_READ) ? Phase.LEGACY_ONLY : Phase.values()[to.ordinal() - 1], 5, 2);
            assertThat(Guards.evaluate(to, migration(Set.of()), good(s))).allMatch(GuardResult::passed).isNotEmpty();
        }
    }

    @Test
    void aVerificationFromAnOlderPhaseVersionIsStale() {
        MigrationState s = state(Phase.DUAL_WRITE, 5, 2);
        Evidence ev = good(s);
        ev = new Evidence(s, NOW, Map.of(), List.of(), ev.backfill(), Optional.of(verification(4, 0, NOW.minusSeconds(5))), 0,
                ev.shadowCounts(), ev.instances(), ev.deadAfter());
        GuardResult r = result(Phase.SHADOW_READ, ev, Guard.VERIFY_CLEAN);
        assertThat(r.passed()).isFalse();
        assertThat(r.evidence()).contains("stale: ran under version 4, current 5");
    }

    @Test
    void aVerificationOlderThanMaxAgeIsTooOld() {
        MigrationState s = state(Phase.DUAL_WRITE, 5, 2);
        Evidence g = good(s);
        Evidence ev = new Evidence(s, NOW, Map.of(), List.of(), g.backfill(),
                Optional.of(verification(5, 0, NOW.minus(Duration.ofHours(25)))), 0, g.shadowCounts(), g.instances(), g.deadAfter());
        GuardResult r = result(Phase.SHADOW_READ, ev, Guard.VERIFY_CLEAN);
        assertThat(r.passed()).isFalse();
        assertThat(r.evidence()).contains("too old");
    }

    @Test
    void aVerificationWithDifferencesFailsNamingThem() {
        MigrationState s = state(Phase.DUAL_WRITE, 5, 2);
        Evidence g = good(s);
        Evidence ev = new Evidence(s, NOW, Map.of(), List.of(), g.backfill(), Optional.of(verification(5, 7, NOW)), 0,
                g.shadowCounts(), g.instances(), g.deadAfter());
        assertThat(result(Phase.SHADOW_READ, ev, Guard.VERIFY_CLEAN).evidence()).contains("7 missing in target");
    }

    @Test
    void aBackfillStartedBeforeDualWritingBeganDoesNotCount() {
        MigrationState s = state(Phase.DUAL_WRITE, 5, 4);
        Evidence g = good(s);
        Evidence ev = new Evidence(s, NOW, Map.of(), List.of(),
                Optional.of(new BackfillRecord("orders", 3, NOW.minusSeconds(100), NOW.minusSeconds(50), 10, 10, 1, 1)),
                g.verification(), 0, g.shadowCounts(), g.instances(), g.deadAfter());
        GuardResult r = result(Phase.SHADOW_READ, ev, Guard.BACKFILL_COMPLETE);
        assertThat(r.passed()).isFalse();
        assertThat(r.evidence()).contains("version 3").contains("version 4");
    }

    @Test
    void anIncompleteBackfillFails() {
        MigrationState s = state(Phase.DUAL_WRITE, 5, 4);
        Evidence g = good(s);
        Evidence ev = new Evidence(s, NOW, Map.of(), List.of(),
                Optional.of(new BackfillRecord("orders", 4, NOW.minusSeconds(100), null, 5, 10, 1, 2)),
                g.verification(), 0, g.shadowCounts(), g.instances(), g.deadAfter());
        assertThat(result(Phase.SHADOW_READ, ev, Guard.BACKFILL_COMPLETE).evidence()).contains("1 of 2 chunks");
    }

    @Test
    void aNonEmptyJournalFailsWithItsDepth() {
        MigrationState s = state(Phase.DUAL_WRITE, 5, 2);
        Evidence g = good(s);
        Evidence ev = new Evidence(s, NOW, Map.of(), List.of(), g.backfill(), g.verification(), 3, g.shadowCounts(),
                g.instances(), g.deadAfter());
        GuardResult r = result(Phase.SHADOW_READ, ev, Guard.JOURNAL_EMPTY);
        assertThat(r.passed()).isFalse();
        assertThat(r.evidence()).contains("journal depth 3, oldest entry 1h old (entries must be younger than 30s");
    }

    @Test
    void aJournalKeptUpWithPassesUnderASteadyTrickleOfFailedWrites() {
        MigrationState s = state(Phase.DUAL_WRITE, 5, 2);
        Evidence g = good(s);
        Evidence young = new Evidence(s, NOW, Map.of(), List.of(), g.backfill(), g.verification(), 2, g.shadowCounts(),
                g.instances(), g.deadAfter(), 0, Optional.of(Duration.ofSeconds(3)));
        assertThat(result(Phase.SHADOW_READ, young, Guard.JOURNAL_EMPTY).passed()).isTrue();
        assertThat(result(Phase.NEW_ONLY, young.with(state(Phase.READ_NEW, 7, 2)), Guard.JOURNAL_EMPTY).passed()).isTrue();
        Evidence staleIntent = new Evidence(s, NOW, Map.of(), List.of(), g.backfill(), g.verification(), 2, g.shadowCounts(),
                g.instances(), g.deadAfter(), 1, Optional.of(Duration.ofSeconds(3)));
        assertThat(result(Phase.SHADOW_READ, staleIntent, Guard.JOURNAL_EMPTY).passed()).as("a stale intent always refuses").isFalse();
    }

    @Test
    void staleIntentsFailTheJournalGuardLikeEntries() {
        MigrationState s = state(Phase.DUAL_WRITE, 5, 2);
        Evidence g = good(s);
        Evidence ev = new Evidence(s, NOW, Map.of(), List.of(), g.backfill(), g.verification(), 0, g.shadowCounts(),
                g.instances(), g.deadAfter(), 2);
        GuardResult r = result(Phase.SHADOW_READ, ev, Guard.JOURNAL_EMPTY);
        assertThat(r.passed()).isFalse();
        assertThat(r.evidence()).contains("2 stale intent(s)").contains("decant repair orders");
        assertThat(result(Phase.NEW_ONLY, ev.with(state(Phase.READ_NEW, 6, 2)), Guard.JOURNAL_EMPTY).passed()).isFalse();
    }

    @Test
    void tooFewShadowComparisonsFail() {
        MigrationState s = state(Phase.SHADOW_READ, 5, 2);
        Evidence g = good(s);
        Evidence ev = new Evidence(s, NOW, Map.of(), List.of(), g.backfill(), g.verification(), 0,
                new ShadowCounts(50, 0, 500, 0), g.instances(), g.deadAfter());
        GuardResult r = result(Phase.READ_NEW, ev, Guard.SHADOW_EVIDENCE);
        assertThat(r.passed()).isFalse();
        assertThat(r.evidence()).contains("need at least 100");
    }

    @Test
    void ignoredComparisonsNeitherCountAsEvidenceNorAsMatches() {
        MigrationState s = state(Phase.SHADOW_READ, 5, 2);
        Evidence g = good(s);
        Evidence ev = new Evidence(s, NOW, Map.of(), List.of(), g.backfill(), g.verification(), 0,
                new ShadowCounts(980, 20, 5000, 0), g.instances(), g.deadAfter());
        GuardResult r = result(Phase.READ_NEW, ev, Guard.SHADOW_EVIDENCE);
        assertThat(r.passed()).isFalse();
        assertThat(r.evidence()).contains("98.00%").contains("99.00%");
    }

    @Test
    void aLiveInstanceOnAnOlderVersionFailsTheBarrierGuardButADeadOneDoesNot() {
        MigrationState s = state(Phase.READ_NEW, 7, 2);
        Evidence g = good(s);
        Evidence dead = new Evidence(s, NOW, Map.of(), List.of(), g.backfill(), g.verification(), 0, g.shadowCounts(),
                List.of(instance("a", 7, Phase.READ_NEW, Duration.ofSeconds(1)), instance("b", 6, Phase.SHADOW_READ, Duration.ofMinutes(5))),
                g.deadAfter());
        assertThat(result(Phase.NEW_ONLY, dead, Guard.BARRIER_ACKNOWLEDGED).passed()).isTrue();
        Evidence live = new Evidence(s, NOW, Map.of(), List.of(), g.backfill(), g.verification(), 0, g.shadowCounts(),
                List.of(instance("a", 7, Phase.READ_NEW, Duration.ofSeconds(1)), instance("b", 6, Phase.SHADOW_READ, Duration.ofSeconds(2))),
                g.deadAfter());
        GuardResult r = result(Phase.NEW_ONLY, live, Guard.BARRIER_ACKNOWLEDGED);
        assertThat(r.passed()).isFalse();
        assertThat(r.evidence()).contains("instance b on host-b (pid 42) acts on SHADOW_READ (version 6)");
    }

    @Test
    void unreachableStoresAndSchemaProblemsAreReportedAsEvidence() {
        MigrationState s = state(Phase.LEGACY_ONLY, 1, 0);
        Evidence g = good(s);
        Evidence ev = new Evidence(s, NOW, Map.of("svc", "connection refused"), List.of("target table `orders` does not exist"),
                g.backfill(), g.verification(), 0, g.shadowCounts(), g.instances(), g.deadAfter());
        List<GuardResult> results = Guards.evaluate(Phase.DUAL_WRITE, migration(Set.of()), ev);
        assertThat(results).noneMatch(GuardResult::passed);
        assertThat(results.get(0).toString()).startsWith("FAILED stores-reachable").contains("connection refused");
        assertThat(results.get(1).toString()).startsWith("FAILED target-schema").contains("does not exist");
    }

    @Test
    void disabledGuardsAreSkipped() {
        MigrationState s = state(Phase.DUAL_WRITE, 5, 2);
        Evidence g = good(s);
        Evidence ev = new Evidence(s, NOW, Map.of(), List.of(), Optional.empty(), Optional.empty(), 9, g.shadowCounts(),
                g.instances(), g.deadAfter());
        List<GuardResult> results = Guards.evaluate(Phase.SHADOW_READ,
                migration(Set.of(Guard.BACKFILL_COMPLETE, Guard.VERIFY_CLEAN)), ev);
        assertThat(results).extracting(GuardResult::guard).containsExactly(Guard.JOURNAL_EMPTY);
    }

    private static GuardResult result(Phase to, Evidence ev, Guard g) {
        return Guards.evaluate(to, migration(Set.of()), ev).stream().filter(r -> r.guard() == g).findFirst().orElseThrow();
    }
}
