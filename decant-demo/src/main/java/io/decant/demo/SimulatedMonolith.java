package io.decant.demo;

import io.decant.Decant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * The simulated monolith: several processes (library instances) behind a load balancer, each with
 * writer and reader threads, sharing one ledger of acknowledged writes. Keys are shared: two
 * instances update and delete the same orders.
 */
public final class SimulatedMonolith implements AutoCloseable {
    private final List<MonolithInstance> instances = new ArrayList<>();
    private final AcknowledgedWrites ledger = new AcknowledgedWrites();
    private final MonolithStats stats = new MonolithStats();
    private final List<Long> crashedKeys = new ArrayList<>();
    private final AtomicLong nextId;
    private final int writers;
    private final int readers;

    /**
     * A monolith whose new write and read paths reach the service's table directly in {@code serviceDb}.
     *
     * @param monolithDb   where the monolith's DAO writes the legacy rows
     * @param serviceDb    where the monolith's new write path reaches the service's rows
     * @param openInstance opens the library instance of process {@code i} (0-based)
     * @param pauseMicros  mean pause of a thread between two calls
     */
    public SimulatedMonolith(DemoSettings settings, DemoDatabase monolithDb, DemoDatabase serviceDb, String migration,
                             FaultInjector faults, OrderGenerator generator, IntFunction<Decant> openInstance, long pauseMicros) {
        this(settings, monolithDb, new OrdersServiceDatabase(serviceDb), migration, faults, generator, openInstance, pauseMicros);
    }

    /**
     * @param monolithDb   where the monolith's DAO writes the legacy rows
     * @param service      how the monolith's new write and read paths reach the orders service
     * @param openInstance opens the library instance of process {@code i} (0-based)
     * @param pauseMicros  mean pause of a thread between two calls
     */
    public SimulatedMonolith(DemoSettings settings, DemoDatabase monolithDb, OrdersService service, String migration,
                             FaultInjector faults, OrderGenerator generator, IntFunction<Decant> openInstance, long pauseMicros) {
        this.nextId = new AtomicLong(settings.rows());
        this.writers = settings.writers();
        this.readers = settings.readers();
        try {
            for (int i = 0; i < settings.instances(); i++) {
                instances.add(new MonolithInstance("monolith-" + (i + 1), openInstance.apply(i), migration, monolithDb, service, faults,
                        writers + readers, ledger, generator, settings.rows(), nextId, stats, crashedKeys,
                        settings.seed() + 1000L * i, pauseMicros));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * From now on, instance {@code i} stamps {@code updated_at} with a clock running {@code ahead.apply(i)}
     * ahead (see {@link MonolithInstance#clockAhead}): hosts whose clocks disagree.
     */
    public void hostClocks(IntFunction<java.time.Duration> ahead) {
        for (int i = 0; i < instances.size(); i++) {
            instances.get(i).clockAhead(ahead.apply(i));
        }
    }

    /** From now on, every thread pauses {@code pauseMicros} on average between two calls. */
    public void pace(long pauseMicros) {
        for (MonolithInstance i : instances) {
            i.pace(pauseMicros);
        }
    }

    /** A new id from the monolith's sequence: no instance writes it until a write of it is recorded in the ledger. */
    public long newId() {
        return nextId.incrementAndGet();
    }

    /** One write of {@code o} through instance {@code i} (0-based), recorded in the ledger; true when acknowledged. */
    public boolean save(int i, Order o) {
        return instances.get(i).save(o);
    }

    /** Starts every instance's writers and readers. */
    public void start() {
        for (MonolithInstance i : instances) {
            i.start(writers, readers);
        }
    }

    /** Stops every thread after its current call; the library instances stay open. */
    public void stop() {
        for (MonolithInstance i : instances) {
            i.stop();
        }
    }

    public AcknowledgedWrites ledger() {
        return ledger;
    }

    public MonolithStats stats() {
        return stats;
    }

    /** The highest id handed out so far. */
    public long maxId() {
        return nextId.get();
    }

    /** Keys whose dual write "crashed" between its two writes. */
    public List<Long> crashedKeys() {
        synchronized (crashedKeys) {
            return List.copyOf(crashedKeys);
        }
    }

    public List<Decant> libraries() {
        return instances.stream().map(MonolithInstance::decant).toList();
    }

    public int size() {
        return instances.size();
    }

    @Override
    public void close() {
        stop();
        for (MonolithInstance i : instances) {
            try {
                i.close();
            } catch (RuntimeException ignored) {
                // closing the rest matters more
            }
        }
        instances.clear();
    }
}
