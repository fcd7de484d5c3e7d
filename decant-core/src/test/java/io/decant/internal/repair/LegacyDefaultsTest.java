package io.decant.internal.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decant.DecantException;
import io.decant.config.BackfillSettings;
import io.decant.config.IntentMode;
import io.decant.config.MigrationConfig;
import io.decant.config.RetireSettings;
import io.decant.config.ShadowSettings;
import io.decant.config.TableConfig;
import io.decant.config.VerifySettings;
import io.decant.spi.Row;
import io.decant.store.ColumnInfo;
import io.decant.store.ValueKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The values of {@code legacy-defaults:}: converted by the legacy column's kind, added to inserts only where missing. */
class LegacyDefaultsTest {
    static final Map<String, String> COLUMNS = Map.of("order_id", "id", "customer", "customer_id", "total_cents", "total_cents");
    static final MigrationConfig M = new MigrationConfig("orders", new TableConfig("legacy", "orders", List.of("id"), Optional.empty()),
            new TableConfig("svc", "orders_v2", List.of("order_id"), Optional.empty()), COLUMNS, Optional.empty(),
            BackfillSettings.defaults(), ShadowSettings.defaults(), VerifySettings.defaults(), RetireSettings.defaults(),
            IntentMode.SYNC, Set.of());

    static ColumnInfo col(String name, String type, ValueKind kind) {
        return new ColumnInfo(name, type, kind, false, -1, -1, false);
    }

    @Test
    void numbersBooleansAndTextAreConvertedByTheColumnsKind() {
        assertThat(LegacyDefaults.convert("42", col("n", "int", ValueKind.INTEGER))).isEqualTo(42L);
        assertThat(LegacyDefaults.convert("1E+2", col("n", "int", ValueKind.INTEGER))).isEqualTo(100L);
        assertThat(LegacyDefaults.convert("123456789012345678901234567890", col("n", "numeric", ValueKind.INTEGER)))
                .isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(LegacyDefaults.convert("12.10", col("d", "decimal", ValueKind.DECIMAL))).isEqualTo(new BigDecimal("12.10"));
        assertThat(LegacyDefaults.convert("0.5", col("f", "double", ValueKind.FLOAT))).isEqualTo(0.5);
        assertThat(LegacyDefaults.convert("true", col("b", "boolean", ValueKind.BOOLEAN))).isEqualTo(true);
        assertThat(LegacyDefaults.convert("0", col("b", "tinyint", ValueKind.BOOLEAN))).isEqualTo(false);
        assertThat(LegacyDefaults.convert(" monolith ", col("t", "varchar", ValueKind.TEXT))).as("text is kept as written")
                .isEqualTo(" monolith ");
        assertThat(LegacyDefaults.convert("now", col("t", "varchar", ValueKind.TEXT))).as("now is only a time in a temporal column")
                .isEqualTo("now");
        assertThat(LegacyDefaults.convert("3F2504E0-4F89-11D3-9A0C-0305E82C3301", col("u", "uuid", ValueKind.UUID)))
                .isEqualTo("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        assertThat(LegacyDefaults.convert("active", col("e", "order_state", ValueKind.OTHER))).isEqualTo("active");
    }

    @Test
    void datesAndTimestampsAreIsoTextAndTimestampsAreUtc() {
        ColumnInfo local = col("c", "datetime", ValueKind.TIMESTAMP);
        ColumnInfo zoned = col("c", "timestamptz", ValueKind.TIMESTAMP_TZ);
        assertThat(LegacyDefaults.convert("2024-01-31T12:30:00", local)).isEqualTo(LocalDateTime.of(2024, 1, 31, 12, 30));
        assertThat(LegacyDefaults.convert("2024-01-31 12:30:00.5", local)).isEqualTo(LocalDateTime.of(2024, 1, 31, 12, 30, 0, 500_000_000));
        assertThat(LegacyDefaults.convert("2024-01-31", local)).isEqualTo(LocalDateTime.of(2024, 1, 31, 0, 0));
        assertThat(LegacyDefaults.convert("2024-01-31T14:30:00+02:00", local)).as("an offset is turned into UTC")
                .isEqualTo(LocalDateTime.of(2024, 1, 31, 12, 30));
        assertThat(LegacyDefaults.convert("2024-01-31T12:30:00", zoned)).as("no offset: UTC")
                .isEqualTo(Instant.parse("2024-01-31T12:30:00Z"));
        assertThat(LegacyDefaults.convert("2024-01-31", col("d", "date", ValueKind.DATE))).isEqualTo(LocalDate.of(2024, 1, 31));
        assertThat(LegacyDefaults.convert("07:15", col("t", "time", ValueKind.TIME))).isEqualTo(LocalTime.of(7, 15));
    }

    @Test
    void aValueThatDoesNotFitNamesTheColumnItsTypeAndWhatToWrite() {
        assertThatThrownBy(() -> LegacyDefaults.convert("1.5", col("priority", "int", ValueKind.INTEGER)))
                .hasMessage("'1.5' is not a value for column `priority` (int); write a whole number");
        assertThatThrownBy(() -> LegacyDefaults.convert("maybe", col("gift", "boolean", ValueKind.BOOLEAN)))
                .hasMessageContaining("write true or false");
        assertThatThrownBy(() -> LegacyDefaults.convert("31/01/2024", col("created_at", "datetime", ValueKind.TIMESTAMP)))
                .hasMessageContaining("write an ISO timestamp such as 2024-01-31T12:00:00, or now");
        assertThatThrownBy(() -> LegacyDefaults.convert("00", col("photo", "blob", ValueKind.BYTES)))
                .hasMessageContaining("is binary").hasMessageContaining("give it a DEFAULT in legacy");
    }

    static final List<ColumnInfo> LEGACY = List.of(col("id", "bigint", ValueKind.INTEGER), col("customer_id", "bigint", ValueKind.INTEGER),
            col("total_cents", "bigint", ValueKind.INTEGER), col("created_at", "datetime", ValueKind.TIMESTAMP),
            col("created_on", "date", ValueKind.DATE), col("seen_at", "timestamptz", ValueKind.TIMESTAMP_TZ),
            col("channel", "varchar", ValueKind.TEXT));

    @Test
    void onlyMissingColumnsAreAddedAndNowAsksTheClockOnce() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("created_at", "now");
        d.put("Created_On", "NOW");
        d.put("seen_at", "now");
        d.put("channel", "monolith");
        MigrationConfig m = M.withLegacyDefaults(d);
        LegacyDefaults defaults = LegacyDefaults.of(m, COLUMNS, LEGACY);
        AtomicInteger asked = new AtomicInteger();
        Instant at = Instant.parse("2024-05-06T07:08:09.123456Z");
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", 1L);
        values.put("customer_id", 2L);
        values.put("channel", "from the row mapper");
        Row out = defaults.addTo(new Row(values), () -> {
            asked.incrementAndGet();
            return at;
        });
        assertThat(out.values()).containsEntry("id", 1L).containsEntry("channel", "from the row mapper")
                .containsEntry("created_at", LocalDateTime.parse("2024-05-06T07:08:09.123456"))
                .containsEntry("created_on", LocalDate.of(2024, 5, 6)).containsEntry("seen_at", at);
        assertThat(asked).hasValue(1);
        assertThat(LegacyDefaults.NONE.addTo(new Row(values), () -> {
            throw new AssertionError("no clock without defaults");
        })).isEqualTo(new Row(values));
    }

    @Test
    void aDefaultThatDoesNotFitTheTableIsBadConfig() {
        MigrationConfig m = M.withLegacyDefaults(Map.of("created_at", "soon"));
        assertThatThrownBy(() -> LegacyDefaults.of(m, COLUMNS, LEGACY)).isInstanceOf(DecantException.class)
                .hasMessageContaining("migrations.orders.legacy-defaults.created_at: 'soon' is not a value");
    }
}
