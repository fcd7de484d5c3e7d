package io.decant.jdbc.backfill;

import io.decant.jdbc.engine.Database;
import io.decant.store.ChunkCopy;
import io.decant.store.KeyRange;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One chunk copied with its source rows share-locked until the target has committed: open a source
 * and a target transaction; ask the target whether it holds any row of the range; stream the
 * share-locked rows into the target (straight into the table when the range is empty, else through
 * the version-guarded merge); commit the target, then the source. A dual write to those keys
 * (legacy first) waits for the source locks, so it reaches the target after the copy.
 */
final class LockedChunkCopy {
    private final Database source;
    private final Database target;
    private final ChunkTransfer transfer;

    LockedChunkCopy(Database source, Database target, ChunkTransfer transfer) {
        this.source = source;
        this.target = target;
        this.transfer = transfer;
    }

    /**
     * Copies the rows {@code read} selects (it must lock them) from {@code range}; merged when
     * {@code forceMerge} or the target holds rows of the range ({@code ownCopy}: see
     * {@link ChunkTransfer#transfer}). Both transactions are rolled back when it fails.
     */
    ChunkCopy copy(KeyRange range, SourceRead read, boolean forceMerge, OptionalLong ownCopy) throws SQLException {
        if (!read.locked()) {
            throw new IllegalArgumentException("a locked copy reads its rows locked");
        }
        try (Connection src = source.dataSource().getConnection(); Connection tgt = target.dataSource().getConnection()) {
            src.setAutoCommit(false);
            tgt.setAutoCommit(false);
            try {
                relaxSourceCommit(src);
                boolean merge = forceMerge || transfer.targetHasRows(tgt, range);
                long rows = transfer.transfer(src, tgt, range, read, merge, ownCopy);
                tgt.commit();
                src.commit();
                return new ChunkCopy(rows, merge);
            } catch (SQLException | RuntimeException e) {
                quietRollback(tgt);
                quietRollback(src);
                throw e;
            } finally {
                src.setAutoCommit(true);
                tgt.setAutoCommit(true);
            }
        }
    }

    /**
     * The source transaction only holds share locks (PostgreSQL gives it a transaction id for them),
     * so its commit need not wait for a WAL flush where the engine can say so: losing that commit in a
     * crash loses nothing but the locks. The target's commit, which carries the rows, stays synchronous.
     */
    private void relaxSourceCommit(Connection src) throws SQLException {
        Optional<String> relaxed = source.engine().relaxedCommitSql();
        if (relaxed.isPresent()) {
            try (Statement s = src.createStatement()) {
                s.execute(relaxed.get());
            }
        }
    }

    static void quietRollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the failure being reported matters more; closing the connection ends the transaction
        }
    }
}
