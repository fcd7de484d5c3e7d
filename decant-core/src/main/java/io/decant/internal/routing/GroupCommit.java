package io.decant.internal.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Group commit led by the callers: concurrent callers share one control-store write. A caller queues
 * its item; if fewer than {@code batchesInFlight} batches are being stored, it leads one — takes every
 * waiting item (up to {@code maxBatch}), stores them in one call of the sink, and wakes their callers.
 * A caller that finds every slot busy parks until its item is stored or a slot frees (the leader that
 * frees it wakes the caller of the oldest waiting item to lead the next batch).
 *
 * <p>A caller returns from {@link #submit} only once the batch that carried its item was stored, or
 * throws that batch's failure: the item is durable before the caller goes on.
 *
 * @param <T> what is stored
 * @param <R> what the store answers per item (e.g. an id)
 */
public final class GroupCommit<T, R> {
    private static final int PENDING = 0;
    private static final int STORED = 1;
    private static final int FAILED = 2;

    private static final class Waiter<T, R> {
        final T item;
        final Thread thread;
        volatile R result;
        volatile int state = PENDING;
        volatile RuntimeException error;

        Waiter(T item, Thread thread) {
            this.item = item;
            this.thread = thread;
        }
    }

    private final Function<List<T>, List<R>> sink;
    private final int batchesInFlight;
    private final int maxBatch;
    private final ConcurrentLinkedQueue<Waiter<T, R>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger leaders = new AtomicInteger();

    /** @param sink stores a batch in one round trip and returns one result per item (e.g. its id), in order */
    public GroupCommit(Function<List<T>, List<R>> sink, int batchesInFlight, int maxBatch) {
        if (batchesInFlight < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("batchesInFlight and maxBatch must be at least 1");
        }
        this.sink = sink;
        this.batchesInFlight = batchesInFlight;
        this.maxBatch = maxBatch;
    }

    /**
     * Stores {@code item} (with whatever else is waiting); returns the sink's result for it once it is
     * stored, or throws the store's failure.
     */
    public R submit(T item) {
        Waiter<T, R> w = new Waiter<>(item, Thread.currentThread());
        waiting.add(w);
        // a leader's database calls must not see the caller's interrupt: it would fail the whole batch
        boolean interrupted = Thread.interrupted();
        while (w.state == PENDING) {
            if (!waiting.isEmpty() && takeSlot()) {
                List<Waiter<T, R>> batch = null;
                try {
                    batch = take();
                    store(batch);
                } finally {
                    leaders.decrementAndGet();
                    Waiter<T, R> head = waiting.peek();
                    if (head != null) {
                        LockSupport.unpark(head.thread);
                    }
                    if (batch != null) {
                        for (Waiter<T, R> b : batch) {
                            if (b != w) {
                                LockSupport.unpark(b.thread);
                            }
                        }
                    }
                }
            } else {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (w.state == FAILED) {
            throw w.error;
        }
        return w.result;
    }

    private boolean takeSlot() {
        for (int n; (n = leaders.get()) < batchesInFlight; ) {
            if (leaders.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    private List<Waiter<T, R>> take() {
        List<Waiter<T, R>> batch = new ArrayList<>();
        for (Waiter<T, R> t; batch.size() < maxBatch && (t = waiting.poll()) != null; ) {
            batch.add(t);
        }
        return batch;
    }

    private void store(List<Waiter<T, R>> batch) {
        if (batch.isEmpty()) {
            return; // another leader took them
        }
        List<T> items = new ArrayList<>(batch.size());
        for (Waiter<T, R> w : batch) {
            items.add(w.item);
        }
        List<R> results;
        try {
            results = sink.apply(items);
            if (results.size() != items.size()) {
                throw new IllegalStateException("the store returned " + results.size() + " results for " + items.size() + " items");
            }
        } catch (RuntimeException e) {
            for (Waiter<T, R> w : batch) {
                w.error = e;
                w.state = FAILED;
            }
            return;
        } catch (Error e) {
            IllegalStateException wrapped = new IllegalStateException(e.toString(), e);
            for (Waiter<T, R> w : batch) {
                w.error = wrapped;
                w.state = FAILED;
            }
            throw e;
        }
        for (int i = 0; i < batch.size(); i++) {
            Waiter<T, R> w = batch.get(i);
            w.result = results.get(i);
            w.state = STORED;
        }
    }
}
