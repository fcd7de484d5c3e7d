package io.decant.internal.routing;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.spi.ControlStore;
import io.decant.spi.Key;
import java.util.LinkedHashSet;

/**
 * Keys about to be written in NEW_ONLY, recorded durably in the control store before the write
 * (new → legacy, deferred while the phase is NEW_ONLY) so that a rollback can bring the legacy store
 * up to date even when the writing process dies right after the call returned. Concurrent calls share
 * one control-store transaction ({@link GroupCommit}); a hot key is recorded once per batch.
 */
public final class NewOnlyWrites {
    static final int BATCHES_IN_FLIGHT = 2;
    static final int MAX_BATCH = 1024;

    private final String migration;
    private final GroupCommit<Key> commits;

    public NewOnlyWrites(String migration, ControlStore control) {
        this.migration = migration;
        this.commits = new GroupCommit<>(keys -> control.recordNewOnlyWrites(migration, new LinkedHashSet<>(keys)),
                BATCHES_IN_FLIGHT, MAX_BATCH);
    }

    /** Returns once {@code key} is recorded; throws FAILURE (nothing was written) when it could not be. */
    public void record(Key key) {
        try {
            commits.submit(key);
        } catch (RuntimeException e) {
            throw new DecantException(ErrorCode.FAILURE, "migration " + migration + ": cannot record the NEW_ONLY write of key "
                    + key + " in the control store; nothing was written: " + (e.getMessage() == null ? e : e.getMessage()), e);
        }
    }
}
