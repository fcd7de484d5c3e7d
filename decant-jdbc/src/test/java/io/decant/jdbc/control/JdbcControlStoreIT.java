package io.decant.jdbc.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.Phase;
import io.decant.control.AuditEntry;
import io.decant.control.BackfillRecord;
import io.decant.control.ControlStore;
import io.decant.control.Direction;
import io.decant.control.InstanceAck;
import io.decant.control.InstanceInfo;
import io.decant.control.InstanceStatus;
import io.decant.control.Intent;
import io.decant.control.JournalEntry;
import io.decant.control.JournalOrigin;
import io.decant.control.MigrationState;
import io.decant.control.MismatchSample;
import io.decant.control.ShadowCounts;
import io.decant.control.VerificationRecord;
import io.decant.jdbc.TestStores;
import io.decant.jdbc.driver.JdbcStoreConnection;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.spi.Key;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JdbcControlStoreIT {
    private static final String M = "orders";
    private final List<AutoCloseable> open = new ArrayList<>();
    private Database db;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private ControlStore control(Engine engine) {
        ControlStore control = bare(engine);
        control.migrateSchema();
        return control;
    }

    private ControlStore bare(Engine engine) {
        db = TestStores.freshDatabase(engine);
        JdbcStoreConnection store = TestStores.open("control", db, 8);
        open.add(store);
        return store.control();
    }

    private long queryLong(String sql) {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AuditEntry audit(String action) {
        return new AuditEntry(0, M, null, "ops@host", action, null, null, 0, "because", false, null);
    }

    private static <T> List<T> inParallel(int threads, java.util.concurrent.Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    // --- schema -----------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Engine.class)
    void schemaMigrationRunsTwiceWithoutHarm(Engine engine) {
        ControlStore control = bare(engine);
        assertThat(control.schemaVersion()).isZero();

        assertThat(control.migrateSchema()).isEqualTo(ControlSchema.LATEST);
        assertThat(control.migrateSchema()).isEqualTo(ControlSchema.LATEST);

        assertThat(control.schemaVersion()).isEqualTo(ControlSchema.LATEST);
        assertThat(queryLong("SELECT COUNT(*) FROM decant_schema_version")).isEqualTo(ControlSchema.STEPS.size());
        assertThat(queryLong("SELECT COUNT(*) FROM decant_backfill_lease")).isZero();
        assertThat(queryLong("SELECT COUNT(*) FROM decant_verify_span")).isZero();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void schemaMigrationsFromTwoThreadsAtOnceBothSucceed(Engine engine) throws Exception {
        ControlStore control = bare(engine);

        List<Integer> versions = inParallel(2, control::migrateSchema);

        assertThat(versions).containsExactly(ControlSchema.LATEST, ControlSchema.LATEST);
        assertThat(queryLong("SELECT COUNT(*) FROM decant_schema_version")).isEqualTo(ControlSchema.STEPS.size());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void operationsBeforeInitFailNamingDecantInit(Engine engine) {
        ControlStore control = bare(engine);

        assertThatThrownBy(() -> control.phases().state(M))
                .isInstanceOf(DecantException.class)
                .hasMessageContaining("store 'control'")
                .hasMessageContaining("decant init")
                .satisfies(e -> assertThat(((DecantException) e).code()).isEqualTo(ErrorCode.FAILURE));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theClockIsTheDatabasesAndMovesForward(Engine engine) {
        ControlStore control = control(engine);
        Instant first = control.now();
        Instant second = control.now();
        assertThat(second).isAfterOrEqualTo(first);
        assertThat(Duration.between(first, Instant.now()).abs()).isLessThan(Duration.ofHours(1));
    }

    // --- migrations and phases ----------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Engine.class)
    void registeringStartsInLegacyOnlyAndIsIdempotent(Engine engine) {
        ControlStore control = control(engine);
        assertThat(control.phases().state(M)).isEmpty();

        MigrationState first = control.phases().register(M);
        MigrationState again = control.phases().register(M);
        control.phases().register("payments");

        assertThat(first.phase()).isEqualTo(Phase.LEGACY_ONLY);
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.dualWriteVersion()).isZero();
        assertThat(first.changedAt()).isNotNull();
        assertThat(again).isEqualTo(first);
        assertThat(control.phases().state(M)).contains(first);
        assertThat(control.phases().states()).extracting(MigrationState::migration).containsExactly(M, "payments");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void twoOperatorsRacingForTheSameTransitionHaveExactlyOneWinner(Engine engine) throws Exception {
        ControlStore control = control(engine);
        MigrationState start = control.phases().register(M);

        List<Optional<MigrationState>> results = inParallel(2,
                () -> control.phases().transition(start, Phase.DUAL_WRITE, audit("advance")));

        assertThat(results).filteredOn(Optional::isPresent).hasSize(1);
        assertThat(control.phases().state(M).orElseThrow().version()).isEqualTo(2);
        List<AuditEntry> tail = control.phases().auditTail(M, 10);
        assertThat(tail).hasSize(1);
        assertThat(tail.get(0).from()).isEqualTo(Phase.LEGACY_ONLY);
        assertThat(tail.get(0).to()).isEqualTo(Phase.DUAL_WRITE);
        assertThat(tail.get(0).version()).isEqualTo(2);
        assertThat(tail.get(0).actor()).isEqualTo("ops@host");
        assertThat(tail.get(0).reason()).isEqualTo("because");
        assertThat(tail.get(0).at()).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aTransitionFromAStaleStateWritesNothing(Engine engine) {
        ControlStore control = control(engine);
        MigrationState start = control.phases().register(M);
        control.phases().transition(start, Phase.DUAL_WRITE, audit("advance")).orElseThrow();

        Optional<MigrationState> lost = control.phases().transition(start, Phase.SHADOW_READ, audit("advance"));

        assertThat(lost).isEmpty();
        assertThat(control.phases().state(M).orElseThrow().phase()).isEqualTo(Phase.DUAL_WRITE);
        assertThat(control.phases().auditTail(M, 10)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void leavingLegacyOnlyRecordsTheDualWriteVersion(Engine engine) {
        ControlStore control = control(engine);
        MigrationState s1 = control.phases().register(M);

        MigrationState s2 = control.phases().transition(s1, Phase.DUAL_WRITE, audit("advance")).orElseThrow();
        MigrationState s3 = control.phases().transition(s2, Phase.SHADOW_READ, audit("advance")).orElseThrow();
        MigrationState s4 = control.phases().transition(s3, Phase.LEGACY_ONLY, audit("rollback")).orElseThrow();
        MigrationState s5 = control.phases().transition(s4, Phase.SHADOW_READ, audit("advance")).orElseThrow();

        assertThat(s2.version()).isEqualTo(2);
        assertThat(s2.dualWriteVersion()).isEqualTo(2);
        assertThat(s3.dualWriteVersion()).isEqualTo(2);
        assertThat(s4.phase()).isEqualTo(Phase.LEGACY_ONLY);
        assertThat(s4.dualWriteVersion()).isEqualTo(2);
        assertThat(s5.version()).isEqualTo(5);
        assertThat(s5.dualWriteVersion()).isEqualTo(5);
        assertThat(control.phases().auditTail(M, 10)).extracting(AuditEntry::version).containsExactly(5L, 4L, 3L, 2L);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void auditLinesComeBackNewestFirstWithEveryField(Engine engine) {
        ControlStore control = control(engine);
        control.phases().audit(new AuditEntry(0, M, null, "a@h", "force", Phase.DUAL_WRITE, Phase.SHADOW_READ, 3, "r1", true, "guard x"));
        control.phases().audit(new AuditEntry(0, M, null, "b@h", "restore", null, null, 3, null, false, null));
        control.phases().audit(new AuditEntry(0, "other", null, "c@h", "restore", null, null, 1, null, false, null));

        List<AuditEntry> tail = control.phases().auditTail(M, 10);

        assertThat(tail).extracting(AuditEntry::action).containsExactly("restore", "force");
        AuditEntry forced = tail.get(1);
        assertThat(forced.forced()).isTrue();
        assertThat(forced.detail()).isEqualTo("guard x");
        assertThat(forced.from()).isEqualTo(Phase.DUAL_WRITE);
        assertThat(forced.to()).isEqualTo(Phase.SHADOW_READ);
        assertThat(tail.get(0).from()).isNull();
        assertThat(control.phases().auditTail(M, 1)).hasSize(1);
        assertThat(control.phases().auditTail(null, 10)).hasSize(3);
    }

    // --- instances ----------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Engine.class)
    void heartbeatsRegisterInstancesPerMigrationWithTheirAcknowledgedPhase(Engine engine) {
        ControlStore control = control(engine);
        InstanceInfo a = new InstanceInfo("a-1", "host-a", 101);
        InstanceInfo b = new InstanceInfo("b-1", "host-b", 202);

        control.instances().heartbeat(a, List.of(new InstanceAck(M, 2, Phase.DUAL_WRITE), new InstanceAck("payments", 1, Phase.LEGACY_ONLY)));
        control.instances().heartbeat(b, List.of(new InstanceAck(M, 0, null)));
        control.instances().heartbeat(a, List.of(new InstanceAck(M, 2, Phase.DUAL_WRITE), new InstanceAck(M, 3, Phase.SHADOW_READ)));

        List<InstanceStatus> instances = control.instances().list(M);
        assertThat(instances).extracting(InstanceStatus::instanceId).containsExactly("a-1", "b-1");
        InstanceStatus first = instances.get(0);
        assertThat(first.host()).isEqualTo("host-a");
        assertThat(first.pid()).isEqualTo(101);
        assertThat(first.ackedVersion()).isEqualTo(3);
        assertThat(first.ackedPhase()).isEqualTo(Phase.SHADOW_READ);
        assertThat(first.startedAt()).isBeforeOrEqualTo(first.heartbeatAt());
        assertThat(first.heartbeatAge()).isGreaterThanOrEqualTo(Duration.ZERO);
        assertThat(instances.get(1).ackedPhase()).isNull();
        assertThat(control.instances().list("payments")).singleElement()
                .satisfies(s -> assertThat(s.ackedPhase()).isEqualTo(Phase.LEGACY_ONLY));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void heartbeatAgeIsMeasuredByTheDatabaseClock(Engine engine) {
        ControlStore control = control(engine);
        InstanceInfo a = new InstanceInfo("a-1", "host-a", 101);
        control.instances().heartbeat(a, List.of(new InstanceAck(M, 1, Phase.LEGACY_ONLY)));
        db.execute(engine == Engine.POSTGRES
                ? "UPDATE decant_instances SET heartbeat_at = heartbeat_at - interval '10 minutes', lease_at = lease_at - interval '10 minutes'"
                : "UPDATE decant_instances SET heartbeat_at = heartbeat_at - INTERVAL 10 MINUTE, lease_at = lease_at - INTERVAL 10 MINUTE");

        InstanceStatus stale = control.instances().list(M).get(0);
        assertThat(stale.heartbeatAge()).isGreaterThanOrEqualTo(Duration.ofMinutes(10));
        assertThat(stale.leaseAge()).isGreaterThanOrEqualTo(Duration.ofMinutes(10));
        assertThat(stale.isLive(Duration.ofMinutes(5))).isFalse();
        assertThat(control.instances().renewLease("a-1", List.of(M), Duration.ofMinutes(5), 7)).hasValueSatisfying(g -> assertThat(g.states()).isEmpty());
        assertThat(control.instances().list(M).get(0).isLive(Duration.ofMinutes(5))).as("renewed by the poll").isTrue();
        assertThat(control.instances().renewLease("a-1", List.of(M, "payments"), Duration.ofMinutes(5), 7)).as("not registered for payments: nothing renewed").isEmpty();

        control.instances().heartbeat(a, List.of());
        InstanceStatus fresh = control.instances().list(M).get(0);
        assertThat(fresh.heartbeatAge()).isLessThan(Duration.ofMinutes(10));
        assertThat(fresh.ackedVersion()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void deadInstancesAreForgottenAndCleanShutdownsDeregister(Engine engine) {
        ControlStore control = control(engine);
        control.instances().heartbeat(new InstanceInfo("old", "h", 1), List.of(new InstanceAck(M, 1, Phase.LEGACY_ONLY)));
        control.instances().heartbeat(new InstanceInfo("live", "h", 2), List.of(new InstanceAck(M, 1, Phase.LEGACY_ONLY)));
        control.instances().heartbeat(new InstanceInfo("leaving", "h", 3), List.of(new InstanceAck(M, 1, Phase.LEGACY_ONLY),
                new InstanceAck("payments", 1, Phase.LEGACY_ONLY)));
        db.execute(engine == Engine.POSTGRES
                ? "UPDATE decant_instances SET lease_at = lease_at - interval '1 hour' WHERE instance_id = 'old'"
                : "UPDATE decant_instances SET lease_at = lease_at - INTERVAL 1 HOUR WHERE instance_id = 'old'");

        assertThat(control.instances().forget(Duration.ofMinutes(30))).isEqualTo(1);
        control.instances().deregister("leaving");

        assertThat(control.instances().list(M)).extracting(InstanceStatus::instanceId).containsExactly("live");
        assertThat(control.instances().list("payments")).isEmpty();
    }

    // --- repair journal -----------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Engine.class)
    void enqueueingAKeyAgainSupersedesItsDirectionAndBumpsItsSeq(Engine engine) {
        ControlStore control = control(engine);
        control.journal().enqueue(M, List.of(Key.of(1), Key.of(2)), Direction.LEGACY_TO_NEW, JournalOrigin.SECOND_WRITE_FAILED);
        control.journal().enqueue(M, List.of(Key.of(1)), Direction.NEW_TO_LEGACY, JournalOrigin.SECOND_WRITE_FAILED);
        control.journal().enqueue("payments", List.of(Key.of(1)), Direction.LEGACY_TO_NEW, JournalOrigin.SECOND_WRITE_FAILED);

        assertThat(control.journal().depth(M)).isEqualTo(2);
        List<JournalEntry> entries = control.journal().claim(M, "w", 10, Duration.ofMinutes(1));
        assertThat(entries).extracting(JournalEntry::key).containsExactly(Key.of(1), Key.of(2));
        assertThat(entries.get(0).direction()).isEqualTo(Direction.NEW_TO_LEGACY);
        assertThat(entries.get(0).seq()).isEqualTo(2);
        assertThat(entries.get(1).direction()).isEqualTo(Direction.LEGACY_TO_NEW);
        assertThat(entries.get(1).seq()).isEqualTo(1);
        assertThat(entries.get(0).enqueuedAt()).isNotNull();
        assertThat(entries.get(0).migration()).isEqualTo(M);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aMismatchJournalsANewKeyButKeepsTheDirectionAWriteGaveAnEntry(Engine engine) {
        ControlStore control = control(engine);
        control.journal().enqueue(M, List.of(Key.of(1)), Direction.NEW_TO_LEGACY, JournalOrigin.SECOND_WRITE_FAILED);
        // a reader that still treats legacy as authoritative (it lags the flip) finds keys 1 and 2 different
        control.journal().enqueue(M, List.of(Key.of(1), Key.of(2)), Direction.LEGACY_TO_NEW, JournalOrigin.SHADOW_MISMATCH);

        List<JournalEntry> entries = control.journal().claim(M, "w", 10, Duration.ofMinutes(1));
        assertThat(entries).extracting(JournalEntry::key).containsExactly(Key.of(1), Key.of(2));
        assertThat(entries.get(0).direction()).as("the failed write's direction stands").isEqualTo(Direction.NEW_TO_LEGACY);
        assertThat(entries.get(0).seq()).as("and the entry runs again").isEqualTo(2);
        assertThat(entries.get(1).direction()).isEqualTo(Direction.LEGACY_TO_NEW);
        assertThat(entries.get(1).seq()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aBatchMayRepeatKeysAndMixKeyTypes(Engine engine) {
        ControlStore control = control(engine);
        List<Key> keys = List.of(Key.of(7), Key.of(7), Key.of("eu", 7), Key.of("EU", 7),
                Key.of("3f2504e0-4f89-11d3-9a0c-0305e82c3301"), Key.of(new java.math.BigDecimal("1.50")));

        control.journal().enqueue(M, keys, Direction.LEGACY_TO_NEW, JournalOrigin.SECOND_WRITE_FAILED);

        assertThat(control.journal().depth(M)).isEqualTo(5);
        assertThat(control.journal().claim(M, "w", 10, Duration.ofMinutes(1))).extracting(JournalEntry::key)
                .containsExactlyInAnyOrder(Key.of(7), Key.of("eu", 7), Key.of("EU", 7),
                        Key.of("3f2504e0-4f89-11d3-9a0c-0305e82c3301"), Key.of(new java.math.BigDecimal("1.5")));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void enqueueingThousandsOfKeysAtOnceWorks(Engine engine) {
        ControlStore control = control(engine);
        List<Key> keys = IntStream.range(0, 2_500).mapToObj(Key::of).toList();

        control.journal().enqueue(M, keys, Direction.LEGACY_TO_NEW, JournalOrigin.SECOND_WRITE_FAILED);
        control.journal().enqueue(M, keys, Direction.NEW_TO_LEGACY, JournalOrigin.SECOND_WRITE_FAILED);

        assertThat(control.journal().depth(M)).isEqualTo(2_500);
        assertThat(control.journal().claim(M, "w", 3_000, Duration.ofMinutes(1)))
                .allSatisfy(e -> assertThat(e.seq()).isEqualTo(2))
                .allSatisfy(e -> assertThat(e.direction()).isEqualTo(Direction.NEW_TO_LEGACY));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void concurrentClaimsNeverHandOutTheSameEntryTwice(Engine engine) throws Exception {
        ControlStore control = control(engine);
        control.journal().enqueue(M, IntStream.range(0, 300).mapToObj(Key::of).toList(), Direction.LEGACY_TO_NEW, JournalOrigin.SECOND_WRITE_FAILED);
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        List<Long> duplicates = Collections.synchronizedList(new ArrayList<>());

        List<Integer> claimedPerWorker = inParallel(4, () -> {
            String worker = Thread.currentThread().getName();
            int claimed = 0;
            while (true) {
                List<JournalEntry> batch = control.journal().claim(M, worker, 7, Duration.ofMinutes(5));
                if (batch.isEmpty()) {
                    return claimed;
                }
                for (JournalEntry e : batch) {
                    if (!seen.add(e.id())) {
                        duplicates.add(e.id());
                    }
                }
                claimed += batch.size();
            }
        });

        assertThat(duplicates).isEmpty();
        assertThat(seen).hasSize(300);
        assertThat(claimedPerWorker.stream().mapToInt(Integer::intValue).sum()).isEqualTo(300);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aClaimedEntryStaysClaimedWhenEnqueuedAgain(Engine engine) {
        ControlStore control = control(engine);
        control.journal().enqueue(M, List.of(Key.of(1)), Direction.LEGACY_TO_NEW, JournalOrigin.SECOND_WRITE_FAILED);
        assertThat(control.journal().claim(M, "w1", 10, Duration.ofMinutes(5))).hasSize(1);

        control.journal().enqueue(M, List.of(Key.of(1)), Direction.NEW_TO_LEGACY, JournalOrigin.SECOND_WRITE_FAILED);

        assertThat(control.journal().claim(M, "w2", 10, Duration.ofMinutes(5))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void anExpiredClaimCanBeClaimedAgain(Engine engine) {
        ControlStore control = control(engine);
        control.journal().enqueue(M, List.of(Key.of(1)), Direction.LEGACY_TO_NEW, JournalOrigin.SECOND_WRITE_FAILED);
        JournalEntry first = control.journal().claim(M, "w1", 10, Duration.ofMinutes(5)).get(0);
        db.execute(engine == Engine.POSTGRES
                ? "UPDATE decant_journal SET claimed_until = claimed_until - interval '10 minutes'"
                : "UPDATE decant_journal SET claimed_until = claimed_until - INTERVAL 10 MINUTE");

        assertThat(control.journal().claim(M, "w2", 10, Duration.ofMinutes(5))).extracting(JournalEntry::id).containsExactly(first.id());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void completingAfterTheKeyWasEnqueuedAgainKeepsTheEntryForTheNextRepair(Engine engine) {
        ControlStore control = control(engine);
        control.journal().enqueue(M, List.of(Key.of(1)), Direction.LEGACY_TO_NEW, JournalOrigin.SECOND_WRITE_FAILED);
        JournalEntry claimed = control.journal().claim(M, "w1", 10, Duration.ofMinutes(5)).get(0);
        control.journal().enqueue(M, List.of(Key.of(1)), Direction.NEW_TO_LEGACY, JournalOrigin.SECOND_WRITE_FAILED);

        control.journal().complete(claimed);

        assertThat(control.journal().depth(M)).isEqualTo(1);
        JournalEntry again = control.journal().claim(M, "w2", 10, Duration.ofMinutes(5)).get(0);
        assertThat(again.id()).isEqualTo(claimed.id());
        assertThat(again.seq()).isEqualTo(2);
        assertThat(again.direction()).isEqualTo(Direction.NEW_TO_LEGACY);

        control.journal().complete(again);
        assertThat(control.journal().depth(M)).isZero();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aFailedRepairCountsTheAttemptAndReleasesTheEntry(Engine engine) {
        ControlStore control = control(engine);
        control.journal().enqueue(M, List.of(Key.of(1)), Direction.LEGACY_TO_NEW, JournalOrigin.SECOND_WRITE_FAILED);
        JournalEntry claimed = control.journal().claim(M, "w1", 10, Duration.ofMinutes(5)).get(0);

        control.journal().fail(claimed, "target down");
        JournalEntry again = control.journal().claim(M, "w2", 10, Duration.ofMinutes(5)).get(0);
        control.journal().fail(again, "still down");

        JournalEntry third = control.journal().claim(M, "w3", 10, Duration.ofMinutes(5)).get(0);
        assertThat(third.attempts()).isEqualTo(2);
        assertThat(third.lastError()).isEqualTo("still down");
        assertThat(control.journal().depth(M)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void deferredEntriesWaitUntilUndeferred(Engine engine) {
        ControlStore control = control(engine);
        control.journal().enqueue(M, List.of(Key.of(1), Key.of(2)), Direction.NEW_TO_LEGACY, JournalOrigin.NEW_ONLY_WRITE);
        control.journal().enqueue(M, List.of(Key.of(2)), Direction.NEW_TO_LEGACY, JournalOrigin.NEW_ONLY_WRITE);

        assertThat(control.journal().depth(M)).isZero();
        assertThat(control.journal().deferredDepth(M)).isEqualTo(2);
        assertThat(control.journal().claim(M, "w", 10, Duration.ofMinutes(1))).isEmpty();

        assertThat(control.journal().undefer(M)).isEqualTo(2);

        assertThat(control.journal().deferredDepth(M)).isZero();
        assertThat(control.journal().claim(M, "w", 10, Duration.ofMinutes(1))).extracting(JournalEntry::deferred).containsExactly(false, false);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void anUndeferredEnqueueReleasesADeferredEntryButADeferredOneDoesNotHoldBackAnOrdinaryEntry(Engine engine) {
        ControlStore control = control(engine);
        control.journal().enqueue(M, List.of(Key.of(1)), Direction.NEW_TO_LEGACY, JournalOrigin.NEW_ONLY_WRITE);
        control.journal().enqueue(M, List.of(Key.of(2)), Direction.LEGACY_TO_NEW, JournalOrigin.SECOND_WRITE_FAILED);

        control.journal().enqueue(M, List.of(Key.of(1)), Direction.LEGACY_TO_NEW, JournalOrigin.SECOND_WRITE_FAILED);
        control.journal().enqueue(M, List.of(Key.of(2)), Direction.NEW_TO_LEGACY, JournalOrigin.NEW_ONLY_WRITE);

        assertThat(control.journal().deferredDepth(M)).isZero();
        assertThat(control.journal().depth(M)).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void clearingTheJournalRemovesDeferredAndOrdinaryEntriesOfThatMigrationOnly(Engine engine) {
        ControlStore control = control(engine);
        control.journal().enqueue(M, List.of(Key.of(1)), Direction.NEW_TO_LEGACY, JournalOrigin.NEW_ONLY_WRITE);
        control.journal().enqueue(M, List.of(Key.of(2)), Direction.LEGACY_TO_NEW, JournalOrigin.SECOND_WRITE_FAILED);
        control.journal().enqueue("payments", List.of(Key.of(2)), Direction.LEGACY_TO_NEW, JournalOrigin.SECOND_WRITE_FAILED);

        assertThat(control.journal().clear(M)).isEqualTo(2);

        assertThat(control.journal().depth(M) + control.journal().deferredDepth(M)).isZero();
        assertThat(control.journal().depth("payments")).isEqualTo(1);
    }

    // --- intents ------------------------------------------------------------------------------

    private static Intent intent(Object key, Direction direction, String instance) {
        return new Intent(0, M, Key.of(key), direction, instance, null);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void intentsAreStoredInOneBatchWithIdsInOrderAndCleared(Engine engine) {
        ControlStore control = control(engine);
        List<Intent> batch = IntStream.range(0, 50).mapToObj(i -> intent(i, Direction.LEGACY_TO_NEW, "a-1")).toList();

        long[] ids = control.intents().insert(batch);

        assertThat(ids).hasSize(50).doesNotHaveDuplicates().isSorted();
        assertThat(control.intents().count(M)).isEqualTo(50);
        control.intents().delete(java.util.Arrays.copyOfRange(ids, 0, 30));
        assertThat(control.intents().count(M)).isEqualTo(20);
        assertThat(control.intents().insert(List.of())).isEmpty();
        control.intents().delete(new long[0]);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void intentsOfGoneInstancesAreStaleAndThoseOfLiveInstancesNeverAre(Engine engine) {
        ControlStore control = control(engine);
        control.instances().heartbeat(new InstanceInfo("live", "h", 1), List.of(new InstanceAck(M, 2, Phase.DUAL_WRITE)));
        control.instances().heartbeat(new InstanceInfo("dead", "h", 2), List.of(new InstanceAck(M, 2, Phase.DUAL_WRITE)));
        // "dead" heartbeats (its heartbeat thread runs) but has not renewed its lease for an hour: gone
        db.execute(engine == Engine.POSTGRES
                ? "UPDATE decant_instances SET lease_at = lease_at - interval '1 hour' WHERE instance_id = 'dead'"
                : "UPDATE decant_instances SET lease_at = lease_at - INTERVAL 1 HOUR WHERE instance_id = 'dead'");
        long[] ids = control.intents().insert(List.of(
                intent(1, Direction.LEGACY_TO_NEW, "live"),
                intent(2, Direction.LEGACY_TO_NEW, "dead"),
                intent(3, Direction.NEW_TO_LEGACY, "gone"),
                intent(4, Direction.LEGACY_TO_NEW, "live")));
        // an old intent of a live instance: its dual write may be waiting for a row lock
        db.execute(engine == Engine.POSTGRES
                ? "UPDATE decant_intents SET created_at = created_at - interval '2 hours' WHERE id = " + ids[3]
                : "UPDATE decant_intents SET created_at = created_at - INTERVAL 2 HOUR WHERE id = " + ids[3]);

        List<Intent> stale = control.intents().stale(M, Duration.ofMinutes(5), 100);

        assertThat(stale).extracting(Intent::key).containsExactly(Key.of(2), Key.of(3));
        assertThat(stale.get(1).direction()).isEqualTo(Direction.NEW_TO_LEGACY);
        assertThat(stale.get(1).instanceId()).isEqualTo("gone");
        assertThat(stale.get(1).createdAt()).isNotNull();
        assertThat(control.intents().stale(M, Duration.ofMinutes(5), 1)).hasSize(1);
        assertThat(control.intents().writeInFlight(M, Key.of(4), Direction.NEW_TO_LEGACY, Duration.ofMinutes(5)))
                .as("the old intent of the live instance is in flight").isTrue();
        assertThat(control.intents().writeInFlight(M, Key.of(2), Direction.NEW_TO_LEGACY, Duration.ofMinutes(5)))
                .as("the intent of the gone instance is not").isFalse();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void resolvingStaleIntentsJournalsTheirKeysAndRemovesThem(Engine engine) {
        ControlStore control = control(engine);
        control.intents().insert(List.of(
                intent(1, Direction.LEGACY_TO_NEW, "gone"),
                intent(2, Direction.NEW_TO_LEGACY, "gone"),
                intent(1, Direction.NEW_TO_LEGACY, "gone"),
                intent(9, Direction.LEGACY_TO_NEW, "gone")));
        List<Intent> stale = control.intents().stale(M, Duration.ofMinutes(5), 3);

        control.intents().resolve(M, stale);

        assertThat(control.intents().count(M)).isEqualTo(1);
        List<JournalEntry> journal = control.journal().claim(M, "w", 10, Duration.ofMinutes(1));
        assertThat(journal).extracting(JournalEntry::key).containsExactlyInAnyOrder(Key.of(1), Key.of(2));
        // key 1: its first intent set the direction; a later intent of the same key does not turn it around
        assertThat(journal).filteredOn(e -> e.key().equals(Key.of(1))).singleElement()
                .satisfies(e -> assertThat(e.direction()).isEqualTo(Direction.LEGACY_TO_NEW));
        assertThat(journal).filteredOn(e -> e.key().equals(Key.of(2))).singleElement()
                .satisfies(e -> assertThat(e.direction()).isEqualTo(Direction.NEW_TO_LEGACY));
        assertThat(journal).allSatisfy(e -> assertThat(e.origin()).isEqualTo(JournalOrigin.STALE_INTENT));
    }

    // --- evidence -----------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Engine.class)
    void shadowCountsAddUpPerPhaseVersion(Engine engine) {
        ControlStore control = control(engine);
        assertThat(control.evidence().shadowCounts(M, 3)).isEqualTo(ShadowCounts.ZERO);

        control.evidence().addShadowCounts(M, 3, new ShadowCounts(10, 1, 2, 3));
        control.evidence().addShadowCounts(M, 3, new ShadowCounts(5, 0, 1, 0));
        control.evidence().addShadowCounts(M, 4, new ShadowCounts(7, 7, 7, 7));

        assertThat(control.evidence().shadowCounts(M, 3)).isEqualTo(new ShadowCounts(15, 1, 3, 3));
        assertThat(control.evidence().shadowCounts(M, 4)).isEqualTo(new ShadowCounts(7, 7, 7, 7));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void shadowCountsFromManyInstancesAtOnceAreNotLost(Engine engine) throws Exception {
        ControlStore control = control(engine);

        inParallel(4, () -> {
            for (int i = 0; i < 25; i++) {
                control.evidence().addShadowCounts(M, 3, new ShadowCounts(1, 0, 0, 1));
            }
            return null;
        });

        assertThat(control.evidence().shadowCounts(M, 3)).isEqualTo(new ShadowCounts(100, 0, 0, 100));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void onlyTheNewestMismatchSamplesAreKept(Engine engine) {
        ControlStore control = control(engine);
        for (int i = 0; i < EvidenceTables.MISMATCHES_KEPT + 20; i++) {
            control.evidence().sampleMismatch(new MismatchSample(M, Key.of(i), 3, "{\"total\":" + i + "}", "∅", null));
        }
        control.evidence().sampleMismatch(new MismatchSample("payments", Key.of("p"), 1, "a", "b", null));

        assertThat(queryLong("SELECT COUNT(*) FROM decant_mismatches WHERE migration = 'orders'"))
                .isEqualTo(EvidenceTables.MISMATCHES_KEPT);
        List<MismatchSample> newest = control.evidence().mismatchSamples(M, 3);
        int last = EvidenceTables.MISMATCHES_KEPT + 19;
        assertThat(newest).extracting(MismatchSample::key).containsExactly(Key.of(last), Key.of(last - 1), Key.of(last - 2));
        assertThat(newest.get(0).legacyValue()).isEqualTo("{\"total\":" + last + "}");
        assertThat(newest.get(0).newValue()).isEqualTo("∅");
        assertThat(newest.get(0).phaseVersion()).isEqualTo(3);
        assertThat(newest.get(0).at()).isNotNull();
        assertThat(control.evidence().mismatchSamples("payments", 10)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theLatestVerificationIsTheNewestStored(Engine engine) {
        ControlStore control = control(engine);
        assertThat(control.evidence().latestVerification(M)).isEmpty();
        Instant started = Instant.parse("2026-01-02T03:04:05.123456Z");
        Instant finished = started.plusSeconds(60);

        long first = control.evidence().recordVerification(new VerificationRecord(0, M, 2, started, finished, true, 1000, 1, 2, 3, 0));
        long second = control.evidence().recordVerification(new VerificationRecord(0, M, 3, started, finished, false, 10, 0, 0, 0, 0));

        assertThat(second).isGreaterThan(first);
        VerificationRecord latest = control.evidence().latestVerification(M).orElseThrow();
        assertThat(latest).isEqualTo(new VerificationRecord(second, M, 3, started, finished, false, 10, 0, 0, 0, 0));
        assertThat(latest.clean()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theBackfillRecordIsReplacedInPlace(Engine engine) {
        ControlStore control = control(engine);
        assertThat(control.evidence().latestBackfill(M)).isEmpty();
        Instant started = Instant.parse("2026-01-02T03:04:05.5Z");

        control.evidence().recordBackfill(new BackfillRecord(M, 2, started, null, 100, 1000, 1, 10));
        control.evidence().recordBackfill(new BackfillRecord(M, 2, started, started.plusSeconds(30), 1000, 1000, 10, 10));

        BackfillRecord latest = control.evidence().latestBackfill(M).orElseThrow();
        assertThat(latest).isEqualTo(new BackfillRecord(M, 2, started, started.plusSeconds(30), 1000, 1000, 10, 10));
        assertThat(latest.completed()).isTrue();
        assertThat(queryLong("SELECT COUNT(*) FROM decant_backfill")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void storedTimesAreUtcWhateverTheJvmZone(Engine engine) {
        ControlStore control = control(engine);
        Instant started = Instant.now().truncatedTo(ChronoUnit.MICROS);
        control.evidence().recordBackfill(new BackfillRecord(M, 2, started, null, 0, 0, 0, 0));

        String text = queryText(engine == Engine.POSTGRES
                ? "SELECT to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') FROM decant_backfill"
                : "SELECT DATE_FORMAT(started_at, '%Y-%m-%dT%H:%i:%s.%f') FROM decant_backfill");

        assertThat(text).isEqualTo(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS")
                .withZone(java.time.ZoneOffset.UTC).format(started));
    }

    private String queryText(String sql) {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
