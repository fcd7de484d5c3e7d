package io.decant.examples.orders;

import io.decant.spring.Migrated;
import io.decant.spring.NewStoreQuery;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

@Migrated("orders")
public interface OrderRepository extends JpaRepository<Order, Long> {
    @NewStoreQuery("SELECT * FROM orders WHERE customer_id = ? ORDER BY id")
    List<Order> findByCustomerIdOrderById(long customerId);
}
