package io.decant.demo.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The benchmark's legacy {@code orders} table: 8 columns (bigint id, customer id, numeric total,
 * status text, two timestamps, a ~60-character note, a boolean), about 140 bytes a row, primary key
 * only. With {@code retyped} (the realistic schema, {@link BenchSchema#REALISTIC}) the customer id is
 * an {@code integer} and {@code created_at} a zone-less {@code timestamp} (MariaDB: {@code int}; its
 * timestamps are zone-less {@code datetime(6)} either way), types the service's table widens.
 */
final class OrdersTable {
    static final List<String> COLUMNS = List.of("id", "customer_id", "total", "status", "created_at", "updated_at",
            "note", "paid");
    /** The baseline pipe's target table: the legacy table's shape, beside the service's table. */
    static final String PIPE_TABLE = "orders_pipe";

    private OrdersTable() {
    }

    /** The legacy table {@code name} (PostgreSQL or MariaDB). */
    static String ddl(String name, boolean retyped, boolean postgres) {
        return postgres
                ? "CREATE TABLE " + name + " (id bigint PRIMARY KEY, customer_id " + (retyped ? "integer" : "bigint")
                + " NOT NULL, total numeric(12,2) NOT NULL, status text NOT NULL, created_at "
                + (retyped ? "timestamp" : "timestamptz") + " NOT NULL, updated_at timestamptz NOT NULL, note text,"
                + " paid boolean NOT NULL)"
                : "CREATE TABLE " + name + " (id bigint PRIMARY KEY, customer_id " + (retyped ? "int" : "bigint")
                + " NOT NULL, total decimal(12,2) NOT NULL, status varchar(16) NOT NULL, created_at datetime(6) NOT NULL,"
                + " updated_at datetime(6) NOT NULL, note varchar(80), paid boolean NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
    }

    /** The legacy table of the identical schema, filled with {@code rows} rows. */
    static void create(String url, long rows) throws SQLException {
        create(url, rows, BenchSchema.IDENTICAL);
    }

    /** Creates the legacy table in {@code url}'s database and fills it with {@code rows} rows, generated in the server. */
    static void create(String url, long rows, BenchSchema schema) throws SQLException {
        boolean pg = url.startsWith("jdbc:postgresql:");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(ddl("orders", schema.retypedSource(), pg));
            if (pg) {
                s.execute("SET TIME ZONE 'UTC'");
                s.execute("INSERT INTO orders SELECT g, (g * 7919) % 100000, ((g * 31) % 1000000) / 100.0,"
                        + " (ARRAY['new','paid','shipped','cancelled'])[1 + g % 4],"
                        + " timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second',"
                        + " timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second' + interval '1 hour 0.123456 second',"
                        + " left(md5(g::text) || md5((g + 1)::text), 60), g % 2 = 0 FROM generate_series(1::bigint, " + rows + ") g");
                s.execute("VACUUM ANALYZE orders");
            } else {
                s.execute("SET time_zone = '+00:00'");
                for (long from = 1; from <= rows; from += 250_000) {
                    long to = Math.min(rows, from + 249_999);
                    s.execute("INSERT INTO orders SELECT seq, (seq * 7919) % 100000, ((seq * 31) % 1000000) / 100.0,"
                            + " ELT(1 + seq % 4, 'new', 'paid', 'shipped', 'cancelled'),"
                            + " TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq SECOND,"
                            + " TIMESTAMP '2024-01-01 01:00:00.123456' + INTERVAL seq SECOND,"
                            + " LEFT(CONCAT(MD5(seq), MD5(seq + 1)), 60), seq % 2 = 0 FROM seq_" + from + "_to_" + to);
                }
                s.execute("ANALYZE TABLE orders");
            }
        }
    }

    /** Drops and recreates the (empty) service's table {@code orders} (PostgreSQL) of {@code schema}. */
    static void recreateEmpty(String url, BenchSchema schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS orders");
            s.execute(schema.targetDdl());
        }
    }

    /** Drops and recreates the (empty) baseline table {@value #PIPE_TABLE} (PostgreSQL): the legacy table's shape. */
    static void recreatePipeTable(String url, BenchSchema schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + PIPE_TABLE);
            s.execute(ddl(PIPE_TABLE, schema.retypedSource(), true));
        }
    }

    /**
     * A PostgreSQL checkpoint, before a timed step, so that no step pays for the dirty pages and the WAL
     * an earlier one left (1M copied rows write about 300 MB of WAL; the server checkpoints by itself
     * every ~540 MB with the default {@code max_wal_size}, so without this a checkpoint's writes fell
     * into whichever step came next). Nothing on MariaDB; a role that may not checkpoint skips it.
     */
    static void checkpoint(String url) throws SQLException {
        if (!url.startsWith("jdbc:postgresql:")) {
            return;
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        } catch (SQLException e) {
            if (!"42501".equals(e.getSQLState())) { // insufficient privilege: time without it
                throw e;
            }
        }
    }

    static void drop(String url, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    static long count(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
