package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.Decant;
import io.decant.Migration;
import io.decant.Phase;
import io.decant.RepairResult;
import io.decant.control.Direction;
import io.decant.control.JournalOrigin;
import io.decant.it.TwoStores.Order;
import io.decant.it.TwoStores.Topology;
import io.decant.spi.Key;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A repair whose direction is the opposite of the order in which a live writer writes the stores
 * (an entry journaled before the authority flip and repaired after it, or one journaled by an
 * instance that lags the flip) must not copy an older state over the writer's first write. The
 * writer is held between its two writes while the repair runs, so the interleaving that lost the
 * write is forced, not hoped for: without the in-flight check the repair copied the row the writer
 * had just deleted back into the store it had deleted it from. Once the writer goes on, the same
 * repair run finishes the key.
 */
class RepairAgainstInFlightWritesIT {
    private static final long KEY = 91;

    static Stream<Arguments> cases() {
        return TwoStores.crossTopologies().stream().flatMap(t -> Stream.of(
                // READ_NEW writers write the new store first; the entry copies legacy → new
                Arguments.of(t, Phase.READ_NEW, Direction.LEGACY_TO_NEW),
                // DUAL_WRITE writers write legacy first; the entry (left by a rollback) copies new → legacy
                Arguments.of(t, Phase.DUAL_WRITE, Direction.NEW_TO_LEGACY)));
    }

    @ParameterizedTest(name = "{0}, {1}, entry {2}")
    @MethodSource("cases")
    void aRepairAgainstTheWritersOrderWaitsForTheWriteInFlight(Topology topology, Phase phase, Direction entry) throws Exception {
        try (TwoStores fx = new TwoStores(topology)) {
            Decant operator = fx.open();
            operator.init();
            for (Phase p : List.of(Phase.DUAL_WRITE, Phase.SHADOW_READ, Phase.READ_NEW)) {
                if (phase.compareTo(p) >= 0) {
                    fx.setPhase(p);
                }
            }
            Order v1 = new Order(KEY, 7, 700, "NEW");
            fx.legacy.upsert(v1);
            fx.target.upsert(v1);
            fx.control().journal().enqueue(TwoStores.MIGRATION, List.of(Key.of(KEY)), entry, JournalOrigin.SECOND_WRITE_FAILED);

            CountDownLatch between = new CountDownLatch(1);
            CountDownLatch resume = new CountDownLatch(1);
            AtomicBoolean hold = new AtomicBoolean(true);
            Decant monolith = fx.open(Decant.builder(fx.config()).crashHook(() -> {
                if (hold.getAndSet(false)) {
                    between.countDown();
                    await(resume);
                }
            }));
            Migration orders = monolith.migration(TwoStores.MIGRATION);
            TwoStores.awaitVersion(orders, fx.state().version());

            // the monolith deletes the key: its first write lands, then it is held before the second
            CompletableFuture<Void> delete = CompletableFuture.runAsync(() ->
                    orders.write(KEY, () -> fx.legacy.delete(KEY), () -> fx.target.delete(KEY)));
            assertThat(between.await(20, TimeUnit.SECONDS)).as("the writer reached the gap between its writes").isTrue();

            CompletableFuture<RepairResult> repair = CompletableFuture.supplyAsync(() ->
                    operator.repair(TwoStores.MIGRATION, false, null));
            TwoStores.Side firstStore = phase == Phase.READ_NEW ? fx.target : fx.legacy;
            for (int i = 0; i < 10; i++) {
                TwoStores.sleep(50);
                assertThat(firstStore.find(KEY)).as("the writer's first write (the delete) is not overwritten while it is"
                        + " in flight").isEmpty();
            }
            assertThat(repair).as("the repair waits for the write in flight").isNotDone();

            resume.countDown();
            delete.get(20, TimeUnit.SECONDS);
            RepairResult after = repair.get(30, TimeUnit.SECONDS);
            assertThat(after.repaired()).as("repaired once the write finished: %s", after).isEqualTo(1);
            assertThat(after.failed()).isZero();
            assertThat(fx.legacy.find(KEY)).as("legacy after the acknowledged delete").isEmpty();
            assertThat(fx.target.find(KEY)).as("new store after the acknowledged delete").isEmpty();
            assertThat(fx.differences()).isEmpty();
            assertThat(fx.control().journal().depth(TwoStores.MIGRATION)).isZero();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the test never released the writer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
