package io.decant.demo.bench;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The database servers a benchmark runs on: the URL given, else {@code DECANT_BENCH_POSTGRES_URL} /
 * {@code DECANT_BENCH_MARIADB_URL}, else the local servers; PostgreSQL falls back to an embedded
 * server (zonky) when none answers. Benchmark databases are created fresh beside the URL's database.
 */
final class BenchServers implements AutoCloseable {
    static final String LOCAL_POSTGRES = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    static final String LOCAL_MARIADB = "jdbc:mariadb://127.0.0.1:3306/?user=root";

    private EmbeddedPostgres embedded;

    /** A server URL (admin database), answering. */
    String postgres(String given, PrintWriter log) {
        String url = pick(given, "DECANT_BENCH_POSTGRES_URL", LOCAL_POSTGRES);
        if (answers(url)) {
            return url;
        }
        log.println("bench: no PostgreSQL answers at " + redact(url) + "; starting an embedded PostgreSQL");
        try {
            embedded = EmbeddedPostgres.builder().start();
        } catch (Exception e) {
            throw new DecantException(ErrorCode.FAILURE, "no PostgreSQL at " + redact(url)
                    + " and the embedded one did not start: " + e.getMessage(), e);
        }
        return "jdbc:postgresql://127.0.0.1:" + embedded.getPort() + "/postgres?user=postgres";
    }

    String mariadb(String given) {
        String url = pick(given, "DECANT_BENCH_MARIADB_URL", LOCAL_MARIADB);
        if (!answers(url)) {
            throw new DecantException(ErrorCode.FAILURE, "no MariaDB answers at " + redact(url)
                    + "; start one or pass --mariadb-url (or set DECANT_BENCH_MARIADB_URL)");
        }
        return url;
    }

    private static String pick(String given, String env, String local) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        String e = System.getenv(env);
        return e != null && !e.isBlank() ? e : local;
    }

    private static boolean answers(String url) {
        try (Connection c = DriverManager.getConnection(url)) {
            return c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Drops and creates database {@code name} on the server of {@code serverUrl}; returns its URL. */
    static String freshDatabase(String serverUrl, String name) {
        boolean pg = serverUrl.startsWith("jdbc:postgresql:");
        try (Connection c = DriverManager.getConnection(serverUrl); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + (pg ? " WITH (FORCE)" : ""));
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new DecantException(ErrorCode.FAILURE, "cannot create benchmark database " + name + " at "
                    + redact(serverUrl) + ": " + e.getMessage(), e);
        }
        return withDatabase(serverUrl, name);
    }

    static void dropDatabase(String serverUrl, String name) {
        boolean pg = serverUrl.startsWith("jdbc:postgresql:");
        try (Connection c = DriverManager.getConnection(serverUrl); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + (pg ? " WITH (FORCE)" : ""));
        } catch (SQLException ignored) {
            // best effort: the databases are recreated by the next run anyway
        }
    }

    /** The URL with its database replaced by {@code name}, keeping host and parameters. */
    static String withDatabase(String url, String name) {
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        String query = q < 0 ? "" : url.substring(q);
        int slash = base.indexOf('/', base.indexOf("//") + 2);
        return (slash < 0 ? base : base.substring(0, slash)) + "/" + name + query;
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public void close() throws Exception {
        if (embedded != null) {
            embedded.close();
        }
    }
}
