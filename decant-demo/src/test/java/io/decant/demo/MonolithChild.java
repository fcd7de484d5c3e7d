package io.decant.demo;

import io.decant.config.DecantConfig;
import io.decant.config.StoreConfig;
import io.decant.it.LibraryChild;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * A process of the demo's monolith on its own: one library instance of the {@code orders} migration
 * with the demo's DAOs, running {@link LibraryChild}'s commands (so that {@code ChildInstance} can
 * hold its calls between their two writes and freeze it with SIGSTOP). Arguments: the
 * {@code decant.yaml} path and the instance id. A {@code write} line carries the whole order
 * ({@link #writeCommand}); {@code delete <id>} deletes.
 */
public final class MonolithChild {
    private MonolithChild() {
    }

    public static void main(String[] args) throws Exception {
        DecantConfig config = DecantConfig.load(Path.of(args[0]));
        LegacyOrders legacy = new LegacyOrders(database(config.store(DemoConfig.LEGACY_STORE)), "child-legacy", 2);
        ServiceOrders service = new ServiceOrders(database(config.store(DemoConfig.SERVICE_STORE)), "child-service", 2, () -> false);
        LibraryChild.serve(config, DemoConfig.MIGRATION, args[1], new LibraryChild.Commands() {
            @Override
            public LibraryChild.Call write(String[] words) {
                Order o = order(words);
                return new LibraryChild.Call(o.id(), () -> sql(() -> legacy.save(o)), () -> sql(() -> service.save(o)));
            }

            @Override
            public LibraryChild.Call delete(String[] words) {
                long id = Long.parseLong(words[1]);
                return new LibraryChild.Call(id, () -> sql(() -> legacy.delete(id)), () -> sql(() -> service.delete(id)));
            }
        });
    }

    /** The {@code write} line of an upsert of {@code o}. */
    static String writeCommand(Order o) {
        return "write " + o.id() + " " + o.customerId() + " " + o.total().toPlainString() + " " + o.status() + " " + o.gift()
                + " " + micros(o.createdAt()) + " " + micros(o.updatedAt()) + " "
                + (o.note() == null ? "-" : Base64.getUrlEncoder().encodeToString(o.note().getBytes(StandardCharsets.UTF_8)));
    }

    static Order order(String[] w) {
        String note = w[8].equals("-") ? null : new String(Base64.getUrlDecoder().decode(w[8]), StandardCharsets.UTF_8);
        return new Order(Long.parseLong(w[1]), Long.parseLong(w[2]), new BigDecimal(w[3]), w[4], note, Boolean.parseBoolean(w[5]),
                Instant.EPOCH.plus(Long.parseLong(w[6]), ChronoUnit.MICROS), Instant.EPOCH.plus(Long.parseLong(w[7]), ChronoUnit.MICROS));
    }

    private static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    private static DemoDatabase database(StoreConfig store) {
        return new DemoDatabase(store.url().startsWith("jdbc:mariadb:") || store.url().startsWith("jdbc:mysql:"), store.name(),
                store.url(), store.user(), store.password());
    }

    private interface SqlCall {
        void run() throws SQLException;
    }

    private static void sql(SqlCall call) {
        try {
            call.run();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
