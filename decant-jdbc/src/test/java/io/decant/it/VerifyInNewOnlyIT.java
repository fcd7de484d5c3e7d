package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.Decant;
import io.decant.Migration;
import io.decant.Phase;
import io.decant.VerifyOptions;
import io.decant.VerifyReport;
import io.decant.it.TwoStores.Order;
import io.decant.it.TwoStores.Topology;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * In NEW_ONLY the legacy store is no longer written, so every key written since the authority flip
 * differs, and keeps differing while the application writes. A verification there must tell those
 * apart (their journal entries are deferred: they are on record for a rollback) from a real
 * difference, so that the journey can reach RETIRED without a write pause: clean while a writer
 * keeps writing, and not clean when a key nobody wrote since the flip differs.
 */
class VerifyInNewOnlyIT {
    private static final int ROWS = 200;

    static List<Topology> topologies() {
        return TwoStores.crossTopologies();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void keysWrittenSinceTheFlipAreExpectedAndEveryOtherKeyMustBeIdentical(Topology topology) throws Exception {
        try (TwoStores fx = new TwoStores(topology)) {
            Decant decant = fx.open();
            decant.init();
            for (long id = 1; id <= ROWS; id++) {
                Order o = new Order(id, id % 7, id * 10, "NEW");
                fx.legacy.upsert(o);
                fx.target.upsert(o);
            }
            fx.walkTo(Phase.NEW_ONLY);
            Migration orders = decant.migration(TwoStores.MIGRATION);
            TwoStores.awaitVersion(orders, fx.state().version());

            // a writer keeps writing through the library for the whole verification: updates, deletes, inserts;
            // only keys above ROWS / 2, so that keys nobody wrote since the flip remain however long the
            // verification takes (a slow machine once let the writer reach every key)
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger written = new AtomicInteger();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                long n = 0;
                while (!stop.get()) {
                    long id = ROWS / 2 + 1 + (n * 37) % (ROWS / 2 + 50);
                    Order o = new Order(id, id % 7, 5_000 + n, "PAID");
                    if (n % 5 == 4) {
                        orders.write(id, () -> fx.legacy.delete(id), () -> fx.target.delete(id));
                    } else {
                        orders.write(id, () -> fx.legacy.upsert(o), () -> fx.target.upsert(o));
                    }
                    written.incrementAndGet();
                    n++;
                    TwoStores.sleep(2);
                }
            });
            VerifyReport underWrites;
            try {
                while (written.get() < 40) {
                    TwoStores.sleep(10);
                }
                underWrites = decant.verify(TwoStores.MIGRATION, VerifyOptions.defaults()
                        .withRecheckDelay(Duration.ofMillis(200)), null);
            } finally {
                stop.set(true);
                writer.get(30, TimeUnit.SECONDS);
            }
            assertThat(underWrites.clean()).as("clean under writes: %s", underWrites).isTrue();
            assertThat(underWrites.writtenSinceFlip()).as("keys written since the flip, counted apart").isPositive();

            // a key nobody wrote since the flip differs: a real difference
            long untouched = LongStream.rangeClosed(1, ROWS).filter(id -> fx.legacy.find(id).equals(fx.target.find(id))
                    && fx.control().journal().deferredKeys(TwoStores.MIGRATION, List.of(io.decant.spi.Key.of(id))).isEmpty())
                    .findFirst().orElseThrow();
            fx.target.upsert(new Order(untouched, 1, 1, "CORRUPT"));
            VerifyReport real = decant.verify(TwoStores.MIGRATION, VerifyOptions.defaults()
                    .withRecheckDelay(Duration.ofMillis(50)), null);
            assertThat(real.clean()).as("%s", real).isFalse();
            assertThat(real.differing()).isEqualTo(1);
            assertThat(real.samples()).singleElement().satisfies(d -> assertThat(d.key().get(0)).isEqualTo(untouched));
            assertThat(real.writtenSinceFlip()).as("the keys written since the flip still differ, as expected").isPositive();
        }
    }
}
