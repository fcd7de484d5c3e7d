package io.decant.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AcknowledgedWritesTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private final AcknowledgedWrites ledger = new AcknowledgedWrites();

    private static Order order(long id, String status) {
        return new Order(id, 1, new BigDecimal("9.99"), status, null, false, T, T);
    }

    @Test
    void anAcknowledgedWriteSettlesTheKeyOnItsValue() {
        ledger.saved(order(1, "NEW"));
        ledger.saved(order(1, "PAID"));

        AcknowledgedWrites.Entry e = ledger.get(1).orElseThrow();
        assertThat(e.settled()).isTrue();
        assertThat(e.accepts(Optional.of(order(1, "PAID")))).isTrue();
        assertThat(e.accepts(Optional.of(order(1, "NEW")))).isFalse();
        assertThat(ledger.saves()).isEqualTo(2);
    }

    @Test
    void aDeleteSettlesTheKeyAsAbsent() {
        ledger.saved(order(2, "NEW"));
        ledger.deleted(2);

        assertThat(ledger.get(2).orElseThrow().accepts(Optional.empty())).isTrue();
        assertThat(ledger.get(2).orElseThrow().accepts(Optional.of(order(2, "NEW")))).isFalse();
    }

    @Test
    void aFailedWriteAcceptsTheStateBeforeAndTheAttemptedOneUntilTheNextAcknowledgedWrite() {
        ledger.failed(3, Optional.of(order(3, "NEW")), Optional.of(order(3, "PAID")));

        AcknowledgedWrites.Entry e = ledger.get(3).orElseThrow();
        assertThat(e.settled()).isFalse();
        assertThat(e.accepts(Optional.of(order(3, "NEW")))).isTrue();
        assertThat(e.accepts(Optional.of(order(3, "PAID")))).isTrue();
        assertThat(ledger.unsettled()).isEqualTo(1);

        ledger.saved(order(3, "SHIPPED"));

        assertThat(ledger.get(3).orElseThrow().settled()).isTrue();
        assertThat(ledger.unsettled()).isZero();
    }

    @Test
    void writesOfOneKeyShareOneLock() {
        assertThat(ledger.lock(42)).isSameAs(ledger.lock(42));
    }

    @Test
    void theGeneratorGivesEveryIdTheSameInitialRowEveryTime() {
        OrderGenerator a = new OrderGenerator(7, 1000, T);
        OrderGenerator b = new OrderGenerator(7, 1000, T);

        assertThat(a.initial(500)).isEqualTo(b.initial(500));
        assertThat(a.initial(500).updatedAt()).isBefore(T);
        assertThat(a.initial(500)).isNotEqualTo(a.initial(501));
    }
}
