package io.decant.internal.routing;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.spi.Direction;
import io.decant.spi.Intent;
import io.decant.spi.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intent records of dual writes, group-committed. Callers enqueue; one flusher thread writes every
 * waiting intent in one round trip and wakes the callers, so many concurrent writers share one
 * control-store write. Clearing is asynchronous and batched. A synchronous caller
 * ({@link #begin(String, Key, Direction, boolean)} with {@code wait}) returns once its intent is
 * stored; an asynchronous one does not wait, and an intent cleared before it was stored is never
 * written at all.
 */
public final class IntentLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IntentLog.class);
    private static final int MAX_BATCH = 1024;
    private static final long DELETE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private static final int NEW = 0;
    private static final int STORED = 1;
    private static final int CLEARED = 2;
    private static final int FAILED = 3;

    /** Where intents are stored: one call per batch. */
    public interface Sink {
        long[] insert(List<Intent> intents);

        void delete(long[] ids);
    }

    /** One dual write's intent. */
    public static final class Ticket {
        final String migration;
        final Key key;
        final Direction direction;
        final Thread waiter;
        final AtomicInteger state = new AtomicInteger(NEW);
        volatile long id;
        volatile RuntimeException error;

        Ticket(String migration, Key key, Direction direction, Thread waiter) {
            this.migration = migration;
            this.key = key;
            this.direction = direction;
            this.waiter = waiter;
        }
    }

    private final Sink sink;
    private final String instanceId;
    private final LinkedBlockingQueue<Ticket> inserts = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<Ticket> deletes = new ConcurrentLinkedQueue<>();
    private final Thread flusher;
    private volatile boolean running = true;

    public IntentLog(Sink sink, String instanceId) {
        this.sink = sink;
        this.instanceId = instanceId;
        this.flusher = new Thread(this::flushLoop, "decant-intents");
        this.flusher.setDaemon(true);
        this.flusher.start();
    }

    /**
     * Records the intent of a dual write of {@code key}. With {@code wait}, returns once it is
     * stored, and throws (FAILURE) when it could not be: then nothing was written.
     */
    public Ticket begin(String migration, Key key, Direction direction, boolean wait) {
        if (!running) {
            throw new DecantException(ErrorCode.FAILURE, "Decant is closed; no write was attempted");
        }
        Ticket t = new Ticket(migration, key, direction, wait ? Thread.currentThread() : null);
        inserts.add(t);
        if (wait) {
            boolean interrupted = false;
            while (t.state.get() == NEW) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (t.state.get() == FAILED) {
                throw new DecantException(ErrorCode.FAILURE, "cannot record the intent of a dual write of key " + key
                        + " in the control store; nothing was written: " + t.error.getMessage(), t.error);
            }
        }
        return t;
    }

    /** The dual write finished: the intent can go (asynchronously, batched). */
    public void clear(Ticket t) {
        if (t.state.compareAndSet(NEW, CLEARED)) {
            return; // never stored (asynchronous intent): the flusher skips or deletes it
        }
        if (t.state.compareAndSet(STORED, CLEARED)) {
            deletes.add(t);
        }
    }

    /** Intents waiting to be stored (for tests and status). */
    int waiting() {
        return inserts.size();
    }

    private void flushLoop() {
        List<Ticket> batch = new ArrayList<>();
        long lastDelete = System.nanoTime();
        while (running || !inserts.isEmpty() || !deletes.isEmpty()) {
            try {
                Ticket first = inserts.poll(10, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.clear();
                    batch.add(first);
                    inserts.drainTo(batch, MAX_BATCH - 1);
                    store(batch);
                }
                long now = System.nanoTime();
                if (now - lastDelete >= DELETE_EVERY_NANOS || !running) {
                    lastDelete = now;
                    flushDeletes();
                }
            } catch (InterruptedException e) {
                if (!running) {
                    continue;
                }
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("intent flusher: {}", e.toString());
                if (!running) {
                    return;
                }
            }
        }
    }

    private void store(List<Ticket> batch) {
        List<Ticket> live = new ArrayList<>(batch.size());
        List<Intent> intents = new ArrayList<>(batch.size());
        for (Ticket t : batch) {
            if (t.state.get() == NEW) {
                live.add(t);
                intents.add(new Intent(0, t.migration, t.key, t.direction, instanceId, null));
            }
        }
        if (live.isEmpty()) {
            return;
        }
        long[] ids;
        try {
            ids = sink.insert(intents);
        } catch (RuntimeException e) {
            for (Ticket t : live) {
                t.error = e;
                if (t.state.compareAndSet(NEW, FAILED) && t.waiter == null) {
                    LOG.warn("could not store an asynchronous intent of key {}: {}", t.key, e.toString());
                }
                wake(t);
            }
            return;
        }
        for (int i = 0; i < live.size(); i++) {
            Ticket t = live.get(i);
            t.id = ids[i];
            if (!t.state.compareAndSet(NEW, STORED)) {
                deletes.add(t); // cleared while it was being stored
            }
            wake(t);
        }
    }

    private static void wake(Ticket t) {
        if (t.waiter != null) {
            LockSupport.unpark(t.waiter);
        }
    }

    private void flushDeletes() {
        if (deletes.isEmpty()) {
            return;
        }
        List<Ticket> gone = new ArrayList<>();
        for (Ticket t; (t = deletes.poll()) != null; ) {
            gone.add(t);
        }
        long[] ids = new long[gone.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = gone.get(i).id;
        }
        try {
            sink.delete(ids);
        } catch (RuntimeException e) {
            deletes.addAll(gone);
            throw e;
        }
    }

    /** Stores and clears what is waiting, then stops the flusher. */
    @Override
    public void close() {
        running = false;
        try {
            flusher.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
