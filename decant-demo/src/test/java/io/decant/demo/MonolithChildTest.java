package io.decant.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MonolithChildTest {

    @Test
    void aWriteCommandCarriesTheWholeOrder() {
        Order withNote = new Order(42, 7, new BigDecimal("123.40"), "PAID", "second floor, ring twice", true,
                Instant.parse("2026-01-02T03:04:05.123456Z"), Instant.parse("2026-02-03T04:05:06.000001Z"));
        Order withoutNote = new Order(43, 8, new BigDecimal("1.00"), "NEW", null, false,
                Instant.parse("2026-01-02T03:04:05Z"), Instant.parse("2026-01-02T03:04:05Z"));

        for (Order o : new Order[] {withNote, withoutNote}) {
            String line = MonolithChild.writeCommand(o);
            assertThat(MonolithChild.order(line.trim().split("\\s+"))).as(line).isEqualTo(o);
        }
    }
}
