package io.decant.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class GroupCommitTest {

    @Test
    void everyCallerReturnsOnlyOnceItsItemIsStoredAndConcurrentCallersShareBatches() throws InterruptedException {
        Set<Integer> stored = ConcurrentHashMap.newKeySet();
        AtomicInteger batches = new AtomicInteger();
        GroupCommit<Integer, Long> commits = new GroupCommit<>(items -> {
            batches.incrementAndGet();
            sleep(2); // a control-store round trip
            stored.addAll(items);
            return items.stream().map(i -> i * 10L).toList();
        }, 2, 1024);
        int threads = 32;
        int each = 50;
        List<Integer> notStoredOnReturn = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int base = t * each;
            new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    long result = commits.submit(base + i);
                    if (!stored.contains(base + i) || result != (base + i) * 10L) {
                        notStoredOnReturn.add(base + i);
                    }
                }
                done.countDown();
            }).start();
        }
        done.await();
        assertThat(notStoredOnReturn).isEmpty();
        assertThat(stored).hasSize(threads * each);
        assertThat(batches.get()).as("batches for %d items", threads * each).isLessThan(threads * each);
    }

    @Test
    void aFailedBatchFailsEveryCallerInIt() {
        GroupCommit<String, Long> commits = new GroupCommit<>(items -> {
            throw new IllegalStateException("control store down");
        }, 1, 16);
        assertThatThrownBy(() -> commits.submit("k")).isInstanceOf(IllegalStateException.class).hasMessage("control store down");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
