package io.decant.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Streams an {@code orders} table in key order with plain SQL, in chunks (a cursor on PostgreSQL,
 * a streaming result set on MariaDB), so memory stays flat. Used only by the independent proof:
 * nothing here goes through Decant.
 */
final class OrderRows {
    /** Receives rows in key order. */
    interface Sink {
        void accept(Order order, int legacyFlags) throws SQLException;
    }

    private OrderRows() {
    }

    /** Streams the legacy table: {@code id, customer_id, total, status, note, gift, created_at, updated_at, legacy_flags}. */
    static void legacy(DemoDatabase db, Sink sink) throws SQLException {
        stream(db, "SELECT id, customer_id, total, status, note, gift, created_at, updated_at, legacy_flags FROM orders ORDER BY id",
                rs -> sink.accept(LegacyOrders.read(rs), rs.getInt(9)));
    }

    /** Streams the service table: {@code order_id, customer, total, status, note, gift, placed_at, updated_at}. */
    static void service(DemoDatabase db, Sink sink) throws SQLException {
        stream(db, "SELECT order_id, customer, total, status, note, gift, placed_at, updated_at FROM orders ORDER BY order_id",
                rs -> sink.accept(ServiceOrders.read(rs), 0));
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private static void stream(DemoDatabase db, String sql, RowReader reader) throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                ps.setFetchSize(db.mariaDb() ? 1000 : 5000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        reader.read(rs);
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    /** Exact row count with plain SQL. */
    static long count(DemoDatabase db) throws SQLException {
        try (Connection c = db.connect(); var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM orders")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
