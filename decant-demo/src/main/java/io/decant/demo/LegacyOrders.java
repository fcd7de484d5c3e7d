package io.decant.demo;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** The monolith's own DAO on its legacy {@code orders} table (PostgreSQL or MariaDB). */
public final class LegacyOrders implements OrderStore {
    private final HikariDataSource pool;
    private final String saveSql;

    public LegacyOrders(DemoDatabase db, String poolName, int poolSize) {
        this.pool = Pools.open(db, poolName, poolSize);
        String insert = "INSERT INTO orders (id, customer_id, total, status, note, gift, created_at, updated_at, legacy_flags)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        this.saveSql = db.mariaDb()
                ? insert + " ON DUPLICATE KEY UPDATE customer_id = VALUES(customer_id), total = VALUES(total),"
                + " status = VALUES(status), note = VALUES(note), gift = VALUES(gift), created_at = VALUES(created_at),"
                + " updated_at = VALUES(updated_at), legacy_flags = VALUES(legacy_flags)"
                : insert + " ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id, total = excluded.total,"
                + " status = excluded.status, note = excluded.note, gift = excluded.gift, created_at = excluded.created_at,"
                + " updated_at = excluded.updated_at, legacy_flags = excluded.legacy_flags";
    }

    @Override
    public void save(Order o) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(saveSql)) {
            ps.setLong(1, o.id());
            ps.setLong(2, o.customerId());
            ps.setBigDecimal(3, o.total());
            ps.setString(4, o.status());
            ps.setString(5, o.note());
            ps.setBoolean(6, o.gift());
            ps.setObject(7, LocalDateTime.ofInstant(o.createdAt(), ZoneOffset.UTC));
            ps.setObject(8, LocalDateTime.ofInstant(o.updatedAt(), ZoneOffset.UTC));
            ps.setInt(9, OrderGenerator.legacyFlags(o.id()));
            ps.executeUpdate();
        }
    }

    @Override
    public boolean delete(long id) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("DELETE FROM orders WHERE id = ?")) {
            ps.setLong(1, id);
            return ps.executeUpdate() > 0;
        }
    }

    @Override
    public Optional<Order> find(long id) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT id, customer_id, total,"
                + " status, note, gift, created_at, updated_at FROM orders WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** Reads the current row of {@code id, customer_id, total, status, note, gift, created_at, updated_at}. */
    static Order read(ResultSet rs) throws SQLException {
        return new Order(rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3), rs.getString(4), rs.getString(5),
                rs.getBoolean(6), rs.getObject(7, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                rs.getObject(8, LocalDateTime.class).toInstant(ZoneOffset.UTC));
    }

    @Override
    public void close() {
        pool.close();
    }
}
