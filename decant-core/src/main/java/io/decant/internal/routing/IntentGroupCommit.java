package io.decant.internal.routing;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.control.Direction;
import io.decant.control.Intent;
import io.decant.spi.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intent records of dual writes (docs/protocol.md: written before the first store write,
 * cleared after the second, so that a crash between the two leaves a record the sweeper resolves).
 *
 * <p><b>Synchronous intents are group-committed by their callers.</b> A caller queues its ticket;
 * if fewer than {@code batchesInFlight} batches are being stored, it leads one: it takes every
 * waiting ticket (up to {@value #MAX_BATCH}), stores them in one control-store round trip on a
 * connection of its own from the pool, and wakes their callers. A caller that finds every slot busy
 * parks until its ticket is stored or a slot frees (the leader that frees it wakes the caller of the
 * oldest waiting ticket to lead the next batch). So concurrent writers share one control-store
 * write, a caller arriving while a batch is being stored need not wait for that batch before its
 * own starts, and a caller that leads passes through no other thread.
 *
 * <p><b>Why this keeps the guarantee.</b> A synchronous caller returns from {@link #begin} only once
 * the INSERT of its own ticket has committed, whichever batch carried it, so its intent is durable
 * before the first store write, as it was with a single batch in flight. Concurrent batches may
 * commit in any order, so intent ids need not follow the order in which callers arrived. The only
 * reader of that order is the sweeper, which journals a key in the direction of its newest intent;
 * for writes of one key that the application serializes (its row lock), the second call begins after
 * the first call's intent committed, so its id is still the larger one. Unserialized writes of one
 * key had no order to keep (docs/protocol.md leaves them to shadow reads and verification).
 *
 * <p><b>Asynchronous intents</b> are queued and stored by one background thread, in arrival order,
 * gathered for about a millisecond; one cleared before its turn is never written. The queue is
 * bounded: while {@code asyncCapacity} asynchronous tickets are held (queued, being stored, or
 * waiting to be retried after a control-store failure), a call records its intent synchronously
 * instead, exactly as under {@code intents: sync}: it waits for the control store, and fails without
 * writing anything when the intent cannot be stored. So memory stays bounded and no intent is ever
 * dropped: a failed asynchronous store is retried until it succeeds or its dual write has finished.
 *
 * <p><b>Clearing</b> is batched: the background thread deletes cleared intents every
 * {@value #DELETE_EVERY_MILLIS} ms in one round trip, off the callers' path and off the commit path
 * of synchronous intents.
 */
public final class IntentGroupCommit implements AutoCloseable {
    /** Synchronous batches stored at once, each on its own pooled connection. */
    public static final int DEFAULT_BATCHES_IN_FLIGHT = 2;
    /** Asynchronous tickets held before calls fall back to a synchronous intent record. */
    public static final int DEFAULT_ASYNC_CAPACITY = 65_536;
    static final int MAX_BATCH = 1024;
    static final int DELETE_EVERY_MILLIS = 20;

    private static final Logger LOG = LoggerFactory.getLogger(IntentGroupCommit.class);
    private static final long DELETE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(DELETE_EVERY_MILLIS);
    private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long RETRY_FIRST_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long RETRY_MAX_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static final int NEW = 0;
    private static final int STORED = 1;
    private static final int CLEARED = 2;
    private static final int FAILED = 3;
    private static final AtomicIntegerFieldUpdater<Ticket> STATE = AtomicIntegerFieldUpdater.newUpdater(Ticket.class, "state");

    /** Where intents are stored: one call per batch. Called from several threads at once. */
    public interface Sink {
        long[] insert(List<Intent> intents);

        void delete(long[] ids);
    }

    /** One dual write's intent. */
    public static final class Ticket {
        final String migration;
        final Key key;
        final Direction direction;
        /** The caller waiting for the record (synchronous), or null. */
        final Thread waiter;
        volatile int state = NEW;
        volatile long id;
        volatile Throwable error;
        /** For an insert's pending intent (no key): the key its first store generated, once known. */
        volatile Key generated;

        Ticket(String migration, Key key, Direction direction, Thread waiter) {
            this.migration = migration;
            this.key = key;
            this.direction = direction;
            this.waiter = waiter;
        }
    }

    private final Sink sink;
    private final String instanceId;
    private final int batchesInFlight;
    private final int asyncCapacity;
    private final ConcurrentLinkedQueue<Ticket> syncWaiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger leaders = new AtomicInteger();
    private final ConcurrentLinkedQueue<Ticket> asyncWaiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger asyncHeld = new AtomicInteger();
    private final ConcurrentLinkedQueue<Ticket> cleared = new ConcurrentLinkedQueue<>();
    /** Ids of intents cleared here and not yet deleted from the control store: their writes have finished. */
    private final java.util.Set<Long> clearing = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /**
     * Ids of intents cleared here and deleted, for {@link #DELETED_KEPT_NANOS} after their delete (id →
     * when): a query that began before a delete may still return the intent; it finished all the same.
     */
    private final java.util.Map<Long, Long> deleted = new java.util.concurrent.ConcurrentHashMap<>();
    /** {@link #deleted}'s entries in the order of their deletes, so that the expired ones are dropped from the head. */
    private final ConcurrentLinkedQueue<Deleted> deletedInOrder = new ConcurrentLinkedQueue<>();
    static final long DELETED_KEPT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    private final AtomicLong fallbacks = new AtomicLong();
    private final AtomicLong lastFallbackWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private final Thread background;
    private volatile boolean idle;
    private volatile boolean running = true;

    public IntentGroupCommit(Sink sink, String instanceId) {
        this(sink, instanceId, DEFAULT_BATCHES_IN_FLIGHT, DEFAULT_ASYNC_CAPACITY);
    }

    public IntentGroupCommit(Sink sink, String instanceId, int batchesInFlight, int asyncCapacity) {
        if (batchesInFlight < 1 || asyncCapacity < 1) {
            throw new IllegalArgumentException("batchesInFlight and asyncCapacity must be at least 1");
        }
        this.sink = sink;
        this.instanceId = instanceId;
        this.batchesInFlight = batchesInFlight;
        this.asyncCapacity = asyncCapacity;
        this.background = new Thread(this::backgroundLoop, "decant-intents");
        this.background.setDaemon(true);
        this.background.start();
    }

    /**
     * Records the intent of a dual write of {@code key}. With {@code wait}, returns once it is
     * stored, and throws (FAILURE) when it could not be: then nothing was written. Without, returns at
     * once, unless the asynchronous queue is full: then it records the intent as with {@code wait}.
     */
    public Ticket begin(String migration, Key key, Direction direction, boolean wait) {
        if (!running) {
            throw new DecantException(ErrorCode.FAILURE, "Decant is closed; no write was attempted");
        }
        if (!wait) {
            if (asyncHeld.incrementAndGet() <= asyncCapacity) {
                Ticket t = new Ticket(migration, key, direction, null);
                asyncWaiting.add(t);
                if (idle) {
                    LockSupport.unpark(background);
                }
                return t;
            }
            asyncHeld.decrementAndGet();
            fellBack();
        }
        Ticket t = new Ticket(migration, key, direction, Thread.currentThread());
        syncWaiting.add(t);
        awaitStored(t);
        if (t.state == FAILED) {
            Throwable e = t.error;
            throw new DecantException(ErrorCode.FAILURE, "cannot record the intent of " + (key == null
                    ? "an insert with a generated key" : "a dual write of key " + key)
                    + " in the control store; nothing was written: " + (e.getMessage() == null ? e : e.getMessage()), e);
        }
        return t;
    }

    /** A ticket for an intent stored by someone else (a NEW_ONLY write's record), to be cleared like any other. */
    public Ticket stored(String migration, Key key, Direction direction, long id) {
        Ticket t = new Ticket(migration, key, direction, null);
        t.id = id;
        t.state = STORED;
        return t;
    }

    /** The dual write finished: the intent can go (asynchronously, batched). */
    public void clear(Ticket t) {
        if (STATE.compareAndSet(t, NEW, CLEARED)) {
            return; // asynchronous, not stored yet: skipped, or deleted once its insert returns
        }
        if (STATE.compareAndSet(t, STORED, CLEARED)) {
            clearing.add(t.id);
            cleared.add(t);
        }
    }

    /**
     * Whether intent {@code id} belongs to a write of this instance that has finished (cleared: its delete
     * pending, or done within the last {@link #DELETED_KEPT_NANOS}, so that a query of the intents that
     * began before the delete and still returned it does not count it as a write in flight).
     */
    public boolean finished(long id) {
        return clearing.contains(id) || deleted.containsKey(id);
    }

    /** Intents waiting to be stored, not yet taken into a batch (for tests). */
    int waiting() {
        return syncWaiting.size() + asyncWaiting.size();
    }

    /** Asynchronous calls that recorded their intent synchronously because the queue was full. */
    public long synchronousFallbacks() {
        return fallbacks.get();
    }

    // --- synchronous: group commit led by the callers -----------------------------------------

    private void awaitStored(Ticket t) {
        // a leader's JDBC calls must not see the caller's interrupt: it would fail the whole batch
        boolean interrupted = Thread.interrupted();
        while (t.state == NEW) {
            if (!syncWaiting.isEmpty() && takeSlot()) {
                List<Ticket> batch = null;
                try {
                    batch = take(syncWaiting);
                    storeWaited(batch);
                } finally {
                    leaders.decrementAndGet();
                    wakeNextLeader();
                    if (batch != null) {
                        for (Ticket b : batch) {
                            if (b != t) {
                                LockSupport.unpark(b.waiter);
                            }
                        }
                    }
                }
            } else {
                // either every slot is busy (its holder wakes a waiting caller when it frees it) or
                // the ticket was taken into a batch (its leader wakes this caller when it is stored)
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean takeSlot() {
        for (int n; (n = leaders.get()) < batchesInFlight; ) {
            if (leaders.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A slot was freed: the caller of the oldest waiting ticket may lead the next batch. Called after
     * the slot is released, so a caller that found every slot busy after queueing is seen here.
     */
    private void wakeNextLeader() {
        Ticket head = syncWaiting.peek();
        if (head != null) {
            LockSupport.unpark(head.waiter);
        }
    }

    /** Stores a batch of tickets whose callers wait: stored, or failed with the error. */
    private void storeWaited(List<Ticket> batch) {
        if (batch.isEmpty()) {
            return; // another leader took them
        }
        try {
            long[] ids = insert(batch);
            stored(batch, ids);
        } catch (RuntimeException | Error e) {
            for (Ticket t : batch) {
                t.error = e;
                STATE.compareAndSet(t, NEW, FAILED);
            }
            if (e instanceof Error err) {
                throw err;
            }
        }
    }

    // --- shared -------------------------------------------------------------------------------

    private static List<Ticket> take(ConcurrentLinkedQueue<Ticket> queue) {
        List<Ticket> batch = new ArrayList<>();
        for (Ticket t; batch.size() < MAX_BATCH && (t = queue.poll()) != null; ) {
            batch.add(t);
        }
        return batch;
    }

    private long[] insert(List<Ticket> batch) {
        List<Intent> intents = new ArrayList<>(batch.size());
        for (Ticket t : batch) {
            intents.add(new Intent(0, t.migration, t.key, t.direction, instanceId, null));
        }
        long[] ids = sink.insert(intents);
        if (ids.length != batch.size()) {
            throw new IllegalStateException("the control store returned " + ids.length + " ids for " + batch.size() + " intents");
        }
        return ids;
    }

    private void stored(List<Ticket> batch, long[] ids) {
        for (int i = 0; i < batch.size(); i++) {
            Ticket t = batch.get(i);
            t.id = ids[i];
            if (!STATE.compareAndSet(t, NEW, STORED)) {
                clearing.add(t.id);
                cleared.add(t); // cleared while it was being stored
            }
        }
    }

    private void fellBack() {
        long n = fallbacks.incrementAndGet();
        long now = System.nanoTime();
        long last = lastFallbackWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastFallbackWarning.compareAndSet(last, now)) {
            LOG.warn("{} asynchronous intents are waiting to be stored (the control store is slow or down): dual writes"
                    + " record their intents synchronously until the queue drains ({} so far)", asyncCapacity, n);
        }
    }

    // --- background: asynchronous intents and deletes -----------------------------------------

    private void backgroundLoop() {
        List<Ticket> retry = new ArrayList<>();
        long retryPause = RETRY_FIRST_NANOS;
        long retryAt = 0;
        long nextDelete = System.nanoTime() + DELETE_EVERY_NANOS;
        while (true) {
            boolean stopping = !running;
            try {
                long now = System.nanoTime();
                if (!retry.isEmpty() && (stopping || now - retryAt >= 0)) {
                    dropCleared(retry);
                    if (storeAsync(retry)) {
                        retry.clear();
                        retryPause = RETRY_FIRST_NANOS;
                    } else {
                        retryAt = now + retryPause;
                        retryPause = Math.min(RETRY_MAX_NANOS, retryPause * 2);
                    }
                }
                while (retry.isEmpty() && !asyncWaiting.isEmpty()) {
                    List<Ticket> batch = take(asyncWaiting);
                    dropCleared(batch);
                    if (!storeAsync(batch)) {
                        retry.addAll(batch);
                        retryAt = now + retryPause;
                        retryPause = Math.min(RETRY_MAX_NANOS, retryPause * 2);
                    }
                }
                if (stopping || now - nextDelete >= 0) {
                    nextDelete = deleteCleared() ? now + DELETE_EVERY_NANOS : now + RETRY_MAX_NANOS;
                }
            } catch (RuntimeException e) {
                LOG.warn("intent log: {}", e.toString());
            }
            if (stopping) {
                int left = retry.size() + asyncWaiting.size();
                if (left > 0) {
                    LOG.warn("closing with {} asynchronous intent(s) not stored: the control store did not take them", left);
                }
                return;
            }
            if (asyncWaiting.isEmpty() && retry.isEmpty()) {
                idle = true;
                if (asyncWaiting.isEmpty() && running) {
                    LockSupport.parkNanos(this, DELETE_EVERY_NANOS);
                }
                idle = false;
            }
            if (running) {
                LockSupport.parkNanos(this, GATHER_NANOS); // let concurrent calls join the next batch
            }
        }
    }

    /** Removes the tickets whose dual write finished before they were stored: they need no record. */
    private void dropCleared(List<Ticket> batch) {
        int before = batch.size();
        batch.removeIf(t -> t.state == CLEARED);
        asyncHeld.addAndGet(batch.size() - before);
    }

    /** Stores asynchronous tickets; false (logged) when the control store failed: they are kept for a retry. */
    private boolean storeAsync(List<Ticket> batch) {
        if (batch.isEmpty()) {
            return true;
        }
        long[] ids;
        try {
            ids = insert(batch);
        } catch (RuntimeException e) {
            LOG.warn("could not store {} asynchronous intent(s), retrying: {}", batch.size(), e.toString());
            return false;
        }
        stored(batch, ids);
        asyncHeld.addAndGet(-batch.size());
        return true;
    }

    private record Deleted(long id, long at) {
    }

    /** Deletes the cleared intents in one round trip; false (logged, kept) when the control store failed. */
    private boolean deleteCleared() {
        if (cleared.isEmpty()) {
            return true;
        }
        List<Ticket> gone = new ArrayList<>();
        for (Ticket t; (t = cleared.poll()) != null; ) {
            gone.add(t);
        }
        long[] ids = new long[gone.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = gone.get(i).id;
        }
        try {
            sink.delete(ids);
            long now = System.nanoTime();
            for (long id : ids) {
                deleted.put(id, now); // before it leaves clearing: finished(id) stays true throughout
                deletedInOrder.add(new Deleted(id, now));
                clearing.remove(id);
            }
            for (Deleted d; (d = deletedInOrder.peek()) != null && now - d.at() > DELETED_KEPT_NANOS; ) {
                deletedInOrder.poll();
                deleted.remove(d.id(), d.at());
            }
            return true;
        } catch (RuntimeException e) {
            cleared.addAll(gone);
            LOG.warn("could not clear {} intent(s), retrying: {}", ids.length, e.toString());
            return false;
        }
    }

    /** Stores and clears what is waiting, then stops the background thread. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(background);
        try {
            background.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
