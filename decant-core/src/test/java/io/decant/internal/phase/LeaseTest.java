package io.decant.internal.phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decant.InstanceFencedException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeaseTest {

    @Test
    void noLeaseBeforeTheFirstPoll() {
        Lease lease = new Lease(Duration.ofSeconds(15), "i-1");
        assertThat(lease.holds(lease.generation())).isFalse();
        assertThatThrownBy(() -> lease.check(lease.generation(), "orders", "refused a write"))
                .isInstanceOf(InstanceFencedException.class).hasMessageContaining("instance i-1 refused a write")
                .hasMessageContaining("cannot prove its phase current");
    }

    @Test
    void aLeaseLastsDeadAfterMinusTheMargin() {
        Lease lease = new Lease(Duration.ofSeconds(10), "i-1");
        assertThat(lease.duration()).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void aRenewedLeaseHoldsForTheCallsOfItsGeneration() {
        Lease lease = new Lease(Duration.ofSeconds(15), "i-1");
        lease.renewed(System.nanoTime());
        long g = lease.generation();
        assertThat(lease.holds(g)).isTrue();
        lease.renewed(System.nanoTime()); // renewed before it lapsed: same generation
        assertThat(lease.holds(g)).isTrue();
    }

    @Test
    void aLeaseThatLapsedFailsTheCallsThatRanAcrossTheLapseEvenOnceRenewed() throws InterruptedException {
        Lease lease = new Lease(Duration.ofMillis(100), "i-1"); // lasts 80 ms
        lease.renewed(System.nanoTime());
        long g = lease.generation();
        Thread.sleep(120); // a pause longer than the lease
        assertThat(lease.holds(g)).isFalse();
        lease.renewed(System.nanoTime());
        assertThat(lease.holds(g)).as("a call that started before the lapse").isFalse();
        assertThatThrownBy(() -> lease.check(g, "orders", "wrote its first store and stopped before the second"))
                .isInstanceOf(InstanceFencedException.class).hasMessageContaining("lapsed while the call ran");
        assertThat(lease.generation()).as("the renewal after the lapse starts a new generation").isNotEqualTo(g);
        lease.renewed(System.nanoTime()); // renewed again just now: the check above may have taken longer than 80 ms on a loaded machine
        assertThat(lease.holds(lease.generation())).as("a call that starts now").isTrue();
    }

    @Test
    void aRenewalCountsFromWhenThePollWasSent() throws InterruptedException {
        Lease lease = new Lease(Duration.ofMillis(100), "i-1");
        long sent = System.nanoTime();
        Thread.sleep(90); // the poll's reply took longer than the lease
        lease.renewed(sent);
        assertThat(lease.holds(lease.generation())).as("sent 90 ms ago, lasts 80 ms").isFalse();
    }
}
