package io.decant.jdbc.backfill;

import io.decant.jdbc.StoreFailures;
import io.decant.jdbc.engine.Database;
import io.decant.store.ChunkCopier;
import io.decant.store.ChunkCopy;
import io.decant.store.CopySpec;
import io.decant.store.KeyRange;
import io.decant.store.UncheckedCopies;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Copies one chunk at a time so that a concurrent dual write is never overwritten by an older copy.
 *
 * <p>Between two engines whose row versions carry transaction ids (PostgreSQL→PostgreSQL), into a key
 * range the target does not hold yet: read from a snapshot without row locks and checked after the
 * target committed ({@link SnapshotChunkCopy}, where the safety argument is).
 *
 * <p>Otherwise, share-locked: open a source and a target transaction; ask the target whether it
 * holds any row of the chunk's key range; stream the share-locked source rows into the target —
 * straight into the table when the range is empty, else through a staging table (PostgreSQL) or
 * {@code ON DUPLICATE KEY UPDATE} (MariaDB) with the version guard; commit the target, then the
 * source. A write to those keys (legacy first) waits for the source locks, so it lands in the
 * target after the copy. A unique violation on the straight path (a concurrent dual write got
 * there first) rolls both back and redoes the chunk as a merge.
 */
public final class JdbcChunkCopier implements ChunkCopier {
    private static final int MAX_ATTEMPTS = 5;

    private final CopySpec spec;
    private final ChunkTransfer transfer;
    private final LockedChunkCopy locked;
    private final Optional<SnapshotChunkCopy> snapshot;

    public JdbcChunkCopier(Database source, Database target, CopySpec spec) {
        this.spec = spec;
        this.transfer = new ChunkTransfer(source, target, spec);
        this.locked = new LockedChunkCopy(source, target, transfer);
        this.snapshot = source.engine().rowVersionTransactionIds() && target.engine().rowVersionTransactionIds()
                ? Optional.of(new SnapshotChunkCopy(source, target, transfer, locked)) : Optional.empty();
    }

    @Override
    public String method() {
        return transfer.path().description + snapshot.filter(SnapshotChunkCopy::available)
                .map(s -> " (snapshot reads, checked after commit)").orElse(" (share-locked reads)");
    }

    @Override
    public ChunkCopy copy(KeyRange range, UncheckedCopies unchecked) {
        boolean forceMerge = false;
        for (int attempt = 1; ; attempt++) {
            try {
                if (!forceMerge && snapshot.isPresent() && snapshot.get().available()) {
                    Optional<ChunkCopy> copied = snapshot.get().copy(range, unchecked);
                    if (copied.isPresent()) {
                        return copied.get();
                    }
                }
                return locked.copy(range, SourceRead.LOCKED, forceMerge, OptionalLong.empty());
            } catch (SQLException e) {
                if (!forceMerge && StoreFailures.isUniqueViolation(e)) {
                    forceMerge = true;
                } else if (attempt >= MAX_ATTEMPTS || !StoreFailures.isRetryable(e)) {
                    throw failure(range, e);
                }
            }
        }
    }

    @Override
    public void settle(KeyRange range, String mark) {
        if (snapshot.isEmpty()) {
            return; // only snapshot copies are ever recorded
        }
        for (int attempt = 1; ; attempt++) {
            try {
                snapshot.get().settle(range, mark);
                return;
            } catch (SQLException e) {
                if (attempt >= MAX_ATTEMPTS || !StoreFailures.isRetryable(e)) {
                    throw failure(range, e);
                }
            }
        }
    }

    private RuntimeException failure(KeyRange range, SQLException e) {
        return StoreFailures.wrap(spec.source().store() + "→" + spec.target().store(),
                "copying chunk " + range + " of " + spec.source().table(), e);
    }
}
