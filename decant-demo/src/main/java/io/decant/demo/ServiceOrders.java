package io.decant.demo;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The service's side of the orders, as the monolith reaches it (in a real system, a client of the
 * service's API; here, its table). Calls fail while {@code outage} says the service is unreachable.
 */
public final class ServiceOrders implements OrderStore {
    private final HikariDataSource pool;
    private final BooleanSupplier outage;

    public ServiceOrders(DemoDatabase db, String poolName, int poolSize, BooleanSupplier outage) {
        this.pool = Pools.open(db, poolName, poolSize);
        this.outage = outage;
    }

    @Override
    public void save(Order o) throws SQLException {
        reachable();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO orders (order_id,"
                + " customer, total, status, note, gift, placed_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (order_id) DO UPDATE SET customer = excluded.customer, total = excluded.total,"
                + " status = excluded.status, note = excluded.note, gift = excluded.gift, placed_at = excluded.placed_at,"
                + " updated_at = excluded.updated_at")) {
            ps.setLong(1, o.id());
            ps.setLong(2, o.customerId());
            ps.setBigDecimal(3, o.total());
            ps.setString(4, o.status());
            ps.setString(5, o.note());
            ps.setBoolean(6, o.gift());
            ps.setObject(7, OffsetDateTime.ofInstant(o.createdAt(), ZoneOffset.UTC));
            ps.setObject(8, OffsetDateTime.ofInstant(o.updatedAt(), ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }

    @Override
    public boolean delete(long id) throws SQLException {
        reachable();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("DELETE FROM orders WHERE order_id = ?")) {
            ps.setLong(1, id);
            return ps.executeUpdate() > 0;
        }
    }

    @Override
    public Optional<Order> find(long id) throws SQLException {
        reachable();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT order_id, customer, total,"
                + " status, note, gift, placed_at, updated_at FROM orders WHERE order_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** Reads the current row of {@code order_id, customer, total, status, note, gift, placed_at, updated_at}. */
    static Order read(ResultSet rs) throws SQLException {
        return new Order(rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3), rs.getString(4), rs.getString(5),
                rs.getBoolean(6), rs.getObject(7, OffsetDateTime.class).toInstant(),
                rs.getObject(8, OffsetDateTime.class).toInstant());
    }

    private void reachable() throws SQLException {
        if (outage.getAsBoolean()) {
            throw new SQLTransientConnectionException("orders service unreachable (injected outage)", "08001");
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
