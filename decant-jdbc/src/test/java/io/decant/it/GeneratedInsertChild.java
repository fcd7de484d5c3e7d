package io.decant.it;

import io.decant.Decant;
import io.decant.KeyedWrite;
import io.decant.Migration;
import io.decant.config.DecantConfig;
import io.decant.config.StoreConfig;
import io.decant.it.TwoStores.Order;
import io.decant.it.TwoStores.Side;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A monolith in a process of its own that inserts orders whose key the database generates, through
 * {@link Migration#insert}, on the {@link TwoStores} tables with generated keys; started by
 * {@link ChildInstance#start(Path, String, Path, Class)} so a test can kill it at a chosen point.
 *
 * <p>Commands (one per line on stdin):
 * <ul>
 *   <li>{@code insert <customer> <total> <status>}: prints {@code ok <customer> <key>} or {@code failed <customer> <message>}</li>
 *   <li>{@code hold-inserted}: the next insert stops right after its first store generated the key (before Decant
 *       names it), prints {@code inserted <customer> <key>} and waits</li>
 *   <li>{@code hold-between}: the next insert stops between its two writes (its key named), prints
 *       {@code between <customer>} and waits</li>
 *   <li>{@code go}: releases a held insert</li>
 * </ul>
 * It prints {@code ready <instance-id> <phase> <version>} once its library instance is open.
 */
public final class GeneratedInsertChild {
    private static final Object OUT = new Object();
    private static final AtomicBoolean HOLD_INSERTED = new AtomicBoolean();
    private static final AtomicBoolean HOLD_BETWEEN = new AtomicBoolean();
    private static final Semaphore GO = new Semaphore(0);
    private static final ThreadLocal<Long> CUSTOMER = new ThreadLocal<>();

    private GeneratedInsertChild() {
    }

    public static void main(String[] args) throws Exception {
        DecantConfig config = DecantConfig.load(Path.of(args[0]));
        Side legacy = side("legacy", config.store("legacy"), "orders", "id", "customer_id");
        Side target = side("new", config.store("svc"), "orders_v2", "order_id", "customer");
        Decant decant = Decant.builder(config).instanceId(args[1]).crashHook(() -> {
            if (HOLD_BETWEEN.getAndSet(false)) {
                hold("between " + CUSTOMER.get());
            }
        }).open();
        Migration orders = decant.migration(TwoStores.MIGRATION);
        print("ready " + args[1] + " " + orders.phase() + " " + orders.phaseVersion());
        ExecutorService calls = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "child-insert");
            t.setDaemon(true);
            return t;
        });
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] w = line.trim().split("\\s+");
            switch (w[0]) {
                case "insert" -> {
                    long customer = Long.parseLong(w[1]);
                    long total = Long.parseLong(w[2]);
                    String status = w[3];
                    calls.execute(() -> {
                        CUSTOMER.set(customer);
                        try {
                            long key = orders.insert(write(legacy, customer, total, status), write(target, customer, total, status));
                            print("ok " + customer + " " + key);
                        } catch (Throwable e) {
                            print("failed " + customer + " " + e.getClass().getSimpleName() + ": "
                                    + String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
                        }
                    });
                }
                case "hold-inserted" -> HOLD_INSERTED.set(true);
                case "hold-between" -> HOLD_BETWEEN.set(true);
                case "go" -> GO.release();
                case "" -> {
                }
                default -> print("unknown-command " + line);
            }
        }
        Runtime.getRuntime().halt(0);
    }

    /** One store's write path: with no key it inserts and returns the generated key (and may hold there), else it upserts. */
    private static KeyedWrite<Long> write(Side side, long customer, long total, String status) {
        return key -> {
            if (key == null) {
                long generated = side.insertGenerated(customer, total, status);
                if (HOLD_INSERTED.getAndSet(false)) {
                    hold("inserted " + customer + " " + generated);
                }
                return generated;
            }
            side.upsert(new Order(key, customer, total, status));
            return key;
        };
    }

    private static Side side(String name, StoreConfig store, String table, String idCol, String customerCol) {
        Engine engine = store.url().startsWith("jdbc:postgresql:") ? Engine.POSTGRES : Engine.MARIADB;
        return new Side(name, new Database(engine, store.name(), store.url(), store.user(), store.password()), table, idCol,
                customerCol, 3, 1);
    }

    private static void hold(String line) {
        print(line);
        GO.acquireUninterruptibly();
    }

    private static void print(String line) {
        synchronized (OUT) {
            System.out.println(line);
            System.out.flush();
        }
    }
}
