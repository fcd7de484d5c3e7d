package io.decant.internal.routing;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads that run shadow reads and their comparisons off the callers' path: a bounded queue
 * drained by {@code parallelism} daemon threads, started on first use.
 *
 * <p>Handing work over costs the caller a queue insertion and, while any worker is active, nothing
 * else: no lock, and no wake-up call (a wake-up costs a system call and, on a busy machine, can hand
 * the caller's core to the woken thread). A worker is active while it runs work or, having run out,
 * looks at the queue again every {@value #POLL_MILLIS} ms for {@value #IDLE_POLLS} more looks; then it
 * parks. A worker that takes work while more is waiting wakes a parked worker to help, from its own
 * thread. The caller wakes a worker only when none is active, after a quiet spell. So a shadow read
 * may start up to about a millisecond after the hand-over, which no caller waits for. A full queue
 * refuses the work instead of blocking or throwing: the caller skips that comparison.
 */
final class ShadowWorkers implements AutoCloseable {
    static final int POLL_MILLIS = 1;
    static final int IDLE_POLLS = 5;
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS);
    private static final AtomicIntegerFieldUpdater<Worker> PARKED = AtomicIntegerFieldUpdater.newUpdater(Worker.class, "parked");

    private static final class Worker {
        final Thread thread;
        /** 1 while parked; whoever sets it back to 0 counts the worker active again and unparks it. */
        volatile int parked;

        Worker(ShadowWorkers owner, String name) {
            this.thread = new Thread(() -> owner.work(this), name);
            this.thread.setDaemon(true);
        }
    }

    private final Worker[] workers;
    private final int capacity;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    /** Tasks queued or running: at most {@code capacity}. */
    private final AtomicInteger held = new AtomicInteger();
    /** Workers not parked. */
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean running = true;

    /**
     * @param capacity tasks queued or running at once; more are refused
     */
    ShadowWorkers(String name, int parallelism, int capacity) {
        this.capacity = capacity;
        this.workers = new Worker[parallelism];
        for (int i = 0; i < parallelism; i++) {
            workers[i] = new Worker(this, name + "-" + (i + 1));
        }
    }

    /** Queues {@code task}; false (and nothing queued) when {@code capacity} tasks are queued or running, or after close. */
    boolean offer(Runnable task) {
        if (!running) {
            return false;
        }
        if (held.incrementAndGet() > capacity) {
            held.decrementAndGet();
            return false;
        }
        queue.offer(task);
        if (!started.get() && started.compareAndSet(false, true)) {
            active.addAndGet(workers.length);
            for (Worker w : workers) {
                w.thread.start();
            }
        }
        // an active worker will see the task; this check pairs with a worker's last look before it parks
        if (active.get() == 0) {
            wakeOne();
        }
        return true;
    }

    private void wakeOne() {
        for (Worker w : workers) {
            if (w.parked == 1 && PARKED.compareAndSet(w, 1, 0)) {
                active.incrementAndGet();
                LockSupport.unpark(w.thread);
                return;
            }
        }
    }

    private void work(Worker me) {
        int idlePolls = 0;
        while (running) {
            Runnable task = queue.poll();
            if (task != null) {
                idlePolls = 0;
                if (!queue.isEmpty()) {
                    wakeOne(); // a helper for the waiting work
                }
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // a task records its own failures; nothing here may stop the worker
                } finally {
                    held.decrementAndGet();
                }
            } else if (idlePolls++ < IDLE_POLLS) {
                LockSupport.parkNanos(this, POLL_NANOS);
            } else {
                idlePolls = 0;
                park(me);
            }
        }
    }

    /** Parks until another thread wakes this worker, unless work arrived while it was getting ready. */
    private void park(Worker me) {
        me.parked = 1;
        active.decrementAndGet();
        if (!queue.isEmpty() && PARKED.compareAndSet(me, 1, 0)) {
            active.incrementAndGet();
            return;
        }
        while (me.parked == 1 && running) {
            LockSupport.park(this);
        }
    }

    /** Stops the workers; queued tasks are dropped. */
    @Override
    public void close() {
        running = false;
        for (Worker w : workers) {
            LockSupport.unpark(w.thread);
        }
    }
}
