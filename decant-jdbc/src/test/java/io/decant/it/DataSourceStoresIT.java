package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.decant.Decant;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.Migration;
import io.decant.Phase;
import io.decant.VerifyOptions;
import io.decant.VerifyReport;
import io.decant.config.DecantConfig;
import io.decant.config.StoreConfig;
import io.decant.it.TwoStores.Order;
import io.decant.it.TwoStores.Topology;
import io.decant.jdbc.engine.BorrowedSessions;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stores bound to the application's own pools ({@link Decant.Builder#dataSource}): no url in the
 * configuration, the engine read from the connection, dual writes and a verification through the
 * application's connections, the application's session settings unchanged afterwards, and the
 * pools still open after {@link Decant#close()}.
 */
class DataSourceStoresIT {

    /** One store role per engine: PostgreSQL → PostgreSQL (control on legacy), MariaDB → MariaDB (control on the target). */
    static List<Topology> topologies() {
        return List.of(new Topology(Engine.POSTGRES, Engine.POSTGRES, false), new Topology(Engine.MARIADB, Engine.MARIADB, true));
    }

    /**
     * The application's pool: sessions in a zone other than UTC, REPEATABLE READ, and (when asked) with
     * autocommit off, as some JPA setups configure it.
     */
    static HikariDataSource applicationPool(Database db, int size, boolean autoCommit) {
        HikariConfig h = new HikariConfig();
        h.setPoolName("application-" + db.name());
        h.setJdbcUrl(db.url());
        h.setUsername(db.user());
        h.setPassword(db.password());
        h.setMaximumPoolSize(size);
        h.setMinimumIdle(size);
        h.setAutoCommit(autoCommit);
        h.setIsolateInternalQueries(true); // the init SQL commits even with autocommit off
        h.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
        h.setConnectionInitSql(db.engine() == Engine.POSTGRES ? "SET TIME ZONE 'Asia/Kolkata'" : "SET time_zone = '+05:30'");
        return new HikariDataSource(h);
    }

    /** The migration's configuration with both stores' urls removed: they come from the application. */
    static DecantConfig withoutUrls(DecantConfig config) {
        Map<String, StoreConfig> stores = new LinkedHashMap<>();
        config.stores().forEach((name, s) -> stores.put(name, new StoreConfig(name, null, null, null, s.poolSize())));
        return new DecantConfig(config.control(), stores, config.migrations(), config.instances(), Optional.empty());
    }

    /** The time zone, isolation level and autocommit of a session, as the application sees them. */
    record Session(String timeZone, int isolation, boolean autoCommit) {
    }

    static Session session(Connection c, Engine engine) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(engine == Engine.POSTGRES
                ? "SELECT current_setting('TimeZone')" : "SELECT @@session.time_zone")) {
            rs.next();
            return new Session(rs.getString(1), c.getTransactionIsolation(), c.getAutoCommit());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void storesOnTheApplicationsPoolsDualWriteVerifyAndLeaveThePoolsOpen(Topology topology) throws Exception {
        try (TwoStores fx = new TwoStores(topology);
             HikariDataSource legacyApp = applicationPool(fx.legacy.db, 6, true);
             HikariDataSource targetApp = applicationPool(fx.target.db, 6, true)) {
            Session legacyBefore;
            try (Connection c = legacyApp.getConnection()) {
                legacyBefore = session(c, topology.legacy());
            }
            DecantConfig config = withoutUrls(fx.config());
            Decant decant = Decant.builder(config).dataSource("legacy", legacyApp).dataSource("svc", targetApp).open();
            try {
                decant.init();
                fx.setPhase(Phase.DUAL_WRITE);
                Migration orders = decant.migration(TwoStores.MIGRATION);
                TwoStores.awaitVersion(orders, fx.state().version());
                for (long id = 1; id <= 20; id++) {
                    Order o = new Order(id, id % 3, id * 100, id % 2 == 0 ? "PAID" : "NEW");
                    orders.write(id, () -> fx.legacy.upsert(o), () -> fx.target.upsert(o));
                }
                orders.write(7L, () -> fx.legacy.delete(7), () -> fx.target.delete(7));
                assertThat(fx.differences()).as("both tables after the dual writes, by plain SQL").isEmpty();
                assertThat(fx.target.rows()).hasSize(19);

                VerifyReport clean = decant.verify(TwoStores.MIGRATION, VerifyOptions.defaults()
                        .withRecheckDelay(Duration.ofMillis(50)), null);
                assertThat(clean.clean()).as("%s", clean).isTrue();
                assertThat(clean.rowsCompared()).isEqualTo(19);
                fx.target.upsert(new Order(3, 0, 1, "CORRUPT"));
                VerifyReport differing = decant.verify(TwoStores.MIGRATION, VerifyOptions.defaults()
                        .withRecheckDelay(Duration.ofMillis(50)), null);
                assertThat(differing.differing()).as("%s", differing).isEqualTo(1);
                assertThat(decant.status(TwoStores.MIGRATION).phase()).isEqualTo(Phase.DUAL_WRITE);
            } finally {
                decant.close();
            }

            assertThat(legacyApp.isClosed()).as("Decant.close() leaves the application's pool open").isFalse();
            assertThat(targetApp.isClosed()).isFalse();
            // every pooled session (Decant borrowed them all for the verification's workers) is as the application left it
            List<Connection> all = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    all.add(legacyApp.getConnection());
                }
                for (Connection c : all) {
                    assertThat(session(c, topology.legacy())).isEqualTo(legacyBefore);
                }
            } finally {
                for (Connection c : all) {
                    c.close();
                }
            }
            assertThat(legacyBefore.timeZone()).isNotIn("UTC", "+00:00");
            assertThat(legacyBefore.isolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
        }
    }

    /**
     * One physical connection (a pool of one), lent to Decant and given back: Decant's session is in UTC,
     * READ COMMITTED and autocommit; the application's is as before, with autocommit off as configured.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Engine.class)
    void aBorrowedSessionRunsAsDecantNeedsAndIsGivenBackUnchanged(Engine engine) throws Exception {
        try (Database db = io.decant.jdbc.testing.TestDatabases.of(engine).createDatabase();
             HikariDataSource app = applicationPool(db, 1, false)) {
            Session before;
            try (Connection c = app.getConnection()) {
                before = session(c, engine);
            }
            BorrowedSessions lent = BorrowedSessions.of(app, io.decant.jdbc.engine.Engine.forUrl(db.url()).orElseThrow());
            try (Connection c = lent.getConnection()) {
                Session decants = session(c, engine);
                assertThat(decants.timeZone()).isIn("UTC", "+00:00");
                assertThat(decants.isolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
                assertThat(decants.autoCommit()).isTrue();
                c.setAutoCommit(false); // Decant's parts open transactions of their own; one left open is rolled back
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE lent_marker (id INT PRIMARY KEY)");
                }
            }
            try (Connection c = app.getConnection()) {
                assertThat(session(c, engine)).isEqualTo(before);
                assertThat(before).isEqualTo(new Session(engine == Engine.POSTGRES ? "Asia/Kolkata" : "+05:30",
                        Connection.TRANSACTION_REPEATABLE_READ, false));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void aStoreWithNeitherAUrlNorADataSourceIsRefusedNamingIt(Topology topology) {
        try (TwoStores fx = new TwoStores(topology);
             HikariDataSource legacyApp = applicationPool(fx.legacy.db, 1, true)) {
            DecantConfig config = withoutUrls(fx.config());
            DecantException e = catchThrowableOfType(DecantException.class,
                    () -> Decant.builder(config).dataSource("legacy", legacyApp).open());
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_CONFIG);
            assertThat(e.getMessage()).contains("stores.svc.url", "a JDBC URL is required", "dataSource(\"svc\"");
            DecantException unknown = catchThrowableOfType(DecantException.class,
                    () -> Decant.builder(config).dataSource("warehouse", legacyApp));
            assertThat(unknown.code()).isEqualTo(ErrorCode.BAD_CONFIG);
            assertThat(unknown.getMessage()).contains("unknown store 'warehouse'");
        }
    }
}
