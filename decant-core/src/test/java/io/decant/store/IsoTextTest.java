package io.decant.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast ISO text of timestamps gives exactly what {@link DateTimeFormatter} gives, and reads it back. */
class IsoTextTest {
    private static final long MIN = LocalDateTime.of(-20, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    private static final long MAX = LocalDateTime.of(10_020, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);

    @Test
    void writesWhatTheFormatterWritesAndReadsItBack() {
        SplittableRandom r = new SplittableRandom(7);
        for (int k = 0; k < 200_000; k++) {
            long second = k % 10 == 0 ? r.nextLong(MIN, MAX) : r.nextLong(0, 4_102_444_800L);
            int nano = switch (k % 5) {
                case 0 -> 0;
                case 1 -> r.nextInt(1000) * 1_000_000;
                case 2 -> r.nextInt(1_000_000) * 1000;
                case 3 -> r.nextInt(10) * 100_000_000;
                default -> r.nextInt(1_000_000_000);
            };
            Instant i = Instant.ofEpochSecond(second, nano);
            LocalDateTime t = LocalDateTime.ofEpochSecond(second, nano, ZoneOffset.UTC);

            String instant = IsoText.instant(i);
            String local = IsoText.localDateTime(t);

            assertThat(instant).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(i));
            assertThat(local).isEqualTo(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t));
            if (t.getYear() >= 0 && t.getYear() <= 9999) {
                assertThat(IsoText.plain(instant)).isEqualTo(t);
                assertThat(IsoText.plain(local)).isEqualTo(t);
            }
        }
    }

    @Test
    void readsThePlainFormsAsTheParsersDo() {
        for (String s : List.of("2024-02-29T23:59:59", "2024-02-29T23:59:59.5", "2024-02-29T23:59:59.123456789Z",
                "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999", "1970-01-01T00:00:00.000Z")) {
            LocalDateTime expected = s.endsWith("Z") ? OffsetDateTime.parse(s).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()
                    : LocalDateTime.parse(s);
            assertThat(IsoText.plain(s)).as(s).isEqualTo(expected);
        }
    }

    @Test
    void leavesEveryOtherFormToTheFormatter() {
        for (String s : List.of("2024-02-29T23:59", "2024-02-29 23:59:59", "2024-02-29T23:59:59.", "2024-02-29T23:59:59.1234567890",
                "2024-02-29T23:59:59+02:00", "2024-02-29T23:59:59z", "+10000-01-01T00:00:00Z", "2024-2-29T23:59:59",
                "2024-02-29T23:59:5x", "２０２４-02-29T23:59:59", "", "Z")) {
            assertThat(IsoText.plain(s)).as(s).isNull();
        }
    }

    @Test
    void anImpossibleDateOrTimeFailsAsWithTheFormatter() {
        for (String s : List.of("2023-02-29T00:00:00", "2024-13-01T00:00:00", "2024-01-01T24:00:00", "2024-01-01T00:60:00",
                "2024-01-01T00:00:60Z")) {
            assertThatThrownBy(() -> IsoText.plain(s)).as(s).isInstanceOf(DateTimeException.class);
            assertThatThrownBy(() -> LocalDateTime.parse(s.replace("Z", ""))).as(s).isInstanceOf(DateTimeException.class);
        }
    }
}
