package io.decant.internal.routing;

import io.decant.control.ControlStore;
import io.decant.control.Intent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Intents of this instance's dual writes that ended without their second store written and without
 * a journal entry: the authoritative write failed (its outcome unknown), the second write threw an
 * Error, the journal could not be written, or the lease lapsed between the two writes. Their intent
 * records stay in the control store. While the instance is live nobody else resolves them (an intent
 * of a live instance may belong to a write still waiting for a row lock), so the instance resolves
 * them itself at a heartbeat, once they are older than {@code dead-after}: by then a commit that was
 * still travelling when the call failed has landed, just as when the sweeper resolves the intents of
 * an instance that died.
 *
 * <p>An insert's pending intent (its key never named, docs/protocol.md "Database-generated keys") is
 * resolved with the key its first store generated when the call got that far, and is otherwise
 * dropped: its first write failed, and only a lost reply to a commit would have left a row, which
 * the next verification finds.
 */
public final class AbandonedIntents {
    private record Abandoned(IntentGroupCommit.Ticket ticket, long at) {
    }

    private final String migration;
    private final long waitNanos;
    private final ConcurrentLinkedQueue<Abandoned> queue = new ConcurrentLinkedQueue<>();

    public AbandonedIntents(String migration, Duration deadAfter) {
        this.migration = migration;
        this.waitNanos = deadAfter.toNanos();
    }

    void add(IntentGroupCommit.Ticket ticket) {
        queue.add(new Abandoned(ticket, System.nanoTime()));
    }

    /** How many wait to be resolved. */
    public int size() {
        return queue.size();
    }

    /**
     * Resolves the intents abandoned longer than {@code dead-after} ago (journaled by the control
     * store's rule for stale intents, and removed). Returns how many; on failure they stay queued.
     */
    public int resolveDue(ControlStore control) {
        long now = System.nanoTime();
        List<Abandoned> due = new ArrayList<>();
        for (Abandoned a : queue) {
            if (now - a.at() >= waitNanos && a.ticket().id != 0) {
                due.add(a);
            }
        }
        if (due.isEmpty()) {
            return 0;
        }
        List<Intent> intents = new ArrayList<>(due.size());
        for (Abandoned a : due) {
            IntentGroupCommit.Ticket t = a.ticket();
            intents.add(new Intent(t.id, migration, t.key != null ? t.key : t.generated, t.direction, null, null));
        }
        control.intents().resolve(migration, intents);
        queue.removeAll(due);
        return due.size();
    }
}
