package io.decant.internal.phase;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.Phase;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class EpochTrackerTest {

    @Test
    void acknowledgesTheCurrentVersionWhenNothingIsInFlight() {
        EpochTracker t = new EpochTracker(Phase.LEGACY_ONLY, 1);
        t.moveTo(Phase.DUAL_WRITE, 2);
        assertThat(t.acknowledged().version()).isEqualTo(2);
        assertThat(t.acknowledged().phase()).isEqualTo(Phase.DUAL_WRITE);
    }

    @Test
    void keepsAcknowledgingTheOldVersionWhileACallStartedUnderItIsRunning() {
        EpochTracker t = new EpochTracker(Phase.LEGACY_ONLY, 1);
        EpochTracker.Epoch call = t.enter();
        t.moveTo(Phase.DUAL_WRITE, 2);
        assertThat(t.acknowledged().version()).isEqualTo(1);
        t.exit(call);
        assertThat(t.acknowledged().version()).isEqualTo(2);
    }

    @Test
    void acknowledgesTheOldestEpochStillRunningCallsEvenWhenNewerOnesDrained() {
        EpochTracker t = new EpochTracker(Phase.DUAL_WRITE, 3);
        EpochTracker.Epoch slow = t.enter();
        t.moveTo(Phase.SHADOW_READ, 4);
        EpochTracker.Epoch quick = t.enter();
        t.moveTo(Phase.READ_NEW, 5);
        t.exit(quick);
        assertThat(t.acknowledged().version()).isEqualTo(3);
        t.exit(slow);
        assertThat(t.acknowledged().version()).isEqualTo(5);
    }

    @Test
    void newCallsRunUnderTheNewestEpoch() {
        EpochTracker t = new EpochTracker(Phase.DUAL_WRITE, 3);
        t.moveTo(Phase.SHADOW_READ, 4);
        EpochTracker.Epoch e = t.enter();
        assertThat(e.phase()).isEqualTo(Phase.SHADOW_READ);
        assertThat(e.version()).isEqualTo(4);
        t.exit(e);
    }

    @Test
    void ignoresAVersionThatIsNotNewer() {
        EpochTracker t = new EpochTracker(Phase.SHADOW_READ, 4);
        assertThat(t.moveTo(Phase.DUAL_WRITE, 4)).isFalse();
        assertThat(t.moveTo(Phase.DUAL_WRITE, 3)).isFalse();
        assertThat(t.current().phase()).isEqualTo(Phase.SHADOW_READ);
    }

    @Test
    void noCallRunsUnderAnEpochAfterItWasCountedAsDrained() throws Exception {
        EpochTracker t = new EpochTracker(Phase.LEGACY_ONLY, 1);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean violated = new AtomicBoolean();
        int threads = 4;
        CountDownLatch done = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            Thread th = new Thread(() -> {
                while (!stop.get()) {
                    EpochTracker.Epoch e = t.enter();
                    // while inside, the acknowledged version may never pass this call's version
                    if (t.acknowledged().version() > e.version()) {
                        violated.set(true);
                    }
                    t.exit(e);
                }
                done.countDown();
            });
            th.start();
        }
        for (long v = 2; v < 2000; v++) {
            t.moveTo(Phase.values()[(int) (v % 5)], v);
            t.acknowledged();
        }
        stop.set(true);
        done.await();
        assertThat(violated).isFalse();
        assertThat(t.acknowledged().version()).isEqualTo(1999);
    }
}
