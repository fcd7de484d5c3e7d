package io.decant.demo;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The monolith's data access for orders in one store: what its write and read paths call, written
 * the way an application writes it — plain JDBC on a database, or calls of the orders service's
 * API ({@link OrdersApiClient}). The library wraps these calls; it never sees SQL or HTTP.
 */
public interface OrderStore extends AutoCloseable {
    /** Inserts the order or replaces the existing one with its id. */
    void save(Order order) throws SQLException, IOException;

    /** Deletes the order; false when there was none. */
    boolean delete(long id) throws SQLException, IOException;

    Optional<Order> find(long id) throws SQLException, IOException;

    @Override
    void close();
}
