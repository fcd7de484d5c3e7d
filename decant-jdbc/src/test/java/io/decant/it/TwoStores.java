package io.decant.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.decant.Decant;
import io.decant.Migration;
import io.decant.Phase;
import io.decant.config.BackfillSettings;
import io.decant.config.DecantConfig;
import io.decant.config.Guard;
import io.decant.config.InstanceSettings;
import io.decant.config.IntentMode;
import io.decant.config.MigrationConfig;
import io.decant.config.RetireSettings;
import io.decant.config.ShadowSettings;
import io.decant.config.StoreConfig;
import io.decant.config.TableConfig;
import io.decant.config.VerifySettings;
import io.decant.control.AuditEntry;
import io.decant.control.ControlStore;
import io.decant.control.MigrationState;
import io.decant.driver.StoreConnection;
import io.decant.jdbc.driver.JdbcStoreDriver;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.jdbc.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A legacy table {@code orders} and a renamed target table {@code orders_v2} in two fresh databases
 * on real servers, the write paths a monolith would have for each (plain JDBC, able to fail on
 * demand), a Decant configuration for the migration between them, and an independent SQL
 * comparison of both tables that knows nothing of Decant's code.
 */
final class TwoStores implements AutoCloseable {
    static final String MIGRATION = "orders";

    /** Where the legacy table, the target table and the control store live. */
    record Topology(Engine legacy, Engine target, boolean controlOnTarget) {
        @Override
        public String toString() {
            return legacy + "→" + target + ", control on " + (controlOnTarget ? "target " + target : "legacy " + legacy);
        }
    }

    /** Each store role on each engine. */
    static List<Topology> allTopologies() {
        return List.of(new Topology(Engine.POSTGRES, Engine.POSTGRES, false), new Topology(Engine.MARIADB, Engine.MARIADB, true),
                new Topology(Engine.POSTGRES, Engine.MARIADB, true), new Topology(Engine.MARIADB, Engine.POSTGRES, false));
    }

    /** Two topologies that still put every role on both engines. */
    static List<Topology> crossTopologies() {
        return List.of(new Topology(Engine.POSTGRES, Engine.MARIADB, false), new Topology(Engine.MARIADB, Engine.POSTGRES, false));
    }

    /**
     * How Decant reaches the target table: as a database store (the default), or through what a test
     * puts in front of its database — e.g. a service's endpoint serving the table over Decant's store
     * protocol. decant-http's build runs some of this module's ITs again with
     * {@value #TARGET_ACCESS_PROPERTY} naming such a class (public, with a public no-argument
     * constructor). The monolith's own write path, the control store and the independent SQL
     * comparison always use the databases themselves. Closed with the fixture.
     */
    interface TargetAccess extends AutoCloseable {
        /** The system property naming the {@link TargetAccess} class {@link #TwoStores(Topology)} uses. */
        String TARGET_ACCESS_PROPERTY = "decant.it.target-access";

        /** The store, named {@code name}, through which Decant reaches {@code table} (keyed by {@code key}) of {@code db}. */
        StoreConfig store(String name, Database db, String table, String key);

        @Override
        default void close() {
        }

        /** A database store: Decant connects to the target's database with JDBC. */
        static TargetAccess database() {
            return (name, db, table, key) -> new StoreConfig(name, db.url(), db.user(), db.password(), 8);
        }

        /** The access {@value #TARGET_ACCESS_PROPERTY} names, else {@link #database()}. */
        static TargetAccess configured() {
            String name = System.getProperty(TARGET_ACCESS_PROPERTY, "").trim();
            if (name.isEmpty()) {
                return database();
            }
            try {
                return (TargetAccess) Class.forName(name).getConstructor().newInstance();
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new IllegalStateException(TARGET_ACCESS_PROPERTY + "=" + name + " is not a TargetAccess with a public"
                        + " no-argument constructor", e);
            }
        }
    }

    /** An order as the monolith knows it. */
    record Order(long id, long customer, long totalCents, String status) {
    }

    /** One side's write path: plain SQL on its own pool; fails on demand before touching the database. */
    static final class Side {
        final String name;
        final Database db;
        final HikariDataSource pool;
        final String table;
        final String idCol;
        final String customerCol;
        final AtomicBoolean failing = new AtomicBoolean();
        final AtomicInteger calls = new AtomicInteger();

        Side(String name, Database db, String table, String idCol, String customerCol) {
            this(name, db, table, idCol, customerCol, 12, 12);
        }

        /** A side with a smaller pool (child processes keep their connections few). */
        Side(String name, Database db, String table, String idCol, String customerCol, int poolSize, int minIdle) {
            this.name = name;
            this.db = db;
            this.table = table;
            this.idCol = idCol;
            this.customerCol = customerCol;
            HikariConfig h = new HikariConfig();
            h.setJdbcUrl(db.url());
            h.setUsername(db.user());
            h.setPassword(db.password());
            h.setMaximumPoolSize(poolSize);
            h.setMinimumIdle(minIdle);
            this.pool = new HikariDataSource(h);
        }

        private void enter() {
            calls.incrementAndGet();
            if (failing.get()) {
                throw new IllegalStateException(name + " store is down (injected)");
            }
        }

        void upsert(Order o) {
            enter();
            update(upsertSql(), o.id(), o.customer(), o.totalCents(), o.status());
        }

        /** The upsert on the caller's connection (inside its transaction). */
        void upsert(Connection c, Order o) {
            enter();
            update(c, upsertSql(), o.id(), o.customer(), o.totalCents(), o.status());
        }

        /** The delete on the caller's connection (inside its transaction). */
        void delete(Connection c, long id) {
            enter();
            update(c, "DELETE FROM " + table + " WHERE " + idCol + " = ?", id);
        }

        private String upsertSql() {
            return db.engine() == Engine.POSTGRES
                    ? "INSERT INTO " + table + " (" + idCol + ", " + customerCol + ", total_cents, status) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (" + idCol + ") DO UPDATE SET " + customerCol + " = EXCLUDED." + customerCol
                    + ", total_cents = EXCLUDED.total_cents, status = EXCLUDED.status"
                    : "INSERT INTO " + table + " (" + idCol + ", " + customerCol + ", total_cents, status) VALUES (?, ?, ?, ?)"
                    + " ON DUPLICATE KEY UPDATE " + customerCol + " = VALUES(" + customerCol + "), total_cents = VALUES(total_cents),"
                    + " status = VALUES(status)";
        }

        /** Inserts the order without its id, which the database generates; returns that id. */
        long insertGenerated(long customer, long totalCents, String status) {
            try (Connection c = pool.getConnection()) {
                return insertGenerated(c, customer, totalCents, status);
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }

        /** The insert with a generated id on the caller's connection (inside its transaction). */
        long insertGenerated(Connection c, long customer, long totalCents, String status) {
            enter();
            String sql = "INSERT INTO " + table + " (" + customerCol + ", total_cents, status) VALUES (?, ?, ?)";
            try (PreparedStatement ps = c.prepareStatement(sql, new String[] {idCol})) {
                ps.setLong(1, customer);
                ps.setLong(2, totalCents);
                ps.setString(3, status);
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    if (!rs.next()) {
                        throw new IllegalStateException(sql + ": no generated key returned");
                    }
                    return rs.getLong(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(sql + ": " + e.getMessage(), e);
            }
        }

        /** Runs a statement as is (an operator's statement, e.g. the one a guard prints). */
        void run(String sql) {
            try (Connection c = pool.getConnection(); java.sql.Statement st = c.createStatement()) {
                st.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(sql + ": " + e.getMessage(), e);
            }
        }

        /** The orders of one customer, read with plain SQL (any order). */
        List<Order> ofCustomer(long customer) {
            enter();
            return new ArrayList<>(query("SELECT " + idCol + ", " + customerCol + ", total_cents, status FROM " + table
                    + " WHERE " + customerCol + " = " + customer).values());
        }

        void delete(long id) {
            enter();
            update("DELETE FROM " + table + " WHERE " + idCol + " = ?", id);
        }

        Optional<Order> find(long id) {
            enter();
            Map<Long, Order> rows = query("SELECT " + idCol + ", " + customerCol + ", total_cents, status FROM " + table
                    + " WHERE " + idCol + " = " + id);
            return Optional.ofNullable(rows.get(id));
        }

        /** Every row, read with plain SQL. */
        Map<Long, Order> rows() {
            return query("SELECT " + idCol + ", " + customerCol + ", total_cents, status FROM " + table + " ORDER BY " + idCol);
        }

        private Map<Long, Order> query(String sql) {
            Map<Long, Order> out = new TreeMap<>();
            try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), new Order(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4)));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(sql + ": " + e.getMessage(), e);
            }
            return out;
        }

        private void update(String sql, Object... args) {
            try (Connection c = pool.getConnection()) {
                update(c, sql, args);
            } catch (SQLException e) {
                throw new IllegalStateException(sql + ": " + e.getMessage(), e);
            }
        }

        private static void update(Connection c, String sql, Object... args) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(sql + ": " + e.getMessage(), e);
            }
        }
    }

    final Topology topology;
    final Side legacy;
    final Side target;
    final StoreConfig legacyStore;
    final StoreConfig targetStore;
    private final TargetAccess targetAccess;
    /** The databases behind stores a {@link TargetAccess} put in front of them, by the store's URL. */
    private static final Map<String, Database> BEHIND = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Decant> opened = new ArrayList<>();
    private StoreConnection controlConnection;

    TwoStores(Topology topology) {
        this(topology, TargetAccess.configured(), false);
    }

    /** Like {@link #TwoStores(Topology)}, Decant reaching the target table through {@code targetAccess} (closed with the fixture). */
    TwoStores(Topology topology, TargetAccess targetAccess) {
        this(topology, targetAccess, false);
    }

    /**
     * With {@code generatedKeys} both tables' keys are generated by the database: a legacy
     * {@code BIGSERIAL} (PostgreSQL) or {@code AUTO_INCREMENT} (MariaDB) column, a target identity
     * ({@code GENERATED BY DEFAULT AS IDENTITY}) or {@code AUTO_INCREMENT} column.
     */
    TwoStores(Topology topology, boolean generatedKeys) {
        this(topology, TargetAccess.configured(), generatedKeys);
    }

    private TwoStores(Topology topology, TargetAccess targetAccess, boolean generatedKeys) {
        this.topology = topology;
        this.targetAccess = targetAccess;
        Database l = TestDatabases.of(topology.legacy()).createDatabase();
        Database t = TestDatabases.of(topology.target()).createDatabase();
        String legacyId = !generatedKeys ? "BIGINT PRIMARY KEY"
                : topology.legacy() == Engine.POSTGRES ? "BIGSERIAL PRIMARY KEY" : "BIGINT AUTO_INCREMENT PRIMARY KEY";
        String targetId = !generatedKeys ? "BIGINT PRIMARY KEY"
                : topology.target() == Engine.POSTGRES ? "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
                : "BIGINT AUTO_INCREMENT PRIMARY KEY";
        l.execute("CREATE TABLE orders (id " + legacyId + ", customer_id BIGINT NOT NULL, total_cents BIGINT NOT NULL,"
                + " status VARCHAR(20) NOT NULL, note VARCHAR(40))");
        t.execute("CREATE TABLE orders_v2 (order_id " + targetId + ", customer BIGINT NOT NULL, total_cents BIGINT NOT NULL,"
                + " status VARCHAR(20) NOT NULL)");
        this.legacy = new Side("legacy", l, "orders", "id", "customer_id");
        this.target = new Side("new", t, "orders_v2", "order_id", "customer");
        this.legacyStore = new StoreConfig("legacy", l.url(), l.user(), l.password(), 8);
        this.targetStore = targetAccess.store("svc", t, "orders_v2", "order_id");
        if (topology.controlOnTarget() && targetStore.isHttp()) {
            throw new IllegalStateException(topology + ": the control store must be a database, not the target's " + targetStore.url());
        }
        if (!targetStore.url().equals(t.url())) {
            BEHIND.put(targetStore.url(), t);
        }
    }

    /**
     * The database behind {@code store} when a {@link TargetAccess} put something in front of it: the
     * monolith's own write path (a {@link LibraryChild} too) writes the database itself.
     */
    static Optional<Database> databaseBehind(StoreConfig store) {
        return Optional.ofNullable(BEHIND.get(store.url()));
    }

    static Map<String, String> columns() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("order_id", "id");
        c.put("customer", "customer_id");
        c.put("total_cents", "total_cents");
        c.put("status", "status");
        return c;
    }

    DecantConfig config(InstanceSettings instances, ShadowSettings shadow, Set<Guard> disabledGuards) {
        MigrationConfig m = new MigrationConfig(MIGRATION, new TableConfig("legacy", "orders", List.of("id"), Optional.empty()),
                new TableConfig("svc", "orders_v2", List.of("order_id"), Optional.empty()), columns(), Optional.empty(),
                BackfillSettings.defaults(), shadow, VerifySettings.defaults(), RetireSettings.defaults(), IntentMode.SYNC,
                disabledGuards);
        Map<String, StoreConfig> stores = new LinkedHashMap<>();
        stores.put("legacy", legacyStore);
        stores.put("svc", targetStore);
        return new DecantConfig(topology.controlOnTarget() ? "svc" : "legacy", stores, Map.of(MIGRATION, m), instances,
                Optional.empty());
    }

    /** The migration with a version column {@code rev} on both tables (added by the caller), mapped by name. */
    DecantConfig configWithVersion() {
        Map<String, String> cols = columns();
        cols.put("rev", "rev");
        MigrationConfig m = new MigrationConfig(MIGRATION, new TableConfig("legacy", "orders", List.of("id"), Optional.of("rev")),
                new TableConfig("svc", "orders_v2", List.of("order_id"), Optional.empty()), cols, Optional.empty(),
                BackfillSettings.defaults(), shadow(), VerifySettings.defaults(), RetireSettings.defaults(), IntentMode.SYNC, Set.of());
        DecantConfig plain = config();
        return new DecantConfig(plain.control(), plain.stores(), Map.of(MIGRATION, m), plain.instances(), Optional.empty());
    }

    /** Fast heartbeats so tests see phase changes and acknowledgements quickly. */
    static InstanceSettings fastInstances() {
        return new InstanceSettings(Duration.ofMillis(100), Duration.ofMillis(50), Duration.ofSeconds(2));
    }

    static ShadowSettings shadow() {
        return new ShadowSettings(100, 10, 0.99, Duration.ofMillis(20), 100, 4);
    }

    DecantConfig config() {
        return config(fastInstances(), shadow(), Set.of());
    }

    /** Opens a Decant (closed with the fixture). */
    Decant open(Decant.Builder builder) {
        Decant d = builder.open();
        opened.add(d);
        return d;
    }

    Decant open() {
        return open(Decant.builder(config()));
    }

    /** The control store, reached directly (for setting phases and inspecting evidence). */
    synchronized ControlStore control() {
        if (controlConnection == null) {
            controlConnection = new JdbcStoreDriver().connect(topology.controlOnTarget() ? targetStore : legacyStore);
        }
        return controlConnection.control();
    }

    MigrationState state() {
        return control().phases().state(MIGRATION).orElseThrow();
    }

    /** Sets the phase directly in the control store (no guards: test setup), returning the new state. */
    MigrationState setPhase(Phase to) {
        MigrationState s = state();
        if (s.phase() == to) {
            return s;
        }
        return control().phases().transition(s, to, new AuditEntry(0, MIGRATION, null, "test@it", "test-setup", s.phase(), to,
                s.version() + 1, "test setup", false, null)).orElseThrow();
    }

    /** Steps the phase forward (or sets it) one phase at a time up to {@code to}, as test setup. */
    MigrationState walkTo(Phase to) {
        MigrationState s = state();
        while (s.phase().isBefore(to)) {
            s = setPhase(s.phase().next().orElseThrow());
        }
        return setPhase(to);
    }

    /** Waits until the library handle acts on {@code version} (it polls the control store). */
    static void awaitVersion(Migration m, long version) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (m.phaseVersion() < version) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("instance did not pick up phase version " + version + "; it acts on " + m);
            }
            sleep(10);
        }
    }

    /** Differences between the two tables over the mapped columns, by plain SQL on each database. */
    List<String> differences() {
        Map<Long, Order> l = legacy.rows();
        Map<Long, Order> t = target.rows();
        List<String> out = new ArrayList<>();
        for (Long id : new TreeSet<>(union(l.keySet(), t.keySet()))) {
            Order a = l.get(id);
            Order b = t.get(id);
            if (!Objects.equals(a, b)) {
                out.add("id " + id + ": legacy " + a + ", new " + b);
            }
        }
        return out;
    }

    /** The side whose database holds the control store. */
    Side controlSide() {
        return topology.controlOnTarget() ? target : legacy;
    }

    /**
     * The highest id of an intent recorded for {@code key}, read with plain SQL on the control store
     * through the test's own pool (0 when there is none): what another connection sees as committed.
     */
    long lastIntentId(long key) {
        Side control = controlSide();
        try (Connection c = control.pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(MAX(id), 0) FROM decant_intents WHERE migration = ? AND key_text = ?")) {
            ps.setString(1, MIGRATION);
            ps.setString(2, io.decant.spi.Key.of(key).encode());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading intents of key " + key + ": " + e.getMessage(), e);
        }
    }

    private static Set<Long> union(Set<Long> a, Set<Long> b) {
        Set<Long> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (Decant d : opened) {
            try {
                d.close();
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }
        if (controlConnection != null) {
            controlConnection.close();
        }
        BEHIND.remove(targetStore.url());
        targetAccess.close();
        legacy.pool.close();
        target.pool.close();
    }
}
