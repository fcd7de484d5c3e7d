package io.decant.jdbc.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.control.BackfillPlan;
import io.decant.control.ChunkHandoff;
import io.decant.control.ChunkLease;
import io.decant.control.ChunkLeases;
import io.decant.control.UncheckedCopy;
import io.decant.jdbc.TestStores;
import io.decant.jdbc.driver.JdbcStoreConnection;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.spi.Key;
import io.decant.store.KeyRange;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Chunk leases and the unchecked copies recorded under them, on both control store engines. */
class JdbcChunkLeasesIT {
    private static final String M = "orders";

    private static BackfillPlan plan(ChunkLeases leases, int chunks) {
        leases.ensureSchema();
        return leases.planOnce(M, p -> false, new BackfillPlan(M, 0, 1, 1, 10, 0, 0, null, null), emit -> {
            for (int i = 0; i < chunks; i++) {
                emit.accept(KeyRange.between(i == 0 ? null : Key.of(i * 10L), Key.of((i + 1) * 10L)));
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void onlyTheLeaseHolderRecordsAnUncheckedCopyAndATakeoverSeesIt(Engine engine) throws Exception {
        try (JdbcStoreConnection store = TestStores.open("control", TestStores.freshDatabase(engine), 2)) {
            ChunkLeases leases = store.control().chunkLeases();
            BackfillPlan plan = plan(leases, 1);
            ChunkLease first = leases.claim(M, plan.planId(), "a", Duration.ofMillis(1)).orElseThrow();
            assertThat(leases.recordUncheckedCopy(first, "pg-xid:41")).isTrue();
            Thread.sleep(20); // the lease of 1 ms has run out by the control store's clock

            ChunkLease takeover = leases.claim(M, plan.planId(), "b", Duration.ofMinutes(5)).orElseThrow();

            assertThat(takeover.attempt()).isEqualTo(2);
            assertThat(leases.recordUncheckedCopy(first, "pg-xid:42")).isFalse();
            assertThat(leases.uncheckedCopies(M)).containsExactly(new UncheckedCopy(M, plan.planId(), 0,
                    KeyRange.between(null, Key.of(10L)), "pg-xid:41"));
            assertThat(leases.complete(first, 5)).isFalse();
            assertThat(leases.uncheckedCopies(M)).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aCheckpointForgetsTheChunksUncheckedCopiesAndClaimsTheNextChunkInTheSameTransaction(Engine engine) {
        try (JdbcStoreConnection store = TestStores.open("control", TestStores.freshDatabase(engine), 2)) {
            ChunkLeases leases = store.control().chunkLeases();
            BackfillPlan plan = plan(leases, 2);
            ChunkLease first = leases.claim(M, plan.planId(), "a", Duration.ofMinutes(5)).orElseThrow();
            assertThat(leases.recordUncheckedCopy(first, "pg-xid:7")).isTrue();

            ChunkHandoff handoff = leases.completeAndClaim(first, 10, "a", Duration.ofMinutes(5));

            assertThat(handoff.completed()).isTrue();
            assertThat(handoff.next()).map(ChunkLease::chunkNo).contains(1);
            assertThat(leases.uncheckedCopies(M)).isEmpty();
            ChunkHandoff last = leases.completeAndClaim(handoff.next().orElseThrow(), 7, "a", Duration.ofMinutes(5));
            assertThat(last.completed()).isTrue();
            assertThat(last.next()).isEmpty();
            assertThat(leases.progress(M, plan.planId()).rowsCopied()).isEqualTo(17);
            assertThat(leases.completeAndClaim(first, 10, "a", Duration.ofMinutes(5)).completed()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aSettledCopyIsForgotten(Engine engine) {
        try (JdbcStoreConnection store = TestStores.open("control", TestStores.freshDatabase(engine), 2)) {
            ChunkLeases leases = store.control().chunkLeases();
            BackfillPlan plan = plan(leases, 1);
            ChunkLease lease = leases.claim(M, plan.planId(), "a", Duration.ofMinutes(5)).orElseThrow();
            leases.recordUncheckedCopy(lease, "pg-xid:1");
            leases.recordUncheckedCopy(lease, "pg-xid:2");

            leases.forgetUncheckedCopy(leases.uncheckedCopies(M).get(0));

            assertThat(leases.uncheckedCopies(M)).extracting(UncheckedCopy::mark).containsExactly("pg-xid:2");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theTailsHolderStoresTheChunksItWalkedAndMovesTheTailsStartAndNoOneElseCan(Engine engine) throws Exception {
        try (JdbcStoreConnection store = TestStores.open("control", TestStores.freshDatabase(engine), 2)) {
            ChunkLeases leases = store.control().chunkLeases();
            leases.ensureSchema();
            BackfillPlan plan = leases.planOnce(M, p -> false, new BackfillPlan(M, 0, 1, 1, 10, 0, 0, null, null), emit -> {
                emit.accept(KeyRange.between(Key.of(10L), null));
                emit.accept(KeyRange.between(null, Key.of(10L)));
            });
            leases.updateEstimate(M, plan.planId(), 25);
            ChunkLease tail = leases.claim(M, plan.planId(), "walker", Duration.ofMillis(200)).orElseThrow();
            assertThat(tail.chunkNo()).as("the tail is claimed first").isZero();
            assertThat(tail.range()).isEqualTo(KeyRange.between(Key.of(10L), null));

            ChunkLease moved = leases.extendTail(tail, java.util.List.of(Key.of(20L), Key.of(30L), Key.of(40L)), 10,
                    Duration.ofMinutes(5)).orElseThrow();

            assertThat(moved.range()).isEqualTo(KeyRange.between(Key.of(40L), null));
            assertThat(moved.chunkNo()).isZero();
            assertThat(leases.chunks(M, plan.planId())).extracting(c -> c.chunkNo() + " " + c.range() + " " + c.state())
                    .containsExactly("0 " + KeyRange.between(Key.of(40L), null) + " leased",
                            "1 " + KeyRange.between(null, Key.of(10L)) + " pending",
                            "2 " + KeyRange.between(Key.of(10L), Key.of(20L)) + " pending",
                            "3 " + KeyRange.between(Key.of(20L), Key.of(30L)) + " pending",
                            "4 " + KeyRange.between(Key.of(30L), Key.of(40L)) + " pending");
            BackfillPlan grown = leases.plan(M).orElseThrow();
            assertThat(grown.chunksTotal()).isEqualTo(5);
            assertThat(grown.rowsEstimate()).isEqualTo(55);
            Thread.sleep(300); // past the first lease of 200 ms: the move renewed it
            assertThat(leases.claim(M, plan.planId(), "other", Duration.ofMinutes(5))).map(ChunkLease::chunkNo).contains(1);

            ChunkLease stranger = new ChunkLease(M, plan.planId(), 0, moved.range(), "other", moved.attempt());
            assertThat(leases.extendTail(stranger, java.util.List.of(Key.of(50L)), 10, Duration.ofMinutes(5)))
                    .as("not the lease holder").isEmpty();
            assertThat(leases.plan(M).orElseThrow().chunksTotal()).isEqualTo(5);
            assertThat(leases.complete(moved, 3)).isTrue();
            assertThat(leases.chunks(M, plan.planId()).get(0).range()).isEqualTo(KeyRange.between(Key.of(40L), null));
        }
    }
}
