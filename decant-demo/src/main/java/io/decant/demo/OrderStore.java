package io.decant.demo;

import java.sql.SQLException;
import java.util.Optional;

/**
 * The monolith's data access for orders in one store: what its write and read paths call, written
 * as plain JDBC the way an application writes it. The library wraps these calls; it never sees SQL.
 */
public interface OrderStore extends AutoCloseable {
    /** Inserts the order or replaces the existing one with its id. */
    void save(Order order) throws SQLException;

    /** Deletes the order; false when there was none. */
    boolean delete(long id) throws SQLException;

    Optional<Order> find(long id) throws SQLException;

    @Override
    void close();
}
