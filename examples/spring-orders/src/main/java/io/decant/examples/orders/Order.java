package io.decant.examples.orders;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An order; its id is drawn by the application from the {@code order_ids} sequence ({@link OrderIds}). */
@Entity
@Table(name = "orders")
public class Order {
    @Id
    private Long id;
    private long customerId;
    private long totalCents;
    private String status;

    protected Order() {
    }

    public Order(Long id, long customerId, long totalCents, String status) {
        this.id = id;
        this.customerId = customerId;
        this.totalCents = totalCents;
        this.status = status;
    }

    public Long getId() {
        return id;
    }

    public long getCustomerId() {
        return customerId;
    }

    public long getTotalCents() {
        return totalCents;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }
}
