package io.decant.examples.orders;

import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class OrderService {
    private final OrderRepository orders;

    public OrderService(OrderRepository orders) {
        this.orders = orders;
    }

    @Transactional
    public Order place(long customerId, long totalCents) {
        return orders.save(new Order(null, customerId, totalCents, "NEW"));
    }

    @Transactional
    public Optional<Order> pay(long id) {
        return orders.findById(id).map(o -> {
            o.setStatus("PAID");
            return orders.save(o);
        });
    }

    @Transactional
    public void cancel(long id) {
        orders.deleteById(id);
    }

    @Transactional(readOnly = true)
    public Optional<Order> find(long id) {
        return orders.findById(id);
    }

    @Transactional(readOnly = true)
    public List<Order> ofCustomer(long customerId) {
        return orders.findByCustomerIdOrderById(customerId);
    }
}
