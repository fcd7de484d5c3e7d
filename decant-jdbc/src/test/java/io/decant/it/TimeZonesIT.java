package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.decant.AdvanceRequest;
import io.decant.BackfillOptions;
import io.decant.Decant;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.Phase;
import io.decant.VerifyOptions;
import io.decant.VerifyReport;
import io.decant.config.DecantConfig;
import io.decant.jdbc.testing.TestDatabases;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A store's {@code time-zone:}: a monolith writing local wall times into a zone-less column
 * ({@code timestamp}, {@code DATETIME}) moves them into a service's column as the instants they are.
 * The backfill converts them, verification compares them by instant (hashed in the databases) and
 * finds a value off by the zone's offset, repair fixes it in either direction (into legacy as its
 * wall time again), and same-typed columns of differently zoned stores are not piped unconverted.
 * Every check of stored values is plain SQL in the databases, and the rows at a daylight saving
 * change are pinned to literal expectations.
 */
class TimeZonesIT {
    private static final String WALL_BERLIN = "Europe/Berlin";

    /** One legacy → target pair: engines, column types and the legacy store's zone. */
    record Case(Engine legacy, String legacyType, String zone, Engine target, String targetType, String targetZone) {
        boolean dstRegion() {
            return zone.contains("/");
        }

        @Override
        public String toString() {
            return legacy + " " + legacyType + " in " + zone + " → " + target + " " + targetType + " in " + targetZone;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case(Engine.POSTGRES, "timestamp(6)", WALL_BERLIN, Engine.POSTGRES, "timestamptz", "UTC"),
                // same types, different zones: must not be piped as they are
                new Case(Engine.POSTGRES, "timestamp(6)", WALL_BERLIN, Engine.POSTGRES, "timestamp(6)", "UTC"),
                // a MariaDB without time zone tables takes offsets
                new Case(Engine.MARIADB, "DATETIME(6)", "-05:00", Engine.POSTGRES, "timestamptz", "UTC"),
                new Case(Engine.POSTGRES, "timestamp(6)", WALL_BERLIN, Engine.MARIADB, "DATETIME(6)", "+01:00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void wallTimesMoveAsTheInstantsTheyAreVerifyByInstantAndRepairBothWays(Case c) throws Exception {
        try (Database legacy = TestDatabases.of(c.legacy()).createDatabase();
             Database target = TestDatabases.of(c.target()).createDatabase()) {
            legacy.execute("CREATE TABLE events (id bigint NOT NULL PRIMARY KEY, happened " + c.legacyType() + " NULL, day date,"
                    + " note varchar(20))");
            target.execute("CREATE TABLE events_v2 (event_id bigint NOT NULL PRIMARY KEY, happened_at " + c.targetType() + " NULL,"
                    + " day date, note varchar(20))");
            StringBuilder insert = new StringBuilder("INSERT INTO events (id, happened, day, note) VALUES ");
            for (int i = 1; i <= 300; i++) {
                // every 7 hours from 2026-03-20 (across the spring change), a microsecond part, some NULLs
                long minutes = i * 7L * 60 + i;
                String wall = c.legacy() == Engine.POSTGRES
                        ? "timestamp '2026-03-20 00:00:00' + interval '" + minutes + " minutes' + interval '" + i + " microseconds'"
                        : "TIMESTAMP '2026-03-20 00:00:00' + INTERVAL " + minutes + " MINUTE + INTERVAL " + i + " MICROSECOND";
                insert.append(i == 1 ? "" : ", ").append("(").append(i).append(", ").append(i % 17 == 0 ? "NULL" : wall)
                        .append(", DATE '2026-03-20', 'n").append(i).append("')");
            }
            insert.append(", (1001, '2026-03-29 02:30:00', NULL, 'skipped hour')")
                    .append(", (1002, '2026-10-25 02:30:00', NULL, 'repeated hour')")
                    .append(", (1003, '2024-07-01 12:00:00.123456', NULL, 'summer')");
            legacy.execute(insert.toString());

            try (Decant decant = open(c, legacy, target)) {
                decant.init();
                decant.advance("events", new AdvanceRequest(Optional.of(Phase.DUAL_WRITE), Duration.ofSeconds(10), true, "tz", "test"));
                decant.backfill("events", BackfillOptions.defaults(), null);

                Map<Long, String> expected = legacyAsUtc(legacy, c);
                assertThat(expected).hasSize(303);
                assertThat(targetAsUtc(target, c)).as("the target holds each legacy wall time as its instant").isEqualTo(expected);
                if (c.dstRegion()) {
                    assertThat(expected).as("the skipped hour with the offset before it, the repeated one as standard time")
                            .containsEntry(1001L, "2026-03-29 01:30:00.000000").containsEntry(1002L, "2026-10-25 01:30:00.000000")
                            .containsEntry(1003L, "2024-07-01 10:00:00.123456");
                } else {
                    assertThat(expected).containsEntry(1003L, "2024-07-01 17:00:00.123456");
                }

                VerifyReport clean = decant.verify("events", VerifyOptions.defaults(), null);
                assertThat(clean.differences()).as("verify compares by instant").isZero();

                // the classic zone bug: one target value off by exactly the offset
                target.execute("UPDATE events_v2 SET happened_at = " + shifted(c, "happened_at") + " WHERE event_id = 1003");
                VerifyReport off = decant.verify("events", VerifyOptions.defaults(), null);
                assertThat(off.differences()).as("a value off by the zone's offset is a difference").isEqualTo(1);
                decant.verify("events", VerifyOptions.defaults().withRepair(true), null);
                assertThat(targetAsUtc(target, c)).as("repaired from legacy").isEqualTo(expected);

                // legacy authoritative no more: a repair writes legacy, as its wall time in its zone
                decant.advance("events", new AdvanceRequest(Optional.of(Phase.READ_NEW), Duration.ofSeconds(10), true, "tz", "test"));
                target.execute("UPDATE events_v2 SET happened_at = " + targetLiteral(c) + " WHERE event_id = 7");
                decant.verify("events", VerifyOptions.defaults().withRepair(true), null);
                assertThat(legacyText(legacy, c.legacy(), 7)).as("legacy's wall time for 2025-01-15 08:00:00Z")
                        .isEqualTo(c.dstRegion() ? "2025-01-15 09:00:00.000000" : "2025-01-15 03:00:00.000000");
                assertThat(decant.verify("events", VerifyOptions.defaults(), null).differences()).isZero();
            }
        }
    }

    @Test
    void aRegionAMariaDbWithoutTimeZoneTablesDoesNotKnowIsRefusedNamingTheFix() throws Exception {
        try (Database legacy = TestDatabases.of(Engine.MARIADB).createDatabase();
             Database target = TestDatabases.of(Engine.POSTGRES).createDatabase();
             Connection conn = legacy.connect(); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT CONVERT_TZ('2000-01-01 00:00:00', 'Europe/Berlin', '+00:00')")) {
            rs.next();
            org.junit.jupiter.api.Assumptions.assumeTrue(rs.getObject(1) == null,
                    "this MariaDB has its time zone tables loaded: it knows Europe/Berlin");
            legacy.execute("CREATE TABLE events (id bigint NOT NULL PRIMARY KEY, happened DATETIME(6), day date, note varchar(20))");
            target.execute("CREATE TABLE events_v2 (event_id bigint NOT NULL PRIMARY KEY, happened_at timestamptz, day date,"
                    + " note varchar(20))");
            Case c = new Case(Engine.MARIADB, "DATETIME(6)", WALL_BERLIN, Engine.POSTGRES, "timestamptz", "UTC");
            DecantException refused = catchThrowableOfType(DecantException.class, () -> {
                try (Decant d = open(c, legacy, target)) {
                    d.init();
                }
            });
            assertThat(refused).isNotNull();
            assertThat(refused.code()).isEqualTo(ErrorCode.BAD_CONFIG);
            assertThat(refused.getMessage()).contains("stores.legacy.time-zone").contains("does not know the time zone 'Europe/Berlin'")
                    .contains("mariadb-tzinfo-to-sql").contains("+02:00");
        }
    }

    private static Decant open(Case c, Database legacy, Database target) throws IOException {
        String yaml = "control: legacy\n"
                + "stores:\n" + store("legacy", legacy, c.zone()) + store("service", target, c.targetZone())
                + "migrations:\n"
                + "  events:\n"
                + "    source: { store: legacy, table: events, key: [id] }\n"
                + "    target: { store: service, table: events_v2, key: [event_id] }\n"
                + "    columns: { event_id: id, happened_at: happened, day: day, note: note }\n";
        Path file = Files.createTempFile("decant-tz", ".yaml");
        try {
            Files.writeString(file, yaml);
            return Decant.open(DecantConfig.load(file));
        } finally {
            Files.delete(file);
        }
    }

    private static String store(String name, Database db, String zone) {
        return "  " + name + ":\n    url: " + db.url() + "\n"
                + (db.user() == null ? "" : "    user: " + db.user() + "\n")
                + (db.password() == null ? "" : "    password: " + db.password() + "\n")
                + "    time-zone: \"" + zone + "\"\n";
    }

    /** Legacy's wall times as UTC, computed by the legacy database itself. */
    private static Map<Long, String> legacyAsUtc(Database legacy, Case c) throws SQLException {
        String utc = c.legacy() == Engine.POSTGRES
                ? "to_char((happened AT TIME ZONE '" + c.zone() + "') AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
                : "DATE_FORMAT(happened - INTERVAL " + offsetSeconds(c.zone()) + " SECOND, '%Y-%m-%d %H:%i:%s.%f')";
        return texts(legacy, "SELECT id, " + utc + " FROM events");
    }

    /** The target's values as UTC, by the target database. */
    private static Map<Long, String> targetAsUtc(Database target, Case c) throws SQLException {
        String column = c.target() == Engine.POSTGRES
                ? c.targetType().equals("timestamptz") ? "happened_at AT TIME ZONE 'UTC'" : "happened_at"
                : "happened_at - INTERVAL " + offsetSeconds(c.targetZone()) + " SECOND";
        String utc = c.target() == Engine.POSTGRES
                ? (c.targetType().equals("timestamptz") ? "to_char(" + column + ", 'YYYY-MM-DD HH24:MI:SS.US')"
                : "to_char((happened_at AT TIME ZONE '" + c.targetZone() + "') AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')")
                : "DATE_FORMAT(" + column + ", '%Y-%m-%d %H:%i:%s.%f')";
        return texts(target, "SELECT event_id, " + utc + " FROM events_v2");
    }

    private static String shifted(Case c, String column) {
        long seconds = c.dstRegion() ? 7200 : -offsetSeconds(c.zone());
        return c.target() == Engine.POSTGRES ? column + " + interval '" + seconds + " seconds'" : column + " + INTERVAL " + seconds + " SECOND";
    }

    /** 2025-01-15 08:00:00Z in the target column's own terms. */
    private static String targetLiteral(Case c) {
        if (c.target() == Engine.POSTGRES) {
            return c.targetType().equals("timestamptz") ? "'2025-01-15 08:00:00+00'" : "'2025-01-15 08:00:00'";
        }
        return "'2025-01-15 09:00:00'"; // +01:00
    }

    private static String legacyText(Database legacy, Engine engine, long id) throws SQLException {
        String text = engine == Engine.POSTGRES ? "to_char(happened, 'YYYY-MM-DD HH24:MI:SS.US')"
                : "DATE_FORMAT(happened, '%Y-%m-%d %H:%i:%s.%f')";
        return texts(legacy, "SELECT id, " + text + " FROM events WHERE id = " + id).get(id);
    }

    private static long offsetSeconds(String zone) {
        return zone.equals("UTC") ? 0 : java.time.ZoneOffset.of(zone).getTotalSeconds();
    }

    private static Map<Long, String> texts(Database db, String sql) throws SQLException {
        Map<Long, String> out = new TreeMap<>();
        try (Connection conn = db.connect(); Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getLong(1), rs.getString(2) == null ? "NULL" : rs.getString(2));
            }
        }
        return out;
    }
}
