package io.decant.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * An order as the orders service's API carries it: JSON with the service's own names
 * ({@code order_id}, {@code customer}, {@code placed_at}), the amount as a decimal string and
 * instants as ISO-8601 text, so that an order read back {@link Order#equals equals} the one sent.
 */
final class OrderJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OrderJson() {
    }

    static byte[] write(Order o) {
        ObjectNode n = JSON.createObjectNode();
        n.put("order_id", o.id());
        n.put("customer", o.customerId());
        n.put("total", o.total().toPlainString());
        n.put("status", o.status());
        if (o.note() == null) {
            n.putNull("note");
        } else {
            n.put("note", o.note());
        }
        n.put("gift", o.gift());
        n.put("placed_at", o.createdAt().toString());
        n.put("updated_at", o.updatedAt().toString());
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an order as JSON", e);
        }
    }

    /** Reads an order; a missing or mistyped field is an {@link IOException} naming it. */
    static Order read(byte[] body) throws IOException {
        JsonNode n = JSON.readTree(body);
        if (n == null || !n.isObject()) {
            throw new IOException("an order must be a JSON object");
        }
        try {
            JsonNode note = field(n, "note");
            return new Order(field(n, "order_id").longValue(), field(n, "customer").longValue(),
                    new BigDecimal(field(n, "total").textValue()), field(n, "status").textValue(),
                    note.isNull() ? null : note.textValue(), field(n, "gift").booleanValue(),
                    Instant.parse(field(n, "placed_at").textValue()), Instant.parse(field(n, "updated_at").textValue()));
        } catch (RuntimeException e) {
            throw new IOException("not an order: " + e.getMessage(), e);
        }
    }

    private static JsonNode field(JsonNode n, String name) throws IOException {
        JsonNode v = n.get(name);
        if (v == null) {
            throw new IOException("an order needs '" + name + "'");
        }
        return v;
    }
}
