package io.decant.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemporalValuesTest {
    private static final LocalDateTime WALL = LocalDateTime.of(2026, 3, 29, 1, 30, 15, 123_456_000);
    private static final Instant AT = WALL.toInstant(ZoneOffset.UTC);

    @Test
    void everyFormOfOneMomentReadsAsTheSameUtcWallTimeAndInstant() {
        List<Object> forms = List.of(WALL, AT, AT.atOffset(ZoneOffset.ofHours(2)), AT.atZone(ZoneId.of("America/New_York")),
                java.sql.Timestamp.valueOf(WALL), "2026-03-29T01:30:15.123456", "2026-03-29 01:30:15.123456",
                "2026-03-29T03:30:15.123456+02:00", "2026-03-29T01:30:15.123456Z");
        for (Object form : forms) {
            assertThat(TemporalValues.utcWallTime(form)).as("%s (%s)", form, form.getClass().getSimpleName()).isEqualTo(WALL);
            assertThat(TemporalValues.instant(form)).as("%s (%s)", form, form.getClass().getSimpleName()).isEqualTo(AT);
            assertThat(TemporalValues.date(form)).as("%s", form).isEqualTo(WALL.toLocalDate());
        }
        assertThat(TemporalValues.instant(Date.from(AT))).isEqualTo(AT.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    @Test
    void aDateAloneIsItsMidnight() {
        LocalDate day = LocalDate.of(2026, 12, 3);
        for (Object form : List.of(day, java.sql.Date.valueOf(day), "2026-12-03")) {
            assertThat(TemporalValues.utcWallTime(form)).isEqualTo(day.atStartOfDay());
            assertThat(TemporalValues.instant(form)).isEqualTo(day.atStartOfDay().toInstant(ZoneOffset.UTC));
            assertThat(TemporalValues.date(form)).isEqualTo(day);
        }
    }

    @Test
    void timesOfDayAreReadFromEveryForm() {
        LocalTime t = LocalTime.of(23, 59, 58);
        assertThat(TemporalValues.time(t)).isEqualTo(t);
        assertThat(TemporalValues.time(java.sql.Time.valueOf(t))).isEqualTo(t);
        assertThat(TemporalValues.time("23:59:58")).isEqualTo(t);
    }

    @Test
    void otherTypesAreRefusedNamingTheType() {
        assertThat(TemporalValues.isTemporal(42L)).isFalse();
        assertThat(TemporalValues.isTemporal(OffsetDateTime.now())).isTrue();
        assertThatThrownBy(() -> TemporalValues.instant(42L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Long");
        assertThatThrownBy(() -> TemporalValues.utcWallTime(java.sql.Time.valueOf(LocalTime.NOON)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.sql.Time");
        assertThatThrownBy(() -> TemporalValues.time(3.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWallTimeOfAZoneIsReadAsUtcTheSkippedHourWithTheOffsetBeforeAndTheRepeatedOneAsStandardTime() {
        java.time.ZoneId berlin = java.time.ZoneId.of("Europe/Berlin");
        // summer (+02:00) and winter (+01:00)
        assertThat(TemporalValues.wallToUtc(LocalDateTime.of(2024, 7, 1, 12, 0), berlin)).isEqualTo(LocalDateTime.of(2024, 7, 1, 10, 0));
        assertThat(TemporalValues.wallToUtc(LocalDateTime.of(2024, 1, 1, 12, 0), berlin)).isEqualTo(LocalDateTime.of(2024, 1, 1, 11, 0));
        // 2026-03-29 02:30 does not exist in Berlin: read with the offset before the change (+01:00), as PostgreSQL does
        assertThat(TemporalValues.wallToUtc(LocalDateTime.of(2026, 3, 29, 2, 30), berlin)).isEqualTo(LocalDateTime.of(2026, 3, 29, 1, 30));
        // 2026-10-25 02:30 happens twice: standard time (+01:00), as PostgreSQL does
        assertThat(TemporalValues.wallToUtc(LocalDateTime.of(2026, 10, 25, 2, 30), berlin)).isEqualTo(LocalDateTime.of(2026, 10, 25, 1, 30));
        // and back
        assertThat(TemporalValues.utcToWall(LocalDateTime.of(2024, 7, 1, 10, 0), berlin)).isEqualTo(LocalDateTime.of(2024, 7, 1, 12, 0));
        assertThat(TemporalValues.utcToWall(LocalDateTime.of(2026, 10, 25, 1, 30), berlin)).isEqualTo(LocalDateTime.of(2026, 10, 25, 2, 30));
        assertThat(TemporalValues.utcToWall(LocalDateTime.of(2024, 7, 1, 10, 0, 0, 123_456_000), ZoneOffset.ofHours(-5)))
                .isEqualTo(LocalDateTime.of(2024, 7, 1, 5, 0, 0, 123_456_000));
    }
}
