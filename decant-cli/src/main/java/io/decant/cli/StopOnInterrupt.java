package io.decant.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C (SIGINT/SIGTERM) into an interrupt of the thread running a {@code --follow} job,
 * and holds the JVM's shutdown until that job has stopped cleanly (at most {@link #GRACE_SECONDS}),
 * so the work in hand finishes and the totals are printed.
 */
final class StopOnInterrupt {
    static final long GRACE_SECONDS = 15;

    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    private StopOnInterrupt(Thread worker) {
        this.hook = new Thread(() -> {
            worker.interrupt();
            try {
                done.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "decant-stop");
    }

    /** Interrupts the calling thread when the process is asked to stop. */
    static StopOnInterrupt install() {
        StopOnInterrupt stop = new StopOnInterrupt(Thread.currentThread());
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    /** The job has stopped: let the shutdown go on, or drop the hook when the job ended by itself. */
    void finished() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that the job is done
        }
    }
}
