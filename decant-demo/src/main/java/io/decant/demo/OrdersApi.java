package io.decant.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Optional;

/**
 * The orders service's own API, what the monolith's new write and read paths call (Decant's store
 * protocol is served beside it, on its own port):
 * <ul>
 * <li>{@code GET /orders/ID}: 200 with the order as JSON ({@link OrderJson}), 404 when there is none;</li>
 * <li>{@code PUT /orders/ID}: inserts or replaces the order, 204;</li>
 * <li>{@code DELETE /orders/ID}: 204 when an order was deleted, 404 when there was none.</li>
 * </ul>
 * A database that cannot be reached answers 503, any other failure 500, a bad request 400; the body
 * of an error is one line of text.
 */
final class OrdersApi implements HttpHandler {
    static final String PATH = "/orders/";
    private static final int MAX_BODY = 64 * 1024;

    private final ServiceOrders orders;

    OrdersApi(ServiceOrders orders) {
        this.orders = orders;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            long id;
            try {
                id = Long.parseLong(ex.getRequestURI().getPath().substring(PATH.length()));
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                reply(ex, 400, "no order id in " + ex.getRequestURI().getPath());
                return;
            }
            try {
                switch (ex.getRequestMethod()) {
                    case "GET" -> {
                        Optional<Order> o = orders.find(id);
                        if (o.isPresent()) {
                            reply(ex, 200, "application/json", OrderJson.write(o.get()));
                        } else {
                            reply(ex, 404, "no order " + id);
                        }
                    }
                    case "PUT" -> {
                        Order o = OrderJson.read(body(ex));
                        if (o.id() != id) {
                            reply(ex, 400, "the order's order_id " + o.id() + " is not the id of its path, " + id);
                            return;
                        }
                        orders.save(o);
                        reply(ex, 204, null, null);
                    }
                    case "DELETE" -> {
                        if (orders.delete(id)) {
                            reply(ex, 204, null, null);
                        } else {
                            reply(ex, 404, "no order " + id);
                        }
                    }
                    default -> {
                        ex.getResponseHeaders().set("Allow", "GET, PUT, DELETE");
                        reply(ex, 405, "use GET, PUT or DELETE");
                    }
                }
            } catch (SQLTransientException e) {
                reply(ex, 503, "the orders database is unavailable: " + e.getMessage());
            } catch (SQLException e) {
                reply(ex, 500, "the orders database failed: " + e.getMessage());
            } catch (IOException e) {
                reply(ex, 400, e.getMessage());
            }
        }
    }

    private static byte[] body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) {
                throw new IOException("an order is at most " + MAX_BODY + " bytes");
            }
            return b;
        }
    }

    private static void reply(HttpExchange ex, int status, String text) throws IOException {
        reply(ex, status, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
