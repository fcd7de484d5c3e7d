package io.decant.demo;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The demo's two databases: the monolith's and the service's. Without URLs, one embedded
 * PostgreSQL server is started and holds both databases; with {@code --postgres-url} or
 * {@code --mariadb-url}, fresh uniquely named databases are created on those servers. Closing
 * drops what was created and stops the embedded server; so does a shutdown of the JVM (Ctrl-C)
 * before it was closed.
 */
public final class DemoDatabases implements AutoCloseable {
    private final DemoDatabase monolith;
    private final DemoDatabase service;
    private final EmbeddedPostgres embedded;
    private final List<Runnable> cleanups;
    private final String where;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread closeOnExit = new Thread(this::close, "demo-databases-drop");

    private DemoDatabases(DemoDatabase monolith, DemoDatabase service, EmbeddedPostgres embedded,
                          List<Runnable> cleanups, String where) {
        this.monolith = monolith;
        this.service = service;
        this.embedded = embedded;
        this.cleanups = cleanups;
        this.where = where;
        Runtime.getRuntime().addShutdownHook(closeOnExit);
    }

    /** Starts or connects to the servers the settings ask for and creates the two databases. */
    public static DemoDatabases start(DemoSettings settings) {
        List<Runnable> cleanups = new ArrayList<>();
        EmbeddedPostgres embedded = null;
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Server postgres;
        String where;
        if (settings.postgresUrl().isPresent()) {
            postgres = Server.parse(settings.postgresUrl().get(), false);
            where = "PostgreSQL at " + postgres.base;
        } else {
            try {
                embedded = EmbeddedPostgres.builder()
                        // a throw-away demo server: durability on power loss does not matter, speed does
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("shared_buffers", "128MB")
                        .start();
            } catch (Exception e) {
                throw new DecantException(ErrorCode.FAILURE, "embedded PostgreSQL did not start: " + e.getMessage()
                        + "; pass --postgres-url jdbc:postgresql://HOST:5432/postgres?user=... to use a running server", e);
            }
            postgres = new Server(false, "jdbc:postgresql://127.0.0.1:" + embedded.getPort() + "/", "postgres", "postgres", null);
            where = "embedded PostgreSQL on port " + embedded.getPort();
        }
        boolean external = settings.postgresUrl().isPresent();
        try {
            DemoDatabase monolith;
            if (settings.legacyMariaDb()) {
                Server mariadb = Server.parse(settings.mariadbUrl().orElseThrow(() -> DecantException.badConfig(
                        "--legacy mariadb needs --mariadb-url jdbc:mariadb://HOST:3306/?user=...")), true);
                monolith = mariadb.create("decant_demo_monolith_" + suffix, cleanups);
                where += ", MariaDB at " + mariadb.base;
            } else {
                monolith = postgres.create(external ? "decant_demo_monolith_" + suffix : "monolith", cleanups);
            }
            DemoDatabase service = postgres.create(external ? "decant_demo_service_" + suffix : "service", cleanups);
            return new DemoDatabases(monolith, service, embedded, cleanups, where);
        } catch (RuntimeException e) {
            cleanups.forEach(Runnable::run);
            closeEmbedded(embedded);
            throw e;
        }
    }

    public DemoDatabase monolith() {
        return monolith;
    }

    public DemoDatabase service() {
        return service;
    }

    /** Where the databases live, without credentials. */
    public String where() {
        return where;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (Thread.currentThread() != closeOnExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(closeOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running; it finds the databases closed
            }
        }
        for (int i = cleanups.size() - 1; i >= 0; i--) {
            cleanups.get(i).run();
        }
        closeEmbedded(embedded);
    }

    private static void closeEmbedded(EmbeddedPostgres embedded) {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (Exception ignored) {
                // the demo is over; a server that does not stop cleanly dies with the JVM
            }
        }
    }

    /** A server reachable through an admin URL; {@code base} ends with the '/' before the database name. */
    private record Server(boolean mariaDb, String base, String adminDatabase, String user, String password) {
        static Server parse(String url, boolean mariaDb) {
            String prefix = mariaDb ? "jdbc:mariadb:" : "jdbc:postgresql:";
            if (!url.startsWith(prefix) && !(mariaDb && url.startsWith("jdbc:mysql:"))) {
                throw DecantException.badConfig("'" + url.replaceAll("(?i)password=[^&]*", "password=***")
                        + "' is not a " + (mariaDb ? "MariaDB" : "PostgreSQL") + " JDBC URL; write it like "
                        + prefix + "//127.0.0.1:" + (mariaDb ? "3306/" : "5432/postgres") + "?user=NAME");
            }
            String noQuery = url;
            String query = "";
            int q = url.indexOf('?');
            if (q >= 0) {
                noQuery = url.substring(0, q);
                query = url.substring(q + 1);
            }
            int slash = noQuery.indexOf('/', noQuery.indexOf("//") + 2);
            String base = slash < 0 ? noQuery + "/" : noQuery.substring(0, slash + 1);
            String db = slash < 0 ? "" : noQuery.substring(slash + 1);
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
            if (db.isEmpty() && !mariaDb) {
                db = "postgres";
            }
            return new Server(mariaDb, base, db, user, password);
        }

        DemoDatabase create(String name, List<Runnable> cleanups) {
            try (Connection c = admin(); Statement s = c.createStatement()) {
                if (!mariaDb) {
                    s.execute("DROP DATABASE IF EXISTS " + name);
                }
                s.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new DecantException(ErrorCode.FAILURE, "cannot create database " + name + " on " + base + ": "
                        + e.getMessage(), e);
            }
            cleanups.add(() -> drop(name));
            return new DemoDatabase(mariaDb, name, base + name, user, password);
        }

        private void drop(String name) {
            try (Connection c = admin(); Statement s = c.createStatement()) {
                s.execute(mariaDb ? "DROP DATABASE IF EXISTS " + name : "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException ignored) {
                // best effort: the database is the demo's own, and a left-over one is harmless
            }
        }

        private Connection admin() throws SQLException {
            Properties p = new Properties();
            if (user != null) {
                p.setProperty("user", user);
            }
            if (password != null) {
                p.setProperty("password", password);
            }
            return DriverManager.getConnection(base + Optional.ofNullable(adminDatabase).orElse(""), p);
        }
    }
}
