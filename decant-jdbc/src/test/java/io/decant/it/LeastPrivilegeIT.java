package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decant.BackfillOptions;
import io.decant.BackfillResult;
import io.decant.Decant;
import io.decant.Phase;
import io.decant.VerifyOptions;
import io.decant.VerifyReport;
import io.decant.config.DecantConfig;
import io.decant.config.StoreConfig;
import io.decant.it.TwoStores.Order;
import io.decant.it.TwoStores.Topology;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator's role, least privilege: once an admin ran {@code init}, {@code backfill} and
 * {@code verify} run as a user that may read and write rows of the tables (Decant's own and the two
 * migrated ones) and create nothing. They used to issue {@code CREATE TABLE IF NOT EXISTS} on every
 * run, which such a user may not.
 */
class LeastPrivilegeIT {
    private static final String PASSWORD = "op-" + UUID.randomUUID();

    static List<Topology> topologies() {
        return TwoStores.crossTopologies();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void backfillAndVerifyRunAsAUserWhoMayOnlyReadAndWriteRows(Topology topology) throws Exception {
        String user = "decant_op_" + Long.toString(System.nanoTime(), 36);
        try (TwoStores fx = new TwoStores(topology)) {
            fx.open().init(); // the admin's step
            for (long id = 1; id <= 300; id++) {
                fx.legacy.upsert(new Order(id, id % 5, id * 3, "NEW"));
            }
            fx.setPhase(Phase.DUAL_WRITE);
            List<Database> dbs = List.of(fx.legacy.db, fx.target.db);
            try {
                for (Database db : dbs) {
                    grantRowsOnly(db, user);
                }
                assertThatThrownBy(() -> createTableAs(fx.legacy.db, user))
                        .as("the operator's user may not create tables").isInstanceOf(java.sql.SQLException.class);

                DecantConfig admin = fx.config();
                Map<String, StoreConfig> stores = new LinkedHashMap<>();
                admin.stores().forEach((name, s) -> stores.put(name, new StoreConfig(name, s.url(), user, PASSWORD, s.poolSize())));
                Decant operator = fx.open(Decant.builder(new DecantConfig(admin.control(), stores, admin.migrations(),
                        admin.instances(), Optional.empty())));

                BackfillResult copied = operator.backfill(TwoStores.MIGRATION, BackfillOptions.defaults(), null);
                VerifyReport verified = operator.verify(TwoStores.MIGRATION, VerifyOptions.defaults(), null);

                assertThat(copied.rowsCopied()).isEqualTo(300);
                assertThat(verified.clean()).as("%s", verified).isTrue();
                assertThat(fx.differences()).isEmpty();
            } finally {
                for (Database db : dbs) {
                    dropUser(db, user);
                }
            }
        }
    }

    /** Rows of every table of the database (Decant's and the migrated one), nothing else. */
    private static void grantRowsOnly(Database db, String user) {
        if (db.engine() == Engine.POSTGRES) {
            db.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + user + "') THEN"
                            + " CREATE ROLE " + user + " LOGIN PASSWORD '" + PASSWORD + "'; END IF; END $$",
                    "REVOKE CREATE ON SCHEMA public FROM PUBLIC", // PostgreSQL 14 still grants it to everyone
                    "GRANT CONNECT ON DATABASE " + db.name() + " TO " + user,
                    "GRANT USAGE ON SCHEMA public TO " + user,
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + user,
                    "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO " + user);
        } else {
            db.execute("CREATE USER IF NOT EXISTS '" + user + "'@'%' IDENTIFIED BY '" + PASSWORD + "'",
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON `" + db.name() + "`.* TO '" + user + "'@'%'");
        }
    }

    private static void createTableAs(Database db, String user) throws java.sql.SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), user, PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE decant_probe_not_allowed (id integer)");
        }
    }

    private static void dropUser(Database db, String user) {
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
            // the role may still have grants in the other database of the test: its drop there removes it
        }
    }
}
