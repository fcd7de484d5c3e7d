package io.decant.internal.routing;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.control.ControlStore;
import io.decant.control.Direction;
import io.decant.control.NewOnlyRecord;
import io.decant.spi.Key;

/**
 * Keys about to be written in NEW_ONLY, recorded durably in the control store before the write
 * (new → legacy, deferred while the phase is NEW_ONLY) so that a rollback can bring the legacy store
 * up to date even when the writing process dies right after the call returned. With each key goes an
 * intent that stands until the write is done: a repair (a rollback's drain) that reads the key while
 * the write is still on its way waits for it, instead of copying the old state and dropping the entry.
 * Concurrent calls share one control-store transaction ({@link GroupCommit}).
 */
public final class NewOnlyWrites {
    static final int BATCHES_IN_FLIGHT = 2;
    static final int MAX_BATCH = 1024;

    private final String migration;
    private final IntentGroupCommit intents;
    private final GroupCommit<Key, NewOnlyRecord> commits;

    public NewOnlyWrites(String migration, ControlStore control, IntentGroupCommit intents, String instanceId) {
        this.migration = migration;
        this.intents = intents;
        this.commits = new GroupCommit<>(keys -> control.intents().recordNewOnlyWrites(migration, keys, instanceId),
                BATCHES_IN_FLIGHT, MAX_BATCH);
    }

    /** A recorded key: the ticket of its intent (clear it after the write), and whether to journal it again after the write. */
    public record Recorded(IntentGroupCommit.Ticket ticket, boolean journalAfterWrite) {
    }

    /**
     * Returns once {@code key} is recorded; throws FAILURE (nothing was written) when it could not be
     * recorded.
     */
    public Recorded record(Key key) {
        try {
            NewOnlyRecord r = commits.submit(key);
            return new Recorded(intents.stored(migration, key, Direction.NEW_TO_LEGACY, r.intentId()), r.journalAfterWrite());
        } catch (RuntimeException e) {
            throw new DecantException(ErrorCode.FAILURE, "migration " + migration + ": cannot record the NEW_ONLY write of key "
                    + key + " in the control store; nothing was written: " + (e.getMessage() == null ? e : e.getMessage()), e);
        }
    }
}
