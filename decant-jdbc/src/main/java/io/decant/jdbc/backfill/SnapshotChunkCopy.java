package io.decant.jdbc.backfill;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.jdbc.StoreFailures;
import io.decant.jdbc.engine.Database;
import io.decant.store.ChunkCopy;
import io.decant.store.KeyRange;
import io.decant.store.UncheckedCopies;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.postgresql.PGConnection;
import org.postgresql.jdbc.AutoSave;

/**
 * PostgreSQL→PostgreSQL: a chunk whose key range the target does not hold yet, copied from a
 * snapshot of the source <em>without row locks</em> and checked once the target has committed. Share
 * locks cost PostgreSQL a write into every row read (its pages dirtied and logged): about as much
 * as the whole copy. This is the "equivalent that can be shown safe" the backfill allows.
 *
 * <h2>Protocol, for a chunk R</h2>
 * <ol>
 * <li>The target transaction T begins, finds no row of R, and takes its transaction id t.</li>
 * <li>The copy is recorded as unchecked in the control store under {@code pg-xid:t}, committed
 * before T can commit ({@link UncheckedCopies}).</li>
 * <li>On the source, one statement reads x, the xmin of its snapshot (the oldest transaction
 * still running then), while setting the range's bounds; the next, {@code COPY}, reads the rows of
 * R visible in its own, later snapshot S, which travel by binary {@code COPY} straight into the
 * target table inside T. Snapshots only move forward, so S's xmin is at or above x. A unique
 * violation (a dual write put one of those keys in the target first) rolls T back; the chunk is
 * then merged share-locked.</li>
 * <li>T commits.</li>
 * <li>The check, a new statement on the source after T's commit, counts the rows of R written by a
 * transaction older than x, {@code n_old} ({@code age(xmin) > age(x)}), and the others,
 * {@code n_new}. With n the rows copied: {@code n_old = n} and {@code n_new = 0} means done.</li>
 * <li>Otherwise the redo: (a) the rows of R written since x are merged share-locked (the locked
 * path), a target row still written by t overwritten whatever its version; (b) when
 * {@code n_old < n}, the target rows of R still written by t whose key the source no longer holds
 * are deleted.</li>
 * </ol>
 *
 * <h2>Why no dual write is lost</h2>
 * <p><b>The danger.</b> The copy carries S's version of a key k. A dual write W to k whose legacy
 * commit comes after S (legacy first, then the target): if W's target write comes after T's commit,
 * it applies to the copied row, and the target ends at W's state as with a locked copy. If it comes
 * before T's commit, an insert or upsert of k collides with T's {@code COPY} (a unique violation, or
 * it waits for T and then updates the copied row), but a delete, or an {@code UPDATE} that finds no
 * row, leaves no trace and T then commits S's stale version. In that case W's legacy commit came
 * before its target write, which came before T's commit, which came before the check: the check
 * sees W's change.
 *
 * <p><b>The check sees every change since S.</b> A row version written by a transaction that S
 * does not see — a subtransaction too (pgjdbc's autosave uses savepoints), since a subtransaction's
 * id is assigned after its parent's — has a transaction id at or after x, because every
 * transaction running at S has an id at or above S's xmin, itself at or above x, and every later
 * one gets a later id; so its {@code age(xmin)} is at most {@code age(x)} and it is counted new
 * ({@code age()} counts back from the newest id modulo 2^32, so this holds across xid wraparound).
 * Conversely a live row counted old was written by a transaction that had ended before x was read
 * (every id below x had), so before S, and committed since the row is live: S sees it, and it has
 * not been deleted or updated since (it is still the live version). So the
 * old rows at the check are a subset of the n rows copied; {@code n_old = n} makes them the same
 * rows, unchanged, and {@code n_new = 0} says there is no other row: no W as above touched R, and
 * the copy is exact. Frozen rows have the largest age (old). A frozen row whose original xmin
 * wrapped around to look recent is counted new: at worst a needless redo. The snapshot-visibility
 * test {@code pg_visible_in_snapshot} is not used: it does not resolve subtransaction ids.
 *
 * <p><b>The redo repairs every change.</b> A key W changed is either present now with a version
 * written since x — re-copied share-locked (the locked path's argument: a later write waits for the
 * lock and lands after), our own stale copy overwritten whatever its version, any other row only by
 * an equal or newer version — or gone from the source, which makes {@code n_old < n}. Then a target
 * row of R whose {@code xmin} is still t is one nobody has written since the copy (every write makes
 * a new row version with its own xmin): our copy of a row the source no longer holds, deleted. A row
 * anyone else wrote is never deleted — the backfill deletes only its own unchanged copies. A key
 * absent when the redo reads the source's keys but written right after by a dual write W': W''s
 * target write either comes after the delete, or before it and then changed xmin, so the delete
 * (which waits for an in-flight write and re-checks) skips the row — or W' used a plain
 * {@code INSERT}, which fails on our copy and is journaled for repair by the write path.
 *
 * <p><b>Crashes and lost leases.</b> The record of step 2 is durable before T can commit and stays
 * until the chunk is checkpointed. A worker that claims the chunk again (and a run of a new plan)
 * settles it first: it waits until t has ended ({@code txid_status}), and if t committed runs the
 * redo over the whole range with the delete. A worker whose lease was taken over cannot record (the
 * record locks the lease row and checks the owner), so the takeover sees every record made before.
 *
 * <p>Where this does not apply the chunk is copied share-locked: a range the target already holds
 * rows of, a MariaDB end, or PostgreSQL before 10 (no {@code txid_status}).
 */
final class SnapshotChunkCopy {
    private static final String MARK = "pg-xid:";
    private static final long XID_MASK = 0xFFFF_FFFFL;
    private static final int CHECK_ATTEMPTS = 5;
    private static final Duration SETTLE_WAIT = Duration.ofMinutes(2);

    private final Database source;
    private final Database target;
    private final ChunkTransfer transfer;
    private final LockedChunkCopy locked;
    /** Records unchecked copies in the control store while the rows travel (daemon threads, gone when idle). */
    private static final Executor RECORDER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "decant-backfill-record");
        t.setDaemon(true);
        return t;
    });

    private volatile Boolean available;

    SnapshotChunkCopy(Database source, Database target, ChunkTransfer transfer, LockedChunkCopy locked) {
        this.source = source;
        this.target = target;
        this.transfer = transfer;
        this.locked = locked;
    }

    /** Both servers are PostgreSQL 10 or later. */
    boolean available() {
        Boolean a = available;
        if (a == null) {
            a = majorVersion(source) >= 10 && majorVersion(target) >= 10;
            available = a;
        }
        return a;
    }

    private static int majorVersion(Database store) {
        try (Connection c = store.dataSource().getConnection()) {
            return c.getMetaData().getDatabaseMajorVersion();
        } catch (SQLException e) {
            throw StoreFailures.wrap(store.config().name(), "reading the server version", e);
        }
    }

    /**
     * Copies {@code range} by the protocol above. Empty when the chunk is to be copied share-locked
     * instead: the target holds rows of the range, or the copy could not be recorded (lease lost).
     * A {@code SQLException} means T did not commit; a failure after T's commit that the check
     * could not repair is thrown unchecked, leaving the record for {@link #settle}.
     */
    Optional<ChunkCopy> copy(KeyRange range, UncheckedCopies unchecked) throws SQLException {
        long xid;
        long snapshotXmin;
        long rows;
        try (Connection src = source.dataSource().getConnection(); Connection tgt = target.dataSource().getConnection()) {
            PGConnection pgTarget = tgt.unwrap(PGConnection.class);
            AutoSave autosave = pgTarget.getAutosave();
            // no savepoints: the copied rows must carry T's own transaction id
            pgTarget.setAutosave(AutoSave.NEVER);
            src.setAutoCommit(false);
            tgt.setAutoCommit(false);
            String mark = null;
            boolean committing = false;
            try {
                OptionalLong emptyRange = transactionIdIfEmpty(tgt, range);
                if (emptyRange.isEmpty()) {
                    rollback(src, tgt);
                    return Optional.empty();
                }
                xid = emptyRange.getAsLong();
                mark = MARK + xid;
                // recorded while the rows travel; committed before T's commit
                CompletableFuture<Boolean> recorded = record(unchecked, mark);
                long[] xmin = {0};
                rows = transfer.transfer(src, tgt, range, SourceRead.UNLOCKED, false, OptionalLong.empty(), x -> xmin[0] = x);
                snapshotXmin = xmin[0] & XID_MASK;
                src.commit();
                if (!awaitRecord(recorded)) {
                    rollback(src, tgt);
                    return Optional.empty();
                }
                committing = true;
                tgt.commit();
            } catch (SQLException | RuntimeException e) {
                rollback(src, tgt);
                if (committing) {
                    // T's commit may have gone through: settle the copy before anyone copies the chunk again
                    settleAfterFailure(range, mark, e);
                }
                throw e;
            } finally {
                src.setAutoCommit(true);
                tgt.setAutoCommit(true);
                pgTarget.setAutosave(autosave);
            }
        }
        boolean redone = checkAndRedo(range, xid & XID_MASK, snapshotXmin, rows);
        return Optional.of(new ChunkCopy(rows, false, redone));
    }

    /** T's transaction id (it gets one now), or empty when the target holds rows of {@code range}. */
    private OptionalLong transactionIdIfEmpty(Connection tgt, KeyRange range) throws SQLException {
        RangeSql r = transfer.targetRange();
        try (PreparedStatement ps = tgt.prepareStatement("SELECT txid_current(), EXISTS ("
                + transfer.write().anyRow(r.where(range)) + ")")) {
            r.bind(ps, 1, range);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(2) ? OptionalLong.empty() : OptionalLong.of(rs.getLong(1));
            }
        }
    }

    private static CompletableFuture<Boolean> record(UncheckedCopies unchecked, String mark) {
        return CompletableFuture.supplyAsync(() -> unchecked.record(mark), RECORDER);
    }

    private static boolean awaitRecord(CompletableFuture<Boolean> recorded) {
        try {
            return recorded.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private void settleAfterFailure(KeyRange range, String mark, Exception cause) {
        try {
            settle(range, mark);
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
            throw new DecantException(ErrorCode.FAILURE, "the commit of an unlocked copy of chunk " + range
                    + " failed and its check could not run; the chunk is settled when it is claimed again", cause);
        }
    }

    /**
     * Steps 5 and 6, retried on transient failures; unchecked when they cannot finish (the record
     * stays). True when the redo ran.
     */
    private boolean checkAndRedo(KeyRange range, long ownCopy, long snapshotXmin, long rows) {
        for (int attempt = 1; ; attempt++) {
            try {
                long[] counts = count(range, snapshotXmin);
                long written = counts[1];
                long old = counts[0] - written;
                if (old != rows || written != 0) {
                    redo(range, ownCopy, OptionalLong.of(snapshotXmin), old < rows);
                    return true;
                }
                return false;
            } catch (SQLException e) {
                if (attempt >= CHECK_ATTEMPTS || !StoreFailures.isRetryable(e)) {
                    throw new DecantException(ErrorCode.FAILURE, "checking the unlocked copy of chunk " + range
                            + " failed (" + e.getMessage() + "); the chunk is settled when it is claimed again", e);
                }
            }
        }
    }

    /** {rows of the range, rows written since {@code xid}} on the source, now. */
    private long[] count(KeyRange range, long xid) throws SQLException {
        try (Connection src = source.dataSource().getConnection(); PreparedStatement ps = src.prepareStatement(checkSql(range))) {
            ps.setString(1, Long.toString(xid));
            transfer.sourceRange().bind(ps, 2, range);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    private String checkSql(KeyRange range) {
        return "SELECT COUNT(*), COUNT(*) FILTER (WHERE " + SourceSelect.writtenSince() + ") FROM " + transfer.sourceTable()
                + transfer.sourceRange().where(range).map(w -> " WHERE " + w).orElse("");
    }

    /**
     * Step 6: the rows written since {@code since} (all rows when empty) merged share-locked,
     * {@code ownCopy}'s rows overwritten; with {@code deleteMissing}, {@code ownCopy}'s rows of keys
     * the source no longer holds deleted.
     */
    private void redo(KeyRange range, long ownCopy, OptionalLong since, boolean deleteMissing) throws SQLException {
        SourceRead read = since.isPresent() ? SourceRead.lockedWrittenSince(since.getAsLong()) : SourceRead.LOCKED;
        locked.copy(range, read, true, OptionalLong.of(ownCopy));
        if (deleteMissing) {
            try (Connection src = source.dataSource().getConnection(); Connection tgt = target.dataSource().getConnection()) {
                src.setAutoCommit(false);
                tgt.setAutoCommit(false);
                try {
                    transfer.deleteOwnCopiesOfMissingKeys(src, tgt, range, ownCopy);
                    tgt.commit();
                    src.commit();
                } catch (SQLException | RuntimeException e) {
                    rollback(src, tgt);
                    throw e;
                } finally {
                    src.setAutoCommit(true);
                    tgt.setAutoCommit(true);
                }
            }
        }
    }

    /**
     * Settles an unchecked copy recorded under {@code mark}: waits until its target transaction
     * has ended; if it committed (or is too old to tell), redoes the whole range with the delete.
     */
    void settle(KeyRange range, String mark) throws SQLException {
        if (!mark.startsWith(MARK)) {
            throw new DecantException(ErrorCode.FAILURE, "unchecked copy of chunk " + range + " has the unknown mark '"
                    + mark + "'; it was recorded by another copier");
        }
        long xid = Long.parseLong(mark.substring(MARK.length()));
        if ("aborted".equals(awaitEnd(xid, range))) {
            return;
        }
        redo(range, xid & XID_MASK, OptionalLong.empty(), true);
    }

    private String awaitEnd(long xid, KeyRange range) throws SQLException {
        long deadline = System.nanoTime() + SETTLE_WAIT.toNanos();
        try (Connection tgt = target.dataSource().getConnection();
             PreparedStatement ps = tgt.prepareStatement("SELECT txid_status(?)")) {
            ps.setLong(1, xid);
            while (true) {
                String status;
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    status = rs.getString(1);
                }
                if (!"in progress".equals(status)) {
                    return status;
                }
                if (System.nanoTime() > deadline) {
                    throw new DecantException(ErrorCode.FAILURE, "the target transaction " + xid + " of an unlocked copy"
                            + " of chunk " + range + " is still running after " + SETTLE_WAIT.toMinutes() + " minutes;"
                            + " the chunk is settled when it is claimed again");
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DecantException(ErrorCode.FAILURE, "interrupted while waiting for an unlocked copy to end", e);
                }
            }
        }
    }

    private static void rollback(Connection src, Connection tgt) {
        LockedChunkCopy.quietRollback(tgt);
        LockedChunkCopy.quietRollback(src);
    }
}
