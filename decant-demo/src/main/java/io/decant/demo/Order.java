package io.decant.demo;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An order as the monolith's code sees it. Both stores' DAOs read into this one shape, so a shadow
 * read compares with plain {@code equals}. Timestamps are whole microseconds (what both databases keep).
 *
 * @param id         the order's id (legacy {@code id}, service {@code order_id})
 * @param customerId the customer (legacy {@code customer_id}, service {@code customer})
 * @param total      the amount, two decimals
 * @param status     NEW, PAID, SHIPPED, DELIVERED or CANCELLED
 * @param note       free text, may be null
 * @param gift       gift wrapping
 * @param createdAt  when it was placed (legacy {@code created_at timestamp}, service {@code placed_at timestamptz})
 * @param updatedAt  when it last changed; the migration's version column
 */
public record Order(long id, long customerId, BigDecimal total, String status, String note, boolean gift,
                    Instant createdAt, Instant updatedAt) {
}
