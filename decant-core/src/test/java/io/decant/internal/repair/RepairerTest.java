package io.decant.internal.repair;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.control.Direction;
import io.decant.spi.Row;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RepairerTest {

    static Optional<Row> row(Object version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", 1L);
        m.put("updated_at", version);
        return Optional.of(new Row(m));
    }

    @Test
    void withoutAVersionColumnTheJournaledDirectionDecides() {
        assertThat(Repairer.copyFrom(Direction.NEW_TO_LEGACY, row(5L), row(1L), null)).isEqualTo(Direction.NEW_TO_LEGACY);
        assertThat(Repairer.copyFrom(Direction.LEGACY_TO_NEW, row(1L), row(5L), null)).isEqualTo(Direction.LEGACY_TO_NEW);
    }

    @Test
    void theNewerVersionWinsWhateverTheDirection() {
        assertThat(Repairer.copyFrom(Direction.LEGACY_TO_NEW, row(1L), row(5L), "updated_at")).isEqualTo(Direction.NEW_TO_LEGACY);
        assertThat(Repairer.copyFrom(Direction.NEW_TO_LEGACY, row(7L), row(5L), "updated_at")).isEqualTo(Direction.LEGACY_TO_NEW);
    }

    @Test
    void equalVersionsAndMissingRowsFollowTheJournaledDirection() {
        assertThat(Repairer.copyFrom(Direction.NEW_TO_LEGACY, row(5L), row(5L), "updated_at")).isEqualTo(Direction.NEW_TO_LEGACY);
        assertThat(Repairer.copyFrom(Direction.LEGACY_TO_NEW, Optional.empty(), row(5L), "updated_at")).isEqualTo(Direction.LEGACY_TO_NEW);
        assertThat(Repairer.copyFrom(Direction.NEW_TO_LEGACY, row(5L), Optional.empty(), "updated_at")).isEqualTo(Direction.NEW_TO_LEGACY);
    }

    @Test
    void versionsFromDifferentDriversCompareByValue() {
        LocalDateTime t = LocalDateTime.of(2026, 1, 1, 12, 0);
        assertThat(VersionOrder.compare(t, OffsetDateTime.of(t.plusSeconds(1), ZoneOffset.UTC))).isNegative();
        assertThat(VersionOrder.compare(5L, new BigDecimal("5.0"))).isZero();
        assertThat(VersionOrder.compare(null, 1L)).isNegative();
        assertThat(VersionOrder.compare(java.sql.Timestamp.valueOf(t), t)).isZero();
    }

    @Test
    void rowsAreTheSameWhenEveryValueIsEqualIncludingByteArrays() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("id", 1L);
        a.put("blob", new byte[] {1, 2});
        Map<String, Object> b = new LinkedHashMap<>(a);
        b.put("blob", new byte[] {1, 2});
        assertThat(Row.sameState(Optional.of(new Row(a)), Optional.of(new Row(b)))).isTrue();
        b.put("blob", new byte[] {1, 3});
        assertThat(Row.sameState(Optional.of(new Row(a)), Optional.of(new Row(b)))).isFalse();
        assertThat(Row.sameState(Optional.empty(), Optional.empty())).isTrue();
        assertThat(Row.sameState(Optional.empty(), Optional.of(new Row(a)))).isFalse();
    }

    @Test
    void theRenameMapperRenamesBothWays() {
        Map<String, String> cols = new LinkedHashMap<>();
        cols.put("order_id", "id");
        cols.put("customer", "customer_id");
        RenameMapper m = new RenameMapper(cols);
        Map<String, Object> src = new LinkedHashMap<>();
        src.put("id", 1L);
        src.put("customer_id", 7L);
        src.put("unmapped", "x");
        Row target = m.toTarget(new Row(src));
        assertThat(target.values()).containsExactly(Map.entry("order_id", 1L), Map.entry("customer", 7L));
        assertThat(m.toSource(target).values()).containsExactly(Map.entry("id", 1L), Map.entry("customer_id", 7L));
    }
}
