package io.decant.it;

import io.decant.config.DecantConfig;
import io.decant.it.TwoStores.Order;
import io.decant.it.TwoStores.Side;
import java.nio.file.Path;

/**
 * A {@link LibraryChild} whose every call runs inside an application transaction on the legacy
 * database ({@link ApplicationTransactions}): the legacy write on the transaction's connection, the
 * commit after {@code Migration.write} returned. {@code ok <id>} is printed once the commit returned.
 */
public final class TransactionalChild {
    private TransactionalChild() {
    }

    public static void main(String[] args) throws Exception {
        DecantConfig config = DecantConfig.load(Path.of(args[0]));
        Side legacy = LibraryChild.side("legacy", config.store("legacy"), "orders", "id", "customer_id");
        Side target = LibraryChild.side("new", config.store("svc"), "orders_v2", "order_id", "customer");
        ApplicationTransactions transactions = new ApplicationTransactions(legacy.pool);
        LibraryChild.serve(config, TwoStores.MIGRATION, args[1], new LibraryChild.Commands() {
            @Override
            public LibraryChild.Call write(String[] w) {
                Order o = new Order(Long.parseLong(w[1]), Long.parseLong(w[2]), Long.parseLong(w[3]), w[4]);
                return new LibraryChild.Call(o.id(), () -> legacy.upsert(transactions.current().connection, o), () -> target.upsert(o));
            }

            @Override
            public LibraryChild.Call delete(String[] w) {
                long id = Long.parseLong(w[1]);
                return new LibraryChild.Call(id, () -> legacy.delete(transactions.current().connection, id), () -> target.delete(id));
            }
        }, builder -> builder.transactions(transactions), call -> () -> {
            try (ApplicationTransactions.Transaction tx = transactions.begin()) {
                call.run();
                tx.commit();
            }
        });
    }
}
