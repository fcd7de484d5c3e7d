package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decant.AdvanceRequest;
import io.decant.BackfillOptions;
import io.decant.BackfillResult;
import io.decant.Decant;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.InitResult;
import io.decant.Migration;
import io.decant.Phase;
import io.decant.RepairResult;
import io.decant.VerifyOptions;
import io.decant.VerifyReport;
import io.decant.config.DecantConfig;
import io.decant.config.StoreConfig;
import io.decant.it.DocumentedGrants.Place;
import io.decant.it.DocumentedGrants.Role;
import io.decant.it.TwoStores.Order;
import io.decant.it.TwoStores.Side;
import io.decant.it.TwoStores.Topology;
import io.decant.jdbc.control.ControlSchema;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.spi.Key;
import io.decant.control.MigrationState;
import io.decant.control.ShadowCounts;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Least privilege, for each of the three roles README.md's "Security" section documents grants
 * for, on both engines: each role's database user gets exactly the documented GRANT statements (read
 * from the README, see {@link DocumentedGrants}) and nothing else — the defaults PostgreSQL gives
 * every user on a database and its {@code public} schema are revoked first — and then does its work:
 * the admin runs {@code init} on a fresh control store, the operator runs the jobs, the application
 * instances write and read through the library in every phase. Each user is also refused something
 * outside its grants.
 */
class LeastPrivilegeIT {
    private static final String PASSWORD = "lp-" + UUID.randomUUID();
    private static final DocumentedGrants GRANTS = DocumentedGrants.fromReadme();

    static List<Topology> topologies() {
        return TwoStores.crossTopologies();
    }

    /** Init is quick: every topology, so that each engine's grants on each database are used on their own. */
    static List<Topology> allTopologies() {
        return TwoStores.allTopologies();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allTopologies")
    void theAdminRunsInitWithTheDocumentedGrants(Topology topology) throws Exception {
        String user = uniqueUser("adm");
        try (TwoStores fx = new TwoStores(topology)) {
            fx.legacy.upsert(new Order(1, 1, 100, "NEW"));
            fx.target.upsert(new Order(1, 1, 100, "NEW"));
            try {
                grant(fx, Role.ADMIN, user);
                try (Decant admin = fx.open(Decant.builder(configAs(fx, user)))) {
                    InitResult created = admin.init();
                    assertThat(created.schemaVersion()).isEqualTo(ControlSchema.LATEST);
                    assertThat(created.migrations()).singleElement().satisfies(m -> assertThat(m.registered()).isTrue());
                    InitResult again = admin.init();
                    assertThat(again.migrations()).singleElement().satisfies(m -> assertThat(m.registered()).isFalse());
                }
                assertThat(fx.state().phase()).isEqualTo(Phase.LEGACY_ONLY);
                assertThat(fx.control().phases().registeredTables(TwoStores.MIGRATION)).isPresent();

                // it reads the migrated tables' definitions, and may not write the rows of the one outside the control
                // store's database (on MariaDB its grant covers that whole database)
                Side outside = fx.controlSide() == fx.legacy ? fx.target : fx.legacy;
                assertThatThrownBy(() -> executeAs(outside.db, user, "DELETE FROM " + outside.table))
                        .as("the admin may not write %s", outside.table).isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> executeAs(outside.db, user, "CREATE TABLE decant_probe_not_allowed (id integer)"))
                        .as("the admin may not create tables beside %s", outside.table).isInstanceOf(SQLException.class);
                assertThat(outside.rows()).hasSize(1);
            } finally {
                dropUser(fx, user);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void theOperatorRunsTheJobsWithTheDocumentedGrants(Topology topology) throws Exception {
        String user = uniqueUser("op");
        try (TwoStores fx = new TwoStores(topology)) {
            fx.open().init(); // the admin's step
            for (long id = 1; id <= 300; id++) {
                fx.legacy.upsert(new Order(id, id % 5, id * 3, "NEW"));
            }
            try {
                grant(fx, Role.OPERATOR, user);
                assertThatThrownBy(() -> executeAs(fx.controlSide().db, user, "CREATE TABLE decant_probe_not_allowed (id integer)"))
                        .as("the operator may not create tables").isInstanceOf(SQLException.class);

                try (Decant operator = fx.open(Decant.builder(configAs(fx, user)))) {
                    operator.advance(TwoStores.MIGRATION, new AdvanceRequest(Optional.of(Phase.DUAL_WRITE), Duration.ZERO, false,
                            "least privilege", "operator@it"));
                    assertThat(fx.state().phase()).isEqualTo(Phase.DUAL_WRITE);
                    for (long id = 1; id <= 300; id += 10) { // dual writes since: the backfill merges into a table with rows
                        Order written = new Order(id, id % 5, id * 7, "PAID");
                        fx.legacy.upsert(written);
                        fx.target.upsert(written);
                    }
                    BackfillResult copied = operator.backfill(TwoStores.MIGRATION, BackfillOptions.defaults(), null);
                    fx.target.upsert(new Order(7, 7, 7, "STALE")); // a difference for verify to find and repair
                    VerifyReport verified = operator.verify(TwoStores.MIGRATION, VerifyOptions.defaults().withRepair(true), null);
                    RepairResult repaired = operator.repair(TwoStores.MIGRATION, false, null);

                    assertThat(copied.rowsCopied()).isEqualTo(300);
                    assertThat(verified.differing()).as("%s", verified).isEqualTo(1);
                    assertThat(verified.repaired()).as("%s", verified).isEqualTo(1);
                    assertThat(repaired.failed()).isZero();
                    assertThat(fx.differences()).isEmpty();
                    assertThat(operator.status(TwoStores.MIGRATION).phase()).isEqualTo(Phase.DUAL_WRITE);
                }
            } finally {
                dropUser(fx, user);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void applicationInstancesWriteAndReadInEveryPhaseWithTheDocumentedGrants(Topology topology) throws Exception {
        String user = uniqueUser("app");
        try (TwoStores fx = new TwoStores(topology)) {
            fx.open().init(); // the admin's step
            Side legacy = null;
            Side target = null;
            try {
                grant(fx, Role.APPLICATION, user);
                // the monolith's own DAOs use the application's user too
                legacy = new Side("legacy", as(fx.legacy.db, user), "orders", "id", "customer_id", 4, 1);
                target = new Side("new", as(fx.target.db, user), "orders_v2", "order_id", "customer", 4, 1);
                Side l = legacy;
                Side t = target;
                try (Decant app = fx.open(Decant.builder(configAs(fx, user)).backgroundRepair(true))) {
                    Migration orders = app.migration(TwoStores.MIGRATION);
                    write(orders, l, t, new Order(1, 1, 100, "NEW")); // LEGACY_ONLY: the legacy table only
                    assertThat(fx.target.rows()).isEmpty();

                    // DUAL_WRITE: both tables, intents; a failed second write is journaled, the background repairer heals it
                    TwoStores.awaitVersion(orders, fx.setPhase(Phase.DUAL_WRITE).version());
                    for (long k = 1; k <= 20; k++) {
                        write(orders, l, t, new Order(k, k % 3, k * 100, "NEW"));
                    }
                    t.failing.set(true);
                    write(orders, l, t, new Order(21, 1, 2100, "NEW"));
                    t.failing.set(false);
                    await("the journal drains", () -> fx.control().journal().depth(TwoStores.MIGRATION) == 0);
                    assertThat(fx.differences()).isEmpty();
                    assertThat(fx.target.rows()).hasSize(21);

                    // SHADOW_READ: counts and a mismatch sample are recorded, the mismatch journaled and repaired
                    MigrationState shadow = fx.setPhase(Phase.SHADOW_READ);
                    TwoStores.awaitVersion(orders, shadow.version());
                    fx.target.upsert(new Order(7, 7, 1, "STALE"));
                    for (long k = 1; k <= 21; k++) {
                        long key = k;
                        assertThat(orders.read(key, () -> l.find(key), () -> t.find(key))).as("key %d", key).isPresent();
                    }
                    await("21 comparisons are counted", () -> fx.control().evidence().shadowCounts(TwoStores.MIGRATION, shadow.version())
                            .compared() >= 21);
                    ShadowCounts counts = fx.control().evidence().shadowCounts(TwoStores.MIGRATION, shadow.version());
                    assertThat(counts.mismatched()).isEqualTo(1);
                    assertThat(counts.errored()).isZero();
                    await("the mismatch of key 7 is sampled", () -> fx.control().evidence().mismatchSamples(TwoStores.MIGRATION, 10)
                            .stream().anyMatch(m -> m.key().equals(Key.of(7L)))); // samples are flushed apart from the counts
                    await("the mismatch is repaired", () -> fx.differences().isEmpty());

                    // READ_NEW and NEW_ONLY: the new table answers, then alone takes the writes
                    TwoStores.awaitVersion(orders, fx.setPhase(Phase.READ_NEW).version());
                    write(orders, l, t, new Order(3, 3, 333, "PAID"));
                    assertThat(orders.read(3L, () -> l.find(3L), () -> t.find(3L))).contains(new Order(3, 3, 333, "PAID"));
                    MigrationState newOnly = fx.setPhase(Phase.NEW_ONLY);
                    TwoStores.awaitVersion(orders, newOnly.version());
                    write(orders, l, t, new Order(22, 2, 2200, "NEW"));
                    assertThat(fx.target.find(22)).contains(new Order(22, 2, 2200, "NEW"));
                    assertThat(fx.legacy.find(22)).isEmpty();

                    // outside the grants: no init, no phase change, no audit log, no DDL
                    assertThatThrownBy(app::init).as("the application's user runs init").isInstanceOf(DecantException.class)
                            .satisfies(e -> assertThat(((DecantException) e).code()).isEqualTo(ErrorCode.FAILURE));
                    assertThatThrownBy(() -> app.rollback(TwoStores.MIGRATION, Phase.READ_NEW, "the application may not",
                            Duration.ofSeconds(5), "app@it")).as("the application's user changes a phase")
                            .isInstanceOf(DecantException.class);
                    assertThat(fx.state()).isEqualTo(newOnly);
                    assertThatThrownBy(() -> executeAs(fx.controlSide().db, user, "SELECT COUNT(*) FROM decant_audit"))
                            .as("the application's user reads the audit log").isInstanceOf(SQLException.class);
                    assertThatThrownBy(() -> executeAs(fx.controlSide().db, user, "CREATE TABLE decant_probe_not_allowed (id integer)"))
                            .as("the application's user creates a table").isInstanceOf(SQLException.class);
                    assertThatThrownBy(() -> executeAs(fx.controlSide().db, user,
                            "ALTER TABLE decant_journal ADD COLUMN probe_not_allowed integer"))
                            .as("the application's user alters a table").isInstanceOf(SQLException.class);
                    assertThat(fx.control().schemaVersion()).isEqualTo(ControlSchema.LATEST);
                }
            } finally {
                if (legacy != null) {
                    legacy.pool.close();
                }
                if (target != null) {
                    target.pool.close();
                }
                dropUser(fx, user);
            }
        }
    }

    private static void write(Migration orders, Side legacy, Side target, Order o) {
        orders.write(o.id(), () -> legacy.upsert(o), () -> target.upsert(o));
    }

    /** Waits for a condition the instance's background work makes true (generous: the machine may be busy). */
    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting until " + what);
            }
            TwoStores.sleep(50);
        }
    }

    private static String uniqueUser(String role) {
        return "decant_lp_" + role + "_" + Long.toString(System.nanoTime(), 36);
    }

    /** The fixture's configuration with every store reached as {@code user}. */
    private static DecantConfig configAs(TwoStores fx, String user) {
        DecantConfig full = fx.config();
        Map<String, StoreConfig> stores = new LinkedHashMap<>();
        full.stores().forEach((name, s) -> stores.put(name, new StoreConfig(name, s.url(), user, PASSWORD, s.poolSize())));
        return new DecantConfig(full.control(), stores, full.migrations(), full.instances(), Optional.empty());
    }

    private static Database as(Database db, String user) {
        return new Database(db.engine(), db.name(), db.url(), user, PASSWORD);
    }

    /** Each place's database in this topology (the control store shares the legacy or the target database). */
    private static Map<Place, Database> places(TwoStores fx) {
        Map<Place, Database> out = new EnumMap<>(Place.class);
        out.put(Place.CONTROL, fx.controlSide().db);
        out.put(Place.LEGACY, fx.legacy.db);
        out.put(Place.TARGET, fx.target.db);
        return out;
    }

    /**
     * Creates {@code user} and gives it exactly what README.md documents for {@code role}; on
     * PostgreSQL the rights every user has by default on the test databases and their {@code public}
     * schema are revoked first, so that nothing but the documented grants counts.
     */
    private static void grant(TwoStores fx, Role role, String user) {
        Map<Place, Database> places = places(fx);
        Map<Place, String> names = new EnumMap<>(Place.class);
        places.forEach((place, db) -> names.put(place, db.name()));
        Set<Database> databases = new LinkedHashSet<>(places.values());
        for (Database db : databases) {
            if (db.engine() == Engine.POSTGRES) {
                db.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + user + "') THEN"
                                + " CREATE ROLE " + user + " LOGIN PASSWORD '" + PASSWORD + "'; END IF; END $$",
                        "REVOKE ALL ON DATABASE " + db.name() + " FROM PUBLIC",
                        "REVOKE ALL ON SCHEMA public FROM PUBLIC");
            } else {
                db.execute("CREATE USER IF NOT EXISTS '" + user + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
            }
        }
        places.forEach((place, db) -> db.execute(GRANTS.statements(db.engine(), role, place, user, names).toArray(String[]::new)));
    }

    private static void executeAs(Database db, String user, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), user, PASSWORD); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void dropUser(TwoStores fx, String user) {
        for (Database db : new LinkedHashSet<>(places(fx).values())) {
            try {
                if (db.engine() == Engine.POSTGRES) {
                    db.execute("DROP OWNED BY " + user);
                    db.execute("DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = '" + user + "') AND NOT EXISTS"
                            + " (SELECT 1 FROM pg_shdepend d JOIN pg_roles r ON r.oid = d.refobjid WHERE r.rolname = '" + user + "')"
                            + " THEN DROP ROLE " + user + "; END IF; END $$");
                } else {
                    db.execute("DROP USER IF EXISTS '" + user + "'@'%'");
                }
            } catch (RuntimeException ignored) {
                // the role may still have grants in another database of the test: its drop there removes it
            }
        }
    }
}
