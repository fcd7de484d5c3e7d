package io.decant.internal.verify;

import io.decant.DecantException;
import io.decant.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Worker threads that take pieces from a {@link PieceSource} and check them until it has no more.
 * A piece's recheck finishes on the recheck threads while its worker goes on with the next piece;
 * {@link #run} returns once every piece taken was handed in. The first failure stops the workers and
 * is thrown.
 */
final class SpanWorkers {
    private SpanWorkers() {
    }

    static <C extends PieceSource.Claim> void run(int workers, String name, PieceSource<C> source, SpanCheck check) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Thread t = new Thread(() -> work(source, check, failure, inFlight), name + "-" + w);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
            for (CompletableFuture<?> f : List.copyOf(inFlight)) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    failure.compareAndSet(null, e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, new DecantException(ErrorCode.FAILURE, "verification was interrupted", e));
            threads.forEach(Thread::interrupt);
        }
        Throwable e = failure.get();
        if (e != null) {
            throw e instanceof DecantException de ? de
                    : new DecantException(ErrorCode.FAILURE, "verification failed: " + e, e);
        }
    }

    private static <C extends PieceSource.Claim> void work(PieceSource<C> source, SpanCheck check,
                                                            AtomicReference<Throwable> failure, Set<CompletableFuture<?>> inFlight) {
        try {
            while (failure.get() == null) {
                Optional<C> claim = source.next(() -> failure.get() != null);
                if (claim.isEmpty()) {
                    return;
                }
                C c = claim.get();
                SpanCheck.Checked checked;
                try {
                    checked = check.check(c.piece());
                } catch (RuntimeException e) {
                    source.failed(c);
                    throw e;
                }
                source.compared(c, checked.rows());
                CompletableFuture<Void> handedIn = checked.result().handle((result, e) -> {
                    if (e == null) {
                        try {
                            source.done(c, result);
                            return null;
                        } catch (RuntimeException stored) {
                            e = stored;
                        }
                    } else {
                        source.failed(c);
                    }
                    failure.compareAndSet(null, e instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : e);
                    return null;
                });
                inFlight.add(handedIn);
                handedIn.whenComplete((v, e) -> inFlight.remove(handedIn));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }
}
