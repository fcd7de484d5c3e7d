package io.decant.internal.verify;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.ProgressListener;
import io.decant.control.SpanResult;
import io.decant.spi.Key;
import io.decant.store.KeySpan;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The pieces of a verification that stays in this process (a key range or a key list): spans cut
 * by a planning thread while the workers already compare, or batches of listed keys. Results are
 * added up here; nothing is stored until the end.
 */
final class LocalPieces implements PieceSource<LocalPieces.Claim> {
    /** Keys of a key list compared per piece. */
    static final int KEY_BATCH = 500;

    record Claim(SpanCheck.Piece piece) implements PieceSource.Claim {
    }

    private static final Claim END = new Claim(null);

    private final BlockingQueue<Claim> queue;
    private final DifferenceTally sum;
    private final ProgressListener progress;
    private final String task;
    private final AtomicReference<RuntimeException> planningFailure = new AtomicReference<>();
    private final AtomicLong pieces = new AtomicLong();
    private final AtomicLong rowsCompared = new AtomicLong();
    private volatile long estimate = -1;
    private volatile boolean stopped;

    private LocalPieces(int capacity, int sampleLimit, ProgressListener progress, String task) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sum = new DifferenceTally(sampleLimit);
        this.progress = progress;
        this.task = task;
    }

    /** The spans of {@code within}, cut by a planning thread as the workers take them. */
    static LocalPieces spans(SpanPlanner planner, KeySpan within, int chunkRows, int workers, int sampleLimit,
                             ProgressListener progress, String task) {
        LocalPieces p = new LocalPieces(Math.max(4, workers * 2), sampleLimit, progress, task);
        Thread t = new Thread(() -> {
            try {
                planner.plan(within, span -> {
                    p.put(new Claim(new SpanCheck.SpanPiece(span)));
                    p.estimate = (p.pieces.incrementAndGet() + 1) * chunkRows;
                });
                p.estimate = p.pieces.get() * (long) chunkRows;
            } catch (RuntimeException e) {
                p.planningFailure.compareAndSet(null, e);
            } finally {
                p.end();
            }
        }, "decant-verify-plan");
        t.setDaemon(true);
        t.start();
        return p;
    }

    /** The keys, in batches. */
    static LocalPieces keys(List<Key> keys, int sampleLimit, ProgressListener progress, String task) {
        int batches = (keys.size() + KEY_BATCH - 1) / KEY_BATCH;
        LocalPieces p = new LocalPieces(batches + 1, sampleLimit, progress, task);
        for (int i = 0; i < keys.size(); i += KEY_BATCH) {
            p.queue.add(new Claim(new SpanCheck.KeysPiece(List.copyOf(keys.subList(i, Math.min(keys.size(), i + KEY_BATCH))))));
            p.pieces.incrementAndGet();
        }
        p.estimate = keys.size();
        p.queue.add(END);
        return p;
    }

    private void put(Claim c) {
        try {
            while (!stopped && !queue.offer(c, 100, TimeUnit.MILLISECONDS)) {
                // the workers are busy: wait (the database's cut stream waits with us)
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DecantException(ErrorCode.FAILURE, "verification was interrupted", e);
        }
    }

    private void end() {
        try {
            while (!queue.offer(END, 100, TimeUnit.MILLISECONDS) && !stopped) {
                // the workers are still busy with the last spans
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Optional<Claim> next(BooleanSupplier stop) throws InterruptedException {
        while (true) {
            if (stop.getAsBoolean() || stopped) {
                stopped = true;
                return Optional.empty();
            }
            Claim c = queue.poll(100, TimeUnit.MILLISECONDS);
            if (c == END) {
                queue.put(END);
                RuntimeException e = planningFailure.get();
                if (e != null) {
                    throw e;
                }
                return Optional.empty();
            }
            if (c != null) {
                return Optional.of(c);
            }
        }
    }

    @Override
    public void compared(Claim claim, long rows) {
        long done = rowsCompared.addAndGet(rows);
        progress.update(task, done, estimate < 0 ? -1 : Math.max(estimate, done));
    }

    @Override
    public void done(Claim claim, SpanResult result) {
        sum.add(result);
    }

    @Override
    public void failed(Claim claim) {
        stopped = true;
    }

    /** Pieces handed out (spans, or key batches). */
    long pieces() {
        return pieces.get();
    }

    SpanResult sum() {
        return sum.sum();
    }
}

