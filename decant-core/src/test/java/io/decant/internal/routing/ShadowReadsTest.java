package io.decant.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decant.Phase;
import io.decant.ShadowComparator;
import io.decant.config.ShadowSettings;
import io.decant.control.Direction;
import io.decant.control.ShadowCounts;
import io.decant.metrics.MetricsRecorder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShadowReadsTest {
    record Mismatch(Object key, long version, String legacy, String neu, Direction repair) {
    }

    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final ShadowTally tally = new ShadowTally();
    final List<Mismatch> mismatches = new CopyOnWriteArrayList<>();
    final ShadowCounts[] total = {ShadowCounts.ZERO};

    ShadowReads reads(int parallelism, ShadowComparator<?> cmp) {
        return new ShadowReads("orders", new ShadowSettings(100, 1, 0.99, Duration.ofMillis(20), 100, parallelism), cmp, tally,
                MetricsRecorder.Meters.NONE, (k, v, l, n, d) -> mismatches.add(new Mismatch(k, v, l, n, d)), scheduler);
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** Drains the tally until {@code n} comparisons were counted (or 10 s passed). */
    ShadowCounts awaitCounted(long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (Map.Entry<Long, ShadowCounts> e : tally.drain().entrySet()) {
                total[0] = total[0].plus(e.getValue());
            }
            ShadowCounts t = total[0];
            if (t.matched() + t.mismatched() + t.ignored() + t.errored() >= n) {
                return t;
            }
            Thread.sleep(5);
        }
        return total[0];
    }

    @Test
    void theAnsweringReadsResultIsReturnedAndMatchesAreCounted() throws Exception {
        try (ShadowReads r = reads(2, ShadowComparator.equality())) {
            Optional<String> got = r.read(Phase.SHADOW_READ, 4, 1L, () -> Optional.of("a"), () -> Optional.of("a"), true);
            assertThat(got).contains("a");
            assertThat(awaitCounted(1)).isEqualTo(new ShadowCounts(1, 0, 0, 0));
        }
    }

    @Test
    void aPersistentMismatchIsCountedSampledAndJournaledFromTheAuthoritativeStore() throws Exception {
        try (ShadowReads r = reads(2, ShadowComparator.equality())) {
            Optional<String> got = r.read(Phase.READ_NEW, 6, 9L, () -> Optional.of("old"), () -> Optional.of("new"), false);
            assertThat(got).contains("new");
            assertThat(awaitCounted(1)).isEqualTo(new ShadowCounts(0, 1, 0, 0));
            assertThat(mismatches).containsExactly(new Mismatch(9L, 6, "old", "new", Direction.NEW_TO_LEGACY));
        }
    }

    @Test
    void aQuerysCollectionIsComparedFromACopyOfTheAnswerInAnyOrder() throws Exception {
        try (ShadowReads r = reads(2, ShadowComparator.equality())) {
            java.util.ArrayList<Long> got = r.readAll(Phase.SHADOW_READ, 4, "all", () -> new java.util.ArrayList<>(List.of(1L, 2L, 3L)),
                    () -> new java.util.ArrayList<>(List.of(3L, 1L, 2L)), x -> x, true);
            got.clear(); // the caller's own list: the comparison must not see this
            assertThat(awaitCounted(1)).isEqualTo(new ShadowCounts(1, 0, 0, 0));
        }
    }

    @Test
    void aPersistentCollectionMismatchIsOneComparisonAndEachDifferingElementGoesToTheSinkUnderItsKey() throws Exception {
        try (ShadowReads r = reads(2, ShadowComparator.equality())) {
            List<String> got = r.readAll(Phase.READ_NEW, 6, "all", () -> List.of("a", "b"), () -> List.of("b", "c"),
                    s -> s, false);
            assertThat(got).containsExactly("b", "c");
            assertThat(awaitCounted(1)).isEqualTo(new ShadowCounts(0, 1, 0, 0));
            assertThat(mismatches).containsExactlyInAnyOrder(new Mismatch("a", 6, "a", "∅", Direction.NEW_TO_LEGACY),
                    new Mismatch("c", 6, "∅", "c", Direction.NEW_TO_LEGACY));
        }
    }

    @Test
    void aMismatchThatIsGoneOnRecheckCountsAsMatched() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (ShadowReads r = reads(2, ShadowComparator.equality())) {
            r.read(Phase.SHADOW_READ, 4, 1L, () -> Optional.of("v2"),
                    () -> Optional.of(calls.incrementAndGet() == 1 ? "v1" : "v2"), true);
            assertThat(awaitCounted(1)).isEqualTo(new ShadowCounts(1, 0, 0, 0));
            assertThat(mismatches).isEmpty();
        }
    }

    @Test
    void aFailedShadowReadCountsAsErroredAndDoesNotReachTheCaller() throws Exception {
        try (ShadowReads r = reads(2, ShadowComparator.equality())) {
            Optional<String> got = r.read(Phase.SHADOW_READ, 4, 1L, () -> Optional.of("a"), () -> {
                throw new IllegalStateException("new store down");
            }, true);
            assertThat(got).contains("a");
            assertThat(awaitCounted(1)).isEqualTo(new ShadowCounts(0, 0, 0, 1));
        }
    }

    @Test
    void knownDifferencesCountAsIgnoredNotAsMatches() throws Exception {
        ShadowComparator<String> cmp = (l, n) -> l.equalsIgnoreCase(n) ? ShadowComparator.Outcome.IGNORED
                : ShadowComparator.Outcome.MISMATCH;
        try (ShadowReads r = reads(2, cmp)) {
            r.read(Phase.SHADOW_READ, 4, 1L, () -> Optional.of("A"), () -> Optional.of("a"), true);
            assertThat(awaitCounted(1)).isEqualTo(new ShadowCounts(0, 0, 1, 0));
        }
    }

    @Test
    void theShadowReadRunsOnAWorkerOnceTheAnswerIsIn() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        String caller = Thread.currentThread().getName();
        try (ShadowReads r = reads(2, ShadowComparator.equality())) {
            Optional<String> got = r.read(Phase.SHADOW_READ, 4, 1L, () -> {
                events.add("answer on " + Thread.currentThread().getName());
                return Optional.of("a");
            }, () -> {
                events.add("shadow on " + Thread.currentThread().getName());
                return Optional.of("a");
            }, true);
            assertThat(got).contains("a");
            assertThat(awaitCounted(1)).isEqualTo(new ShadowCounts(1, 0, 0, 0));
            assertThat(events).hasSize(2);
            assertThat(events.get(0)).isEqualTo("answer on " + caller);
            assertThat(events.get(1)).startsWith("shadow on decant-shadow-orders-");
        }
    }

    @Test
    void theAnsweringReadsFailureReachesTheCallerAndNothingIsCounted() throws Exception {
        try (ShadowReads r = reads(2, ShadowComparator.equality())) {
            assertThatThrownBy(() -> r.read(Phase.SHADOW_READ, 4, 1L, () -> {
                throw new IllegalStateException("legacy down");
            }, () -> Optional.of("a"), true)).hasMessage("legacy down");
            r.read(Phase.SHADOW_READ, 4, 2L, () -> Optional.of("b"), () -> Optional.of("b"), true);
            assertThat(awaitCounted(1)).isEqualTo(new ShadowCounts(1, 0, 0, 0));
        }
    }

    @Test
    void whenTheWorkersAreFullTheComparisonIsSkippedAndTheCallerIsNotBlocked() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ShadowReads r = reads(1, ShadowComparator.equality())) {
            // with one worker, 65 comparisons held (one running, 64 queued) fill it
            for (int i = 0; i < 65; i++) {
                r.read(Phase.SHADOW_READ, 4, (long) i, () -> Optional.of("a"), () -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Optional.of("a");
                }, true);
            }
            Optional<String> got = r.read(Phase.SHADOW_READ, 4, 99L, () -> Optional.of("answer"), () -> Optional.of("x"), true);
            assertThat(got).contains("answer");
            release.countDown();
            ShadowCounts c = awaitCounted(65);
            assertThat(c.matched()).isEqualTo(65);
            assertThat(c.mismatched()).isZero();
        }
    }
}
