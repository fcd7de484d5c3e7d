package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.decant.Decant;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.Migration;
import io.decant.Phase;
import io.decant.VerifyOptions;
import io.decant.config.DecantConfig;
import io.decant.config.MigrationConfig;
import io.decant.config.TableConfig;
import io.decant.it.TwoStores.Order;
import io.decant.it.TwoStores.Side;
import io.decant.it.TwoStores.Topology;
import io.decant.jdbc.testing.TestDatabases.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A key journaled because the second write of an acknowledged dual write failed has a certain
 * direction: the store written first holds the latest acknowledged write. A version column must not
 * overrule it: clocks of different hosts disagree, a counter restarts when a row is deleted and
 * inserted again (JPA's {@code @Version}), and a row may carry no version at all. And version columns
 * of different precision on the two sides cannot be compared at all, so {@code init} refuses them.
 *
 * <p>The monolith is two in-process library instances (two hosts) whose new-store write fails on
 * demand; legacy {@code orders.<v>} is mapped to {@code orders_v2.<v'>}, a column of another name.
 */
class CertainDirectionIT {

    static List<Topology> topologies() {
        return TwoStores.crossTopologies();
    }

    /** Adds the version columns (nullable) and returns the fixture's config with {@code legacyColumn} as the version. */
    static DecantConfig versioned(TwoStores fx, String legacyColumn, String legacyType, String targetColumn, String targetType) {
        fx.legacy.db.execute("ALTER TABLE orders ADD COLUMN " + legacyColumn + " " + legacyType + " NULL");
        fx.target.db.execute("ALTER TABLE orders_v2 ADD COLUMN " + targetColumn + " " + targetType + " NULL");
        Map<String, String> columns = TwoStores.columns();
        columns.put(targetColumn, legacyColumn);
        DecantConfig plain = fx.config();
        MigrationConfig p = plain.migration(TwoStores.MIGRATION);
        MigrationConfig m = new MigrationConfig(TwoStores.MIGRATION, new TableConfig("legacy", "orders", List.of("id"),
                Optional.of(legacyColumn)), p.target(), columns, Optional.empty(), p.backfill(), p.shadow(), p.verify(), p.retire(),
                p.intents(), p.disabledGuards());
        return new DecantConfig(plain.control(), plain.stores(), Map.of(TwoStores.MIGRATION, m), plain.instances(), Optional.empty());
    }

    /** An upsert that also sets the version column, as the monolith's (or the service's) code would; plain SQL. */
    static void upsert(Side side, String versionColumn, Order o, Object version, boolean insertOnly) {
        String cols = side.idCol + ", " + side.customerCol + ", total_cents, status, " + versionColumn;
        String sql = "INSERT INTO " + side.table + " (" + cols + ") VALUES (?, ?, ?, ?, ?)";
        if (!insertOnly) {
            sql += side.db.engine() == Engine.POSTGRES
                    ? " ON CONFLICT (" + side.idCol + ") DO UPDATE SET " + side.customerCol + " = EXCLUDED." + side.customerCol
                    + ", total_cents = EXCLUDED.total_cents, status = EXCLUDED.status, " + versionColumn + " = EXCLUDED." + versionColumn
                    : " ON DUPLICATE KEY UPDATE " + side.customerCol + " = VALUES(" + side.customerCol + "), total_cents ="
                    + " VALUES(total_cents), status = VALUES(status), " + versionColumn + " = VALUES(" + versionColumn + ")";
        }
        try (Connection c = side.pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, o.id());
            ps.setLong(2, o.customer());
            ps.setLong(3, o.totalCents());
            ps.setString(4, o.status());
            if (version == null) {
                ps.setNull(5, Types.BIGINT);
            } else {
                ps.setObject(5, version);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(side.name + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    static Runnable newStoreDown() {
        return () -> {
            throw new IllegalStateException("new store is down (injected)");
        };
    }

    /** Two library instances (two hosts) in DUAL_WRITE. */
    private static Migration[] twoHostsInDualWrite(TwoStores fx, DecantConfig config) {
        fx.walkTo(Phase.DUAL_WRITE);
        Migration a = fx.open(Decant.builder(config).instanceId("host-a")).migration(TwoStores.MIGRATION);
        Migration b = fx.open(Decant.builder(config).instanceId("host-b")).migration(TwoStores.MIGRATION);
        TwoStores.awaitVersion(a, fx.state().version());
        TwoStores.awaitVersion(b, fx.state().version());
        return new Migration[] {a, b};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void initRefusesVersionColumnsOfDifferentPrecision(Topology topology) {
        try (TwoStores fx = new TwoStores(topology)) {
            // whole seconds on the legacy side, microseconds on the new side
            String coarse = topology.legacy() == Engine.MARIADB ? "DATETIME" : "timestamp(0)";
            String fine = topology.target() == Engine.POSTGRES ? "timestamp(6)" : "DATETIME(6)";
            DecantConfig config = versioned(fx, "updated_at", coarse, "changed_at", fine);
            Decant operator = fx.open(Decant.builder(config));

            DecantException refused = catchThrowableOfType(DecantException.class, operator::init);

            assertThat(refused).as("init with version columns orders.updated_at %s and orders_v2.changed_at %s", coarse, fine)
                    .isNotNull();
            assertThat(refused.code()).isEqualTo(ErrorCode.BAD_CONFIG);
            String said = refused.getMessage() + " " + String.join(" ", refused.details());
            assertThat(said).contains("updated_at", "changed_at").containsIgnoringCase("datetime").containsIgnoringCase("timestamp");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void aFailedNewWriteIsRepairedFromLegacyThoughTheNewStoreHoldsALaterTimestamp(Topology topology) {
        try (TwoStores fx = new TwoStores(topology)) {
            String micros = "timestamp(6)";
            DecantConfig config = versioned(fx, "updated_at", topology.legacy() == Engine.POSTGRES ? micros : "DATETIME(6)",
                    "changed_at", topology.target() == Engine.POSTGRES ? micros : "DATETIME(6)");
            Decant operator = fx.open(Decant.builder(config));
            operator.init();
            Migration[] hosts = twoHostsInDualWrite(fx, config);
            Ledger ledger = new Ledger();

            LocalDateTime t = LocalDateTime.now().truncatedTo(ChronoUnit.MILLIS);
            // host a's clock runs 30ms ahead
            Order a = new Order(1, 1, 100, "A");
            LocalDateTime aheadStamp = t.plus(30, ChronoUnit.MILLIS);
            hosts[0].write(1L, () -> upsert(fx.legacy, "updated_at", a, aheadStamp, false),
                    () -> upsert(fx.target, "changed_at", a, aheadStamp, false));
            ledger.ack(a);
            // host b writes later, by its own clock at t; its new-store write fails: the call succeeds, the key is journaled
            Order b = new Order(1, 1, 200, "B");
            hosts[1].write(1L, () -> upsert(fx.legacy, "updated_at", b, t, false), newStoreDown());
            ledger.ack(b);
            assertThat(fx.control().journal().depth(TwoStores.MIGRATION)).as("journaled legacy→new").isEqualTo(1);

            operator.repair(TwoStores.MIGRATION, false, null);

            ledger.check(fx, "after repair (the new store's row carried a later timestamp from a clock running ahead)");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void aVerifyRepairOfAJournaledKeyFollowsItsDirectionThoughTheNewStoreHoldsALaterTimestamp(Topology topology) {
        try (TwoStores fx = new TwoStores(topology)) {
            String micros = "timestamp(6)";
            DecantConfig config = versioned(fx, "updated_at", topology.legacy() == Engine.POSTGRES ? micros : "DATETIME(6)",
                    "changed_at", topology.target() == Engine.POSTGRES ? micros : "DATETIME(6)");
            Decant operator = fx.open(Decant.builder(config));
            operator.init();
            Migration[] hosts = twoHostsInDualWrite(fx, config);
            Ledger ledger = new Ledger();

            LocalDateTime t = LocalDateTime.now().truncatedTo(ChronoUnit.MILLIS);
            // host a's clock runs 30ms ahead
            Order a = new Order(1, 1, 100, "A");
            LocalDateTime aheadStamp = t.plus(30, ChronoUnit.MILLIS);
            hosts[0].write(1L, () -> upsert(fx.legacy, "updated_at", a, aheadStamp, false),
                    () -> upsert(fx.target, "changed_at", a, aheadStamp, false));
            ledger.ack(a);
            // host b writes later, by its own clock at t; its new-store write fails: the call succeeds, the key is journaled
            Order b = new Order(1, 1, 200, "B");
            hosts[1].write(1L, () -> upsert(fx.legacy, "updated_at", b, t, false), newStoreDown());
            ledger.ack(b);
            assertThat(fx.control().journal().depth(TwoStores.MIGRATION)).as("journaled legacy→new").isEqualTo(1);

            // a verification with repair runs before the journal is drained: it finds the key different
            operator.verify(TwoStores.MIGRATION, VerifyOptions.defaults().withRepair(true), null);

            ledger.check(fx, "after verify --repair (the new store's row carried a later timestamp from a clock running ahead,"
                    + " the key was journaled legacy→new)");
            operator.repair(TwoStores.MIGRATION, false, null);
            ledger.check(fx, "after verify --repair and repair");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void aFailedNewWriteIsRepairedFromLegacyThoughTheNewStoreHoldsAHigherCounterFromBeforeADeleteAndReinsert(Topology topology) {
        try (TwoStores fx = new TwoStores(topology)) {
            DecantConfig config = versioned(fx, "rev", "BIGINT", "revision", "BIGINT");
            Decant operator = fx.open(Decant.builder(config));
            operator.init();
            Migration[] hosts = twoHostsInDualWrite(fx, config);
            Ledger ledger = new Ledger();

            Order a = new Order(1, 1, 100, "A");
            hosts[0].write(1L, () -> upsert(fx.legacy, "rev", a, 5L, false), () -> upsert(fx.target, "revision", a, 5L, false));
            ledger.ack(a);
            // the entity is removed (the new store's delete fails: journaled) and persisted again: @Version restarts at 0,
            // and the new store's insert fails on the row its failed delete left
            hosts[1].write(1L, () -> fx.legacy.delete(1), newStoreDown());
            ledger.ackDelete(1);
            Order b = new Order(1, 1, 200, "B");
            hosts[1].write(1L, () -> upsert(fx.legacy, "rev", b, 0L, true), () -> upsert(fx.target, "revision", b, 0L, true));
            ledger.ack(b);
            assertThat(fx.control().journal().depth(TwoStores.MIGRATION)).as("journaled legacy→new").isEqualTo(1);

            operator.repair(TwoStores.MIGRATION, false, null);

            ledger.check(fx, "after repair (the new store's row carried version 5, legacy's re-inserted row version 0)");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void aFailedNewWriteIsRepairedFromLegacyThoughTheLegacyRowHasNoVersion(Topology topology) {
        try (TwoStores fx = new TwoStores(topology)) {
            DecantConfig config = versioned(fx, "rev", "BIGINT", "revision", "BIGINT");
            Decant operator = fx.open(Decant.builder(config));
            operator.init();
            Migration[] hosts = twoHostsInDualWrite(fx, config);
            Ledger ledger = new Ledger();

            Order a = new Order(1, 1, 100, "A");
            hosts[0].write(1L, () -> upsert(fx.legacy, "rev", a, 7L, false), () -> upsert(fx.target, "revision", a, 7L, false));
            ledger.ack(a);
            // a code path that does not keep the version column writes B with none; its new-store write fails
            Order b = new Order(1, 1, 200, "B");
            hosts[1].write(1L, () -> upsert(fx.legacy, "rev", b, null, false), newStoreDown());
            ledger.ack(b);
            assertThat(fx.control().journal().depth(TwoStores.MIGRATION)).as("journaled legacy→new").isEqualTo(1);

            operator.repair(TwoStores.MIGRATION, false, null);

            ledger.check(fx, "after repair (the new store's row carried version 7, legacy's latest row none)");
        }
    }
}
