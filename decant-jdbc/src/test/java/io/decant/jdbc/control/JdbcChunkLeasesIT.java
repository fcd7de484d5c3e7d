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
}
