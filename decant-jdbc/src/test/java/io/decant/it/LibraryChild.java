package io.decant.it;

import io.decant.Decant;
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
 * A monolith in a process of its own: opens one Decant library instance of the {@link TwoStores}
 * migration from a {@code decant.yaml}, with the fixture's write paths (plain JDBC), and runs
 * commands read line by line from stdin, so that a test can kill it (SIGKILL), freeze it (SIGSTOP)
 * and thaw it (SIGCONT) at chosen points of its calls.
 *
 * <p>Arguments: the decant.yaml path, the instance id. On start it prints
 * {@code ready <instance-id> <phase> <version>}. Commands:
 * <ul>
 *   <li>{@code write <id> <customer> <total> <status>} — an upsert of the key through
 *       {@link Migration#write}; prints {@code ok <id>} when the call returned (the write is
 *       acknowledged) or {@code failed <id> <message>} when it threw</li>
 *   <li>{@code delete <id>} — a delete, with the same replies</li>
 *   <li>{@code hold-between} — the next dual write stops between its two writes (in the crash
 *       hook), prints {@code between <id>}, and goes on at the next {@code go}</li>
 *   <li>{@code hold-new} — the next write of the new store stops before it runs, prints
 *       {@code holding <id>}, and goes on at the next {@code go}</li>
 *   <li>{@code go} — releases one held call (a {@code go} sent early is kept for the next hold)</li>
 *   <li>{@code phase} — prints {@code phase <phase> <version>}, what the instance acts on</li>
 *   <li>{@code leave} — closes the library instance (it leaves the registry, so intents its calls left
 *       are stale at once), prints {@code left}, and halts</li>
 * </ul>
 * Writes run on their own threads, so a held call does not stop the reading of commands; replies
 * name the key, so the test matches each to its call. At the end of stdin (the test is gone) the
 * process halts at once.
 *
 * <p>A test of another schema reuses the commands with its own write paths: its main calls
 * {@link #serve} with a {@link Commands} that parses its {@code write} and {@code delete} lines, and
 * {@link ChildInstance#start(Path, String, Path, Class)} starts that main.
 */
public final class LibraryChild {
    private static final Object OUT = new Object();
    private static final AtomicBoolean HOLD_BETWEEN = new AtomicBoolean();
    private static final AtomicBoolean HOLD_NEW = new AtomicBoolean();
    private static final Semaphore GO = new Semaphore(0);
    private static final ThreadLocal<Long> CURRENT_KEY = new ThreadLocal<>();

    private LibraryChild() {
    }

    /** A call the child makes through {@link Migration#write}: its key and its two store writes. */
    public record Call(long id, Runnable legacyWrite, Runnable newWrite) {
    }

    /** Turns the words of a {@code write} or {@code delete} command (the command word first) into a call. */
    public interface Commands {
        Call write(String[] words);

        Call delete(String[] words);
    }

    /**
     * Beside {@code <instanceId>.yaml}: the databases behind the stores Decant reaches through
     * something in front of them (a service's endpoint), whose rows the monolith's write path writes
     * itself; properties {@code STORE.url}, {@code STORE.user}, {@code STORE.password}.
     */
    static final String DATABASES_BEHIND = ".databases";

    /** Writes the databases behind {@code config}'s stores, if any store has one (see {@link #DATABASES_BEHIND}). */
    static void writeDatabasesBehind(DecantConfig config, Path file) {
        java.util.Properties p = new java.util.Properties();
        for (StoreConfig s : config.stores().values()) {
            TwoStores.databaseBehind(s).ifPresent(db -> {
                p.setProperty(s.name() + ".url", db.url());
                if (db.user() != null) {
                    p.setProperty(s.name() + ".user", db.user());
                }
                if (db.password() != null) {
                    p.setProperty(s.name() + ".password", db.password());
                }
            });
        }
        if (p.isEmpty()) {
            return;
        }
        try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(file)) {
            p.store(w, "the databases behind the stores of " + file.getFileName());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        Path yaml = Path.of(args[0]);
        DecantConfig config = DecantConfig.load(yaml);
        java.util.Properties behind = new java.util.Properties();
        Path databases = yaml.resolveSibling(args[1] + DATABASES_BEHIND);
        if (java.nio.file.Files.exists(databases)) {
            try (java.io.Reader r = java.nio.file.Files.newBufferedReader(databases)) {
                behind.load(r);
            }
        }
        Side legacy = side("legacy", writePath(config.store("legacy"), behind), "orders", "id", "customer_id");
        Side target = side("new", writePath(config.store("svc"), behind), "orders_v2", "order_id", "customer");
        serve(config, TwoStores.MIGRATION, args[1], new Commands() {
            @Override
            public Call write(String[] w) {
                Order o = new Order(Long.parseLong(w[1]), Long.parseLong(w[2]), Long.parseLong(w[3]), w[4]);
                return new Call(o.id(), () -> legacy.upsert(o), () -> target.upsert(o));
            }

            @Override
            public Call delete(String[] w) {
                long id = Long.parseLong(w[1]);
                return new Call(id, () -> legacy.delete(id), () -> target.delete(id));
            }
        });
    }

    /**
     * Opens library instance {@code instanceId} of {@code migration}, prints {@code ready}, and runs the
     * commands read from stdin (see the class comment), with the write paths {@code commands} makes of
     * the {@code write} and {@code delete} commands' words; halts at the end of stdin. A test of
     * another schema runs its own main that calls this with its own write paths.
     */
    public static void serve(DecantConfig config, String migration, String instanceId, Commands commands) throws Exception {
        serve(config, migration, instanceId, commands, b -> b, call -> call);
    }

    /**
     * Like {@link #serve(DecantConfig, String, String, Commands)}, with the library instance built by
     * {@code builder} from the child's builder and each call (the whole {@link Migration#write}) run by
     * {@code around} (in an application transaction, say).
     */
    public static void serve(DecantConfig config, String migration, String instanceId, Commands commands,
                             java.util.function.UnaryOperator<Decant.Builder> builder,
                             java.util.function.UnaryOperator<Runnable> around) throws Exception {
        Decant decant = builder.apply(Decant.builder(config).instanceId(instanceId).crashHook(() -> {
            if (HOLD_BETWEEN.getAndSet(false)) {
                hold("between");
            }
        })).open();
        Migration orders = decant.migration(migration);
        print("ready " + instanceId + " " + orders.phase() + " " + orders.phaseVersion());

        ExecutorService calls = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "child-call");
            t.setDaemon(true);
            return t;
        });
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] w = line.trim().split("\\s+");
            switch (w[0]) {
                case "write", "delete" -> {
                    Call c = w[0].equals("write") ? commands.write(w) : commands.delete(w);
                    calls.execute(() -> call(c.id(), around.apply(() -> orders.write(c.id(), c.legacyWrite(), () -> {
                        holdNew();
                        c.newWrite().run();
                    }))));
                }
                case "hold-between" -> HOLD_BETWEEN.set(true);
                case "hold-new" -> HOLD_NEW.set(true);
                case "go" -> GO.release();
                case "phase" -> print("phase " + orders.phase() + " " + orders.phaseVersion());
                case "leave" -> {
                    decant.close();
                    print("left");
                    Runtime.getRuntime().halt(0);
                }
                case "" -> {
                }
                default -> print("unknown-command " + line);
            }
        }
        Runtime.getRuntime().halt(0); // the test closed our stdin or died: no clean leave, like a crash
    }

    /** The database the monolith writes for {@code store}: the store's own, or the one behind it. */
    private static StoreConfig writePath(StoreConfig store, java.util.Properties behind) {
        String url = behind.getProperty(store.name() + ".url");
        return url == null ? store : new StoreConfig(store.name(), url, behind.getProperty(store.name() + ".user"),
                behind.getProperty(store.name() + ".password"));
    }

    static Side side(String name, StoreConfig store, String table, String idCol, String customerCol) {
        Engine engine = store.url().startsWith("jdbc:postgresql:") ? Engine.POSTGRES : Engine.MARIADB;
        return new Side(name, new Database(engine, store.name(), store.url(), store.user(), store.password()), table, idCol,
                customerCol, 3, 1);
    }

    private static void call(long id, Runnable call) {
        CURRENT_KEY.set(id);
        try {
            call.run();
            print("ok " + id);
        } catch (Throwable e) {
            String msg = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
            print("failed " + id + " " + e.getClass().getSimpleName() + ": " + msg);
        } finally {
            CURRENT_KEY.remove();
        }
    }

    private static void holdNew() {
        if (HOLD_NEW.getAndSet(false)) {
            hold("holding");
        }
    }

    private static void hold(String word) {
        print(word + " " + CURRENT_KEY.get());
        GO.acquireUninterruptibly();
    }

    private static void print(String line) {
        synchronized (OUT) {
            System.out.println(line);
            System.out.flush();
        }
    }
}
