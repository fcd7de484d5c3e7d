package io.decant.demo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * One database the demo uses: the monolith's or the service's.
 *
 * @param mariaDb  whether it is MariaDB (else PostgreSQL)
 * @param name     the database's name on its server
 * @param url      JDBC URL without credentials
 * @param user     user, or null
 * @param password password, or null; never printed
 */
public record DemoDatabase(boolean mariaDb, String name, String url, String user, String password) {

    /** A new plain JDBC connection (autocommit on, UTC session). */
    public Connection connect() throws SQLException {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        Connection c = DriverManager.getConnection(url, p);
        try (var s = c.createStatement()) {
            s.execute(mariaDb ? "SET time_zone = '+00:00'" : "SET TIME ZONE 'UTC'");
        }
        return c;
    }

    /** What it is, without credentials, e.g. {@code PostgreSQL database monolith}. */
    public String describe() {
        return (mariaDb ? "MariaDB" : "PostgreSQL") + " database " + name;
    }

    @Override
    public String toString() {
        return "DemoDatabase[" + describe() + ", url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "***") + "]";
    }
}
