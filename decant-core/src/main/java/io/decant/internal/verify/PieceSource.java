package io.decant.internal.verify;

import io.decant.control.SpanResult;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Where the workers of one verification get their pieces of work and hand in the results: the
 * spans of a key range or the batches of a key list in this process, or the spans of a run shared
 * through leases in the control store.
 */
interface PieceSource<C extends PieceSource.Claim> {

    /** A piece of work held by one worker. */
    interface Claim {
        SpanCheck.Piece piece();
    }

    /**
     * The next piece for a worker, waiting as long as more may come; empty when this process has
     * nothing more to take, or once {@code stop} says so.
     */
    Optional<C> next(BooleanSupplier stop) throws InterruptedException;

    /** The piece was compared once: it holds {@code rows} source rows (its rechecks may follow). */
    void compared(C claim, long rows);

    /** The piece was checked; called from a worker or a recheck thread. */
    void done(C claim, SpanResult result);

    /** Checking the piece failed; it is given back. */
    void failed(C claim);
}
