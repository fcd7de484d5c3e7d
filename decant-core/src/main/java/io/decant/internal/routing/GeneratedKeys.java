package io.decant.internal.routing;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.control.ControlStore;
import io.decant.control.Direction;
import io.decant.control.KeyFill;
import io.decant.control.PendingKey;
import io.decant.spi.Key;
import java.util.function.Supplier;

/**
 * Names the keys of pending inserts (docs/protocol.md, "Database-generated keys"): an insert whose
 * first store generates the key records its intent without a key, and once that store returned the
 * key, this names it in the intent, in the control store, before the second write. Concurrent calls
 * share one control-store transaction ({@link GroupCommit}).
 */
public final class GeneratedKeys {
    static final int BATCHES_IN_FLIGHT = 2;
    static final int MAX_BATCH = 1024;

    private final String migration;
    private final GroupCommit<PendingKey, KeyFill> commits;

    public GeneratedKeys(String migration, ControlStore control) {
        this.migration = migration;
        this.commits = new GroupCommit<>(keys -> control.intents().fillKeys(migration, keys), BATCHES_IN_FLIGHT, MAX_BATCH);
    }

    /** A named key, and whether (in NEW_ONLY) the call journals it new → legacy again before it returns. */
    public record Filled(Key key, boolean journalAfterWrite) {
    }

    /**
     * Names {@code key} in the pending insert of {@code ticket}. Returns once it is stored; otherwise the
     * call fails unacknowledged, before its second write: when the key lies on the other generator's
     * side of the last hand-over of key generation, or the control store failed (the intent is handed to
     * {@code abandoned}: it stays, named or pending, for repair), or when the pending insert was swept
     * (the instance was counted as gone: {@code swept} is thrown).
     */
    Filled fill(IntentGroupCommit.Ticket ticket, Key key, Direction direction, boolean newOnly, AbandonedIntents abandoned,
                Supplier<RuntimeException> swept) {
        KeyFill f;
        ticket.generated = key; // should naming fail, the instance still knows the key when it resolves the intent
        try {
            f = commits.submit(new PendingKey(ticket.id, key, direction, newOnly));
        } catch (RuntimeException e) {
            abandoned.add(ticket);
            throw new DecantException(ErrorCode.FAILURE, "migration " + migration + ": the insert of generated key " + key
                    + " wrote its first store but cannot name the key in the control store, so it is not acknowledged"
                    + " (its intent is kept for repair): " + (e.getMessage() == null ? e : e.getMessage()), e);
        }
        return switch (f.outcome()) {
            case FILLED -> new Filled(key, f.journalAfterWrite());
            case FENCED -> {
                abandoned.add(ticket);
                throw new DecantException(ErrorCode.FAILURE, "migration " + migration + ": the "
                        + (direction == Direction.LEGACY_TO_NEW ? "legacy" : "new") + " store generated key " + key
                        + ", but since the hand-over of key generation keys " + (f.fence().newAbove() ? "from " : "below ")
                        + f.fence().boundary() + " belong to the " + (f.fence().newAbove() ? "new" : "legacy")
                        + " store's generator, which may hand out the same key; the insert is not acknowledged and its first"
                        + " write will be undone by repair (this instance acts on an older phase: retry the insert)");
            }
            case SWEPT -> throw swept.get();
        };
    }
}
