package io.decant.cli;

import io.decant.jdbc.testing.TestDatabases;
import io.decant.jdbc.testing.TestDatabases.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A legacy {@code orders} table and a service {@code orders} table with a different schema, each in
 * a fresh PostgreSQL database, and a {@code decant.yaml} that migrates one to the other.
 */
final class OrdersFixture {
    final Database legacy;
    final Database service;
    final Path dir;

    private OrdersFixture(Database legacy, Database service, Path dir) {
        this.legacy = legacy;
        this.service = service;
        this.dir = dir;
    }

    /** Both tables on PostgreSQL; the control tables go to the legacy database. */
    static OrdersFixture create(Path dir) {
        return create(dir, TestDatabases.Engine.POSTGRES);
    }

    /** The legacy table (and so the control tables) on {@code legacyEngine}, the service table on PostgreSQL. */
    static OrdersFixture create(Path dir, TestDatabases.Engine legacyEngine) {
        Database legacy = TestDatabases.of(legacyEngine).createDatabase();
        Database service = TestDatabases.postgres().createDatabase();
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= 50; i++) {
            rows.append(i > 1 ? ", " : "").append("(").append(i).append(", ").append(i % 97).append(", ").append(i * 100)
                    .append(", 'NEW', TIMESTAMP '2026-01-01 00:00:00')");
        }
        String timestamp = legacyEngine == TestDatabases.Engine.POSTGRES ? "TIMESTAMP" : "DATETIME(6)";
        legacy.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL,"
                        + " total_cents BIGINT NOT NULL, status VARCHAR(20) NOT NULL, updated_at " + timestamp + " NOT NULL)",
                "INSERT INTO orders VALUES " + rows);
        service.execute("CREATE TABLE orders (order_id BIGINT PRIMARY KEY, customer BIGINT NOT NULL,"
                + " total_cents BIGINT NOT NULL, status VARCHAR(20), updated_at TIMESTAMP NOT NULL)");
        return new OrdersFixture(legacy, service, dir);
    }

    /** A valid configuration; {@code legacyPassword} is written as the legacy store's password line, if not null. */
    String yaml(String legacyPassword) {
        return "stores:\n"
                + "  legacy:\n"
                + "    url: " + legacy.url() + "\n"
                + "    user: " + legacy.user() + "\n"
                + (legacyPassword != null ? "    password: " + legacyPassword + "\n"
                        : legacy.password() != null ? "    password: " + legacy.password() + "\n" : "")
                + "  service:\n"
                + "    url: " + service.url() + "\n"
                + "    user: " + service.user() + "\n"
                + (service.password() != null ? "    password: " + service.password() + "\n" : "")
                + "migrations:\n"
                + "  orders:\n"
                + "    source: { store: legacy, table: orders, key: [id], version: updated_at }\n"
                + "    target: { store: service, table: orders, key: [order_id] }\n"
                + "    columns:\n"
                + "      order_id: id\n"
                + "      customer: customer_id\n"
                + "      total_cents: total_cents\n"
                + "      status: status\n"
                + "      updated_at: updated_at\n";
    }

    String yaml() {
        return yaml(null);
    }

    /** Writes a configuration file into the fixture's directory and returns its path. */
    Path write(String name, String yaml) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every table of both databases with all its rows, as sorted text: equal snapshots mean nothing changed. */
    String snapshot() {
        return "legacy:\n" + snapshot(legacy) + "service:\n" + snapshot(service);
    }

    /** The tables of both databases other than the two {@code orders} tables (Decant's control tables). */
    List<String> controlTables() {
        List<String> tables = new ArrayList<>();
        for (Database db : List.of(legacy, service)) {
            for (String t : tables(db)) {
                if (!t.endsWith(".orders")) {
                    tables.add(db.name() + ":" + t);
                }
            }
        }
        return tables;
    }

    private static List<String> tables(Database db) {
        try (Connection c = db.connect()) {
            return tables(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        boolean postgres = c.getMetaData().getURL().startsWith("jdbc:postgresql:");
        String schemas = postgres ? "table_schema NOT IN ('pg_catalog', 'information_schema')" : "table_schema = DATABASE()";
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_schema, table_name FROM information_schema.tables"
                     + " WHERE " + schemas + " AND table_type = 'BASE TABLE' ORDER BY 1, 2")) {
            while (rs.next()) {
                tables.add(rs.getString(1) + "." + rs.getString(2));
            }
        }
        return tables;
    }

    private static String snapshot(Database db) {
        StringBuilder b = new StringBuilder();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            String q = c.getMetaData().getIdentifierQuoteString();
            for (String table : tables(c)) {
                String[] parts = table.split("\\.");
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + q + parts[0] + q + "." + q + parts[1] + q)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= n; i++) {
                            row.append(i > 1 ? " | " : "").append(rs.getString(i));
                        }
                        rows.add(row.toString());
                    }
                }
                Collections.sort(rows);
                b.append("  ").append(table).append(" (").append(rows.size()).append(" rows)\n");
                rows.forEach(r -> b.append("    ").append(r).append('\n'));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return b.toString();
    }
}
