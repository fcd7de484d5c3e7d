package io.decant.jdbc.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.Phase;
import io.decant.control.ControlStore;
import io.decant.control.Direction;
import io.decant.control.InstanceAck;
import io.decant.control.InstanceInfo;
import io.decant.control.Intent;
import io.decant.control.JournalEntry;
import io.decant.control.JournalOrigin;
import io.decant.control.LeaseFence;
import io.decant.control.LeaseGrant;
import io.decant.control.NewOnlyRecord;
import io.decant.jdbc.TestStores;
import io.decant.jdbc.driver.JdbcStoreConnection;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.spi.Key;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The control store's half of the protocol's fixes for the model's findings C, E and F
 * (model/README.md): journal writes fenced by the lease a call started under, a NEW_ONLY record that
 * never turns a legacy → new entry around, and the seq a repair re-reads before it copies.
 */
class JournalFencingIT {
    private static final String M = "orders";
    private static final Duration DEAD_AFTER = Duration.ofMinutes(5);
    private JdbcStoreConnection store;
    private Database db;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private ControlStore control(Engine engine) {
        db = TestStores.freshDatabase(engine);
        store = TestStores.open("control", db, 4);
        ControlStore control = store.control();
        control.migrateSchema();
        control.phases().register(M);
        return control;
    }

    private long join(ControlStore control, String instance, long proposed) {
        control.instances().heartbeat(new InstanceInfo(instance, "h", 1), List.of(new InstanceAck(M, 1, Phase.LEGACY_ONLY)));
        LeaseGrant grant = control.instances().renewLease(instance, List.of(M), DEAD_AFTER, proposed).orElseThrow();
        return grant.tokens().get(M);
    }

    private void age(Engine engine, String instance, String amount) {
        db.execute(engine == Engine.POSTGRES
                ? "UPDATE decant_instances SET lease_at = lease_at - interval '" + amount + "', heartbeat_at = heartbeat_at - interval '"
                + amount + "' WHERE instance_id = '" + instance + "'"
                : "UPDATE decant_instances SET lease_at = lease_at - INTERVAL " + amount + ", heartbeat_at = heartbeat_at - INTERVAL "
                + amount + " WHERE instance_id = '" + instance + "'");
    }

    private JournalEntry only(ControlStore control) {
        List<JournalEntry> entries = control.journal().claim(M, "w", 10, Duration.ofSeconds(1));
        assertThat(entries).hasSize(1);
        JournalEntry e = entries.get(0);
        control.journal().fail(e, null); // release the claim
        return e;
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aLeaseKeepsItsTokenWhileRenewedInTimeAndGetsANewOneAfterALapse(Engine engine) {
        ControlStore control = control(engine);
        long first = join(control, "i1", 11);
        assertThat(first).as("the first renewal takes the proposed token").isEqualTo(11);
        assertThat(control.instances().renewLease("i1", List.of(M), DEAD_AFTER, 22).orElseThrow().tokens()).containsEntry(M, 11L);

        age(engine, "i1", "10 minute");
        assertThat(control.instances().renewLease("i1", List.of(M), DEAD_AFTER, 33).orElseThrow().tokens())
                .as("a renewal after a lapse starts a new lease").containsEntry(M, 33L);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aFencedJournalWriteIsAcceptedOnlyUnderTheUnbrokenLeaseItsCallStartedUnder(Engine engine) {
        ControlStore control = control(engine);
        long token = join(control, "i1", 11);
        Key k = Key.of(1);

        assertThat(control.journal().enqueueFenced(M, k, Direction.LEGACY_TO_NEW, JournalOrigin.SECOND_WRITE_FAILED,
                new LeaseFence("i1", token, DEAD_AFTER))).isTrue();
        assertThat(only(control).direction()).isEqualTo(Direction.LEGACY_TO_NEW);

        // another instance's acknowledged NEW_ONLY write turns the entry around
        control.journal().enqueue(M, List.of(k), Direction.NEW_TO_LEGACY, JournalOrigin.NEW_ONLY_WRITE);
        control.journal().undefer(M);

        age(engine, "i1", "10 minute");
        assertThat(control.journal().enqueueFenced(M, k, Direction.LEGACY_TO_NEW, JournalOrigin.SECOND_WRITE_FAILED,
                new LeaseFence("i1", token, DEAD_AFTER))).as("lease lapsed").isFalse();
        // the instance wakes up and renews (a new token) before the paused call journals: still refused
        control.instances().renewLease("i1", List.of(M), DEAD_AFTER, 44);
        assertThat(control.journal().enqueueFenced(M, k, Direction.LEGACY_TO_NEW, JournalOrigin.SECOND_WRITE_FAILED,
                new LeaseFence("i1", token, DEAD_AFTER))).as("renewed after the lapse: another lease").isFalse();
        assertThat(only(control).direction()).as("the refused writes changed nothing").isEqualTo(Direction.NEW_TO_LEGACY);
        assertThat(control.journal().enqueueFenced(M, Key.of(2), Direction.LEGACY_TO_NEW, JournalOrigin.SECOND_WRITE_FAILED,
                new LeaseFence("i1", 44, DEAD_AFTER))).as("a call under the new lease").isTrue();
        assertThat(control.journal().enqueueFenced(M, Key.of(3), Direction.LEGACY_TO_NEW, JournalOrigin.SECOND_WRITE_FAILED,
                new LeaseFence("unknown", 44, DEAD_AFTER))).as("an unregistered instance").isFalse();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theSweeperRevokesTheLeaseOfAnInstanceItResolvesIntentsOfButNotOfOneThatRenewed(Engine engine) {
        ControlStore control = control(engine);
        long token = join(control, "i1", 11);
        long other = join(control, "i2", 12);
        control.intents().insert(List.of(new Intent(0, M, Key.of(1), Direction.LEGACY_TO_NEW, "i1", null),
                new Intent(0, M, Key.of(2), Direction.LEGACY_TO_NEW, "i2", null)));
        age(engine, "i1", "10 minute");
        age(engine, "i2", "10 minute");
        List<Intent> stale = control.intents().stale(M, DEAD_AFTER, 10);
        assertThat(stale).hasSize(2);
        // i2 renews between the sweeper's query and its resolution: it keeps its intent and its lease
        long renewed = control.instances().renewLease("i2", List.of(M), DEAD_AFTER, 99).orElseThrow().tokens().get(M);

        assertThat(control.intents().resolveStale(M, stale, DEAD_AFTER)).isEqualTo(1);

        assertThat(control.intents().count(M)).isEqualTo(1);
        assertThat(control.intents().writeInFlight(M, Key.of(2), Direction.NEW_TO_LEGACY, DEAD_AFTER)).isTrue();
        assertThat(renewed).as("i2's renewal found its lease lapsed").isEqualTo(99).isNotEqualTo(other);
        // i1's lease was revoked: a renewal now hands out a new token, and its old calls are fenced
        assertThat(control.instances().renewLease("i1", List.of(M), DEAD_AFTER, 55).orElseThrow().tokens()).containsEntry(M, 55L);
        assertThat(control.journal().enqueueFenced(M, Key.of(1), Direction.NEW_TO_LEGACY, JournalOrigin.SECOND_WRITE_FAILED,
                new LeaseFence("i1", token, DEAD_AFTER))).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aNewOnlyRecordLeavesALegacyToNewEntryAloneAndSaysSo(Engine engine) {
        ControlStore control = control(engine);
        join(control, "i1", 11);
        control.journal().enqueue(M, List.of(Key.of(1)), Direction.LEGACY_TO_NEW, JournalOrigin.SECOND_WRITE_FAILED);
        control.journal().enqueue(M, List.of(Key.of(2)), Direction.NEW_TO_LEGACY, JournalOrigin.SECOND_WRITE_FAILED);
        control.journal().enqueue(M, List.of(Key.of(3)), Direction.LEGACY_TO_NEW, JournalOrigin.SHADOW_MISMATCH);

        List<NewOnlyRecord> records = control.intents().recordNewOnlyWrites(M, List.of(Key.of(1), Key.of(2), Key.of(3), Key.of(4)), "i1");

        assertThat(records).extracting(NewOnlyRecord::journalAfterWrite).containsExactly(true, false, true, false);
        assertThat(records).extracting(NewOnlyRecord::intentId).doesNotHaveDuplicates().allMatch(id -> id > 0);
        List<JournalEntry> entries = control.journal().claim(M, "w", 10, Duration.ofSeconds(1));
        assertThat(entries).extracting(e -> e.key().get(0) + ":" + e.direction() + ":" + e.origin()).containsExactlyInAnyOrder(
                "1:LEGACY_TO_NEW:SECOND_WRITE_FAILED", "2:NEW_TO_LEGACY:NEW_ONLY_WRITE", "3:LEGACY_TO_NEW:SHADOW_MISMATCH",
                "4:NEW_TO_LEGACY:NEW_ONLY_WRITE");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aNewOnlyRecordIsDeferredInNewOnlyAndAfterTheRetireButNotAfterARollback(Engine engine) {
        ControlStore control = control(engine);
        for (Phase p : List.of(Phase.DUAL_WRITE, Phase.SHADOW_READ, Phase.READ_NEW, Phase.NEW_ONLY)) {
            moveTo(control, p);
        }
        control.intents().recordNewOnlyWrites(M, List.of(Key.of(1)), "i1");
        moveTo(control, Phase.RETIRED);
        // an instance that has not polled since the retire: its key is for a rollback after a restore
        control.intents().recordNewOnlyWrites(M, List.of(Key.of(2)), "i1");
        assertThat(control.journal().deferredDepth(M)).isEqualTo(2);
        assertThat(control.journal().depth(M)).as("nothing for a repair to copy into the retired table").isZero();
        assertThat(control.journal().deferredKeys(M, List.of(Key.of(1), Key.of(2), Key.of(3)))).containsExactlyInAnyOrder(Key.of(1), Key.of(2));

        moveTo(control, Phase.NEW_ONLY);
        moveTo(control, Phase.SHADOW_READ);
        control.intents().recordNewOnlyWrites(M, List.of(Key.of(3)), "i1");
        assertThat(control.journal().depth(M)).as("a lagging instance after a rollback journals for repair").isEqualTo(1);
    }

    private static void moveTo(ControlStore control, Phase to) {
        io.decant.control.MigrationState s = control.phases().state(M).orElseThrow();
        control.phases().transition(s, to, new io.decant.control.AuditEntry(0, M, null, "test@it", "test-setup", s.phase(), to,
                s.version() + 1, "test setup", false, null)).orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aClaimedEntryIsUnchangedUntilItsKeyIsJournaledAgain(Engine engine) {
        ControlStore control = control(engine);
        control.journal().enqueue(M, List.of(Key.of(1)), Direction.LEGACY_TO_NEW, JournalOrigin.SECOND_WRITE_FAILED);
        JournalEntry claimed = control.journal().claim(M, "w", 10, Duration.ofMinutes(1)).get(0);
        assertThat(control.journal().unchanged(claimed)).isTrue();

        control.journal().enqueue(M, List.of(Key.of(1)), Direction.NEW_TO_LEGACY, JournalOrigin.SECOND_WRITE_FAILED);

        assertThat(control.journal().unchanged(claimed)).isFalse();
    }
}
