package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.decant.AdvanceRequest;
import io.decant.Decant;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.Migration;
import io.decant.Phase;
import io.decant.config.DecantConfig;
import io.decant.config.MigrationConfig;
import io.decant.it.TwoStores.Order;
import io.decant.it.TwoStores.Topology;
import io.decant.jdbc.testing.TestDatabases.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reverse path on a common legacy schema: legacy has columns the migration does not map that
 * are NOT NULL without a default ({@code created_at}, {@code channel}). A row copied from the new
 * store back into legacy — a key inserted after the authority flip, brought back by a rollback —
 * must be insertable: {@code init} and the target-schema guard refuse the table until each such
 * column is mapped, has a DEFAULT in legacy, or has a {@code legacy-defaults:} value; the copy puts
 * the legacy defaults into inserted rows only, never into an updated one. Legacy is checked with
 * plain SQL.
 */
class ReversePathIT {

    static List<Topology> topologies() {
        return TwoStores.crossTopologies(); // legacy on PostgreSQL, and legacy on MariaDB
    }

    private static String timestampType(TwoStores.Side side) {
        return side.db.engine() == Engine.POSTGRES ? "timestamp(6)" : "DATETIME(6)";
    }

    /** Adds the unmapped NOT NULL columns without a default to legacy's {@code orders}. */
    private static void addUnmappedNotNullColumns(TwoStores fx, boolean channelToo) {
        fx.legacy.db.execute("ALTER TABLE orders ADD COLUMN created_at " + timestampType(fx.legacy) + " NOT NULL");
        if (channelToo) {
            fx.legacy.db.execute("ALTER TABLE orders ADD COLUMN channel VARCHAR(20) NOT NULL");
        }
    }

    private static DecantConfig with(TwoStores fx, MigrationConfig m) {
        DecantConfig plain = fx.config();
        return new DecantConfig(plain.control(), plain.stores(), Map.of(TwoStores.MIGRATION, m), plain.instances(), Optional.empty());
    }

    private static DecantConfig withLegacyDefaults(TwoStores fx, Map<String, String> defaults) {
        return with(fx, fx.config().migration(TwoStores.MIGRATION).withLegacyDefaults(defaults));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void initRefusesAnUnmappedNotNullLegacyColumnUntilADefaultALegacyDefaultOrTheMappingCoversIt(Topology topology) {
        try (TwoStores fx = new TwoStores(topology)) {
            addUnmappedNotNullColumns(fx, false);

            DecantException refused = catchThrowableOfType(DecantException.class, () -> fx.open().init());
            assertThat(refused).as("init with created_at unmapped, NOT NULL, no default").isNotNull();
            assertThat(refused.code()).isEqualTo(ErrorCode.BAD_CONFIG);
            assertThat(refused.code().exitCode()).isEqualTo(2);
            System.out.printf("%s: init says: %s%n", topology, refused.getMessage());
            assertThat(refused.getMessage()).contains("nothing was changed")
                    .contains("source table `orders` has NOT NULL column `created_at`")
                    .contains("map it in columns:, give it a DEFAULT in legacy, or set migrations.orders.legacy-defaults.created_at");
            assertThat(fx.control().schemaVersion()).as("no control schema was created").isZero();

            // a legacy default
            assertThat(fx.open(Decant.builder(withLegacyDefaults(fx, Map.of("created_at", "now")))).init().migrations())
                    .as("init with legacy-defaults.created_at: now").hasSize(1);

            // the target-schema guard checks the same: a process without the legacy default may not enter DUAL_WRITE
            Decant without = fx.open();
            DecantException guard = catchThrowableOfType(DecantException.class, () -> without.advance(TwoStores.MIGRATION,
                    new AdvanceRequest(Optional.of(Phase.DUAL_WRITE), Duration.ZERO, false, null, "ops@it")));
            assertThat(guard).as("advance to DUAL_WRITE without the legacy default").isNotNull();
            assertThat(guard.code()).isEqualTo(ErrorCode.GUARD_REFUSED);
            assertThat(guard.details()).anySatisfy(d -> assertThat(d).startsWith("FAILED target-schema: ")
                    .contains("`created_at`").contains("legacy-defaults.created_at"));
            assertThat(fx.state().phase()).isEqualTo(Phase.LEGACY_ONLY);

            // a DEFAULT in legacy
            fx.legacy.db.execute("ALTER TABLE orders ALTER COLUMN created_at SET DEFAULT '2000-01-01 00:00:00'");
            assertThat(fx.open().init().migrations()).as("init with a DEFAULT on created_at").hasSize(1);
            fx.legacy.db.execute("ALTER TABLE orders ALTER COLUMN created_at DROP DEFAULT");
            assertThat(catchThrowableOfType(DecantException.class, () -> fx.open().init()))
                    .as("init once the DEFAULT is dropped again").isNotNull();

            // the column mapped
            fx.target.db.execute("ALTER TABLE orders_v2 ADD COLUMN created_at " + timestampType(fx.target) + " NULL");
            MigrationConfig plain = fx.config().migration(TwoStores.MIGRATION);
            Map<String, String> columns = new LinkedHashMap<>(plain.columns());
            columns.put("created_at", "created_at");
            MigrationConfig mapped = new MigrationConfig(plain.name(), plain.source(), plain.target(), columns, plain.rowMapper(),
                    plain.backfill(), plain.shadow(), plain.verify(), plain.retire(), plain.intents(), plain.disabledGuards());
            assertThat(fx.open(Decant.builder(with(fx, mapped))).init().migrations().get(0).mapping())
                    .as("init with created_at mapped").contains("created_at ← created_at");

            // a legacy default for a column legacy does not have
            DecantException unknown = catchThrowableOfType(DecantException.class, () -> fx.open(Decant.builder(
                    withLegacyDefaults(fx, Map.of("created_at", "now", "createdat", "now")))).init());
            assertThat(unknown.code()).isEqualTo(ErrorCode.BAD_CONFIG);
            assertThat(unknown.getMessage()).contains("source table `orders` has no column `createdat`")
                    .contains("migrations.orders.legacy-defaults");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void aRollbackFromNewOnlyInsertsTheNewKeysIntoLegacyWithTheLegacyDefaultsAndLeavesAnUpdatedRowsColumnsAlone(
            Topology topology) throws SQLException {
        try (TwoStores fx = new TwoStores(topology)) {
            addUnmappedNotNullColumns(fx, true);
            DecantConfig config = withLegacyDefaults(fx, Map.of("created_at", "now", "channel", "orders-service"));
            Decant operator = fx.open(Decant.builder(config));
            operator.init();

            // key 1 exists in both stores, legacy's row with its own created_at and channel
            Order one = new Order(1, 10, 100, "NEW");
            execute(fx.legacy, "INSERT INTO orders (id, customer_id, total_cents, status, created_at, channel)"
                    + " VALUES (1, 10, 100, 'NEW', '2020-01-02 03:04:05', 'web')");
            fx.target.upsert(one);
            fx.walkTo(Phase.NEW_ONLY);

            Decant monolith = fx.open(Decant.builder(config).instanceId("monolith-1"));
            Migration orders = monolith.migration(TwoStores.MIGRATION);
            TwoStores.awaitVersion(orders, fx.state().version());
            LocalDateTime before = LocalDateTime.now(ZoneOffset.UTC);
            Order updated = new Order(1, 10, 150, "PAID");
            Order two = new Order(2, 20, 200, "NEW");
            Order three = new Order(3, 30, 300, "NEW");
            for (Order o : List.of(updated, two, three)) {
                orders.write(o.id(), () -> {
                    throw new AssertionError("legacy is not written in NEW_ONLY");
                }, () -> fx.target.upsert(o));
            }
            assertThat(fx.legacy.rows()).as("legacy before the rollback").containsOnlyKeys(1L).containsEntry(1L, one);

            operator.rollback(TwoStores.MIGRATION, Phase.SHADOW_READ, "the service misbehaves", Duration.ofSeconds(30), "ops@it");
            LocalDateTime after = LocalDateTime.now(ZoneOffset.UTC);

            assertThat(fx.state().phase()).isEqualTo(Phase.SHADOW_READ);
            assertThat(fx.differences()).as("legacy against the new store after the rollback").isEmpty();
            assertThat(fx.control().journal().depth(TwoStores.MIGRATION)).as("journal after the rollback").isZero();
            Map<Long, Unmapped> unmapped = unmapped(fx);
            System.out.printf("%s: legacy's unmapped columns after the rollback: %s%n", topology, unmapped);
            assertThat(unmapped.get(1L)).as("the row updated by the copy keeps its own unmapped values")
                    .isEqualTo(new Unmapped(LocalDateTime.of(2020, 1, 2, 3, 4, 5), "web"));
            for (long id : List.of(2L, 3L)) {
                Unmapped u = unmapped.get(id);
                assertThat(u.channel()).as("channel of inserted key %d", id).isEqualTo("orders-service");
                assertThat(u.createdAt()).as("created_at (now, UTC) of inserted key %d", id)
                        .isBetween(before.minusSeconds(5).truncatedTo(ChronoUnit.SECONDS), after.plusSeconds(5));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void aReadNewRepairInsertsAKeyWhoseLegacyWriteFailedWithTheLegacyDefaults(Topology topology) throws SQLException {
        try (TwoStores fx = new TwoStores(topology)) {
            addUnmappedNotNullColumns(fx, true);
            DecantConfig config = withLegacyDefaults(fx, Map.of("created_at", "2024-01-31 12:00:00", "channel", "orders-service"));
            Decant operator = fx.open(Decant.builder(config));
            operator.init();
            fx.walkTo(Phase.READ_NEW);
            Migration orders = fx.open(Decant.builder(config).instanceId("monolith-1")).migration(TwoStores.MIGRATION);
            TwoStores.awaitVersion(orders, fx.state().version());

            Order four = new Order(4, 40, 400, "NEW");
            orders.write(four.id(), () -> {
                throw new IllegalStateException("legacy is down (injected)");
            }, () -> fx.target.upsert(four));
            var result = operator.repair(TwoStores.MIGRATION, false, null);

            assertThat(result.errors()).as("repair errors").isEmpty();
            assertThat(fx.differences()).as("legacy against the new store after repair").isEmpty();
            assertThat(unmapped(fx)).containsExactly(Map.entry(4L,
                    new Unmapped(LocalDateTime.of(2024, 1, 31, 12, 0), "orders-service")));
        }
    }

    record Unmapped(LocalDateTime createdAt, String channel) {
    }

    private static Map<Long, Unmapped> unmapped(TwoStores fx) throws SQLException {
        Map<Long, Unmapped> out = new TreeMap<>();
        try (Connection c = fx.legacy.pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, created_at, channel FROM orders ORDER BY id"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getLong(1), new Unmapped(rs.getObject(2, LocalDateTime.class), rs.getString(3)));
            }
        }
        return out;
    }

    private static void execute(TwoStores.Side side, String sql) throws SQLException {
        try (Connection c = side.pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        }
    }
}
