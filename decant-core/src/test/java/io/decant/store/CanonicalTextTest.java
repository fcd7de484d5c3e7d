package io.decant.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;
import org.junit.jupiter.api.Test;

/** The Java reference of the canonical text (the databases' side is proven equal in CanonicalHashPropertyIT). */
class CanonicalTextTest {

    @Test
    void decimalsOfDifferentScalesRenderAlike() {
        assertThat(CanonicalText.encode(new BigDecimal("12.50"), ValueKind.DECIMAL))
                .isEqualTo(CanonicalText.encode(new BigDecimal("12.5000"), ValueKind.DECIMAL)).isEqualTo("12.5");
        assertThat(CanonicalText.encode(new BigDecimal("100.00"), ValueKind.DECIMAL)).isEqualTo("100");
        assertThat(CanonicalText.encode(new BigDecimal("0.000"), ValueKind.DECIMAL)).isEqualTo("0");
        assertThat(CanonicalText.encode(100L, ValueKind.DECIMAL)).isEqualTo("100");
        assertThat(CanonicalText.encode(new BigDecimal("1E+3"), ValueKind.DECIMAL)).isEqualTo("1000");
    }

    @Test
    void timestampsWithAndWithoutZoneRenderAsUtcWallTime() {
        LocalDateTime wall = LocalDateTime.of(2024, 3, 1, 8, 15, 30, 123_000_000);
        assertThat(CanonicalText.encode(wall, ValueKind.TIMESTAMP)).isEqualTo("2024-03-01 08:15:30.123");
        assertThat(CanonicalText.encode(OffsetDateTime.of(2024, 3, 1, 10, 15, 30, 123_000_000, ZoneOffset.ofHours(2)),
                ValueKind.TIMESTAMP)).isEqualTo("2024-03-01 08:15:30.123");
        assertThat(CanonicalText.encode(wall.toInstant(ZoneOffset.UTC), ValueKind.TIMESTAMP)).isEqualTo("2024-03-01 08:15:30.123");
        assertThat(CanonicalText.encode(LocalDate.of(2024, 3, 1), ValueKind.TIMESTAMP)).isEqualTo("2024-03-01 00:00:00");
        assertThat(CanonicalText.encode(Instant.ofEpochSecond(0, 1000), ValueKind.TIMESTAMP)).isEqualTo("1970-01-01 00:00:00.000001");
    }

    @Test
    void booleansAndTinyintsRenderAsOneAndZero() {
        assertThat(CanonicalText.encode(true, ValueKind.BOOLEAN)).isEqualTo("1");
        assertThat(CanonicalText.encode(0L, ValueKind.BOOLEAN)).isEqualTo("0");
        assertThat(CanonicalText.encode(1, ValueKind.BOOLEAN)).isEqualTo("1");
    }

    @Test
    void textIsLengthPrefixedSoNoValueImitatesNullOrASeparator() {
        assertThat(CanonicalText.encode("N", ValueKind.TEXT)).isEqualTo("1:N").isNotEqualTo(CanonicalText.encode(null, ValueKind.TEXT));
        assertThat(CanonicalText.encode("é|", ValueKind.TEXT)).isEqualTo("3:é|");
        String twoColumns = CanonicalText.row(java.util.List.of(CanonicalText.encode("a|1:b", ValueKind.TEXT), "N"));
        String otherSplit = CanonicalText.row(java.util.List.of(CanonicalText.encode("a", ValueKind.TEXT),
                CanonicalText.encode("b|N", ValueKind.TEXT)));
        assertThat(twoColumns).isNotEqualTo(otherSplit);
    }

    @Test
    void jsonComparesByContentNotByFormatting() {
        assertThat(CanonicalText.encode("{\"b\": [1.50, 2], \"a\": null}", ValueKind.JSON))
                .isEqualTo(CanonicalText.encode("{\"a\":null,\"b\":[1.5,2]}", ValueKind.JSON));
        assertThat(CanonicalText.encode("{\"a\": 1}", ValueKind.JSON)).isNotEqualTo(CanonicalText.encode("{\"a\": 2}", ValueKind.JSON));
    }

    @Test
    void bytesAndUuidsRenderLowerCase() {
        assertThat(CanonicalText.encode(new byte[] {(byte) 0xAB, 0x01}, ValueKind.BYTES)).isEqualTo("ab01");
        assertThat(CanonicalText.encode("ABCDEF00-0000-0000-0000-000000000001", ValueKind.UUID))
                .isEqualTo("abcdef00-0000-0000-0000-000000000001");
    }

    @Test
    void theRowHashIsTheFirstEightBytesOfTheMd5() {
        // md5("") = d41d8cd98f00b204e9800998ecf8427e
        assertThat(CanonicalText.hash("")).isEqualTo(Long.parseUnsignedLong("d41d8cd98f00b204", 16));
    }

    @Property
    void equalDecimalsRenderAlikeWhateverTheirScale(@ForAll @BigRange(min = "-1000000000", max = "1000000000") BigDecimal d) {
        assertThat(CanonicalText.encode(d.setScale(d.scale() + 3), ValueKind.DECIMAL)).isEqualTo(CanonicalText.encode(d, ValueKind.DECIMAL));
        assertThat(new BigDecimal(CanonicalText.encode(d, ValueKind.DECIMAL))).isEqualByComparingTo(d);
    }
}
