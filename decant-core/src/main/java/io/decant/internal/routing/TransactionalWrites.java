package io.decant.internal.routing;

import io.decant.KeyedWrite;
import io.decant.Phase;
import io.decant.TransactionScope;
import io.decant.TransactionScope.Outcome;
import io.decant.control.ControlStore;
import io.decant.control.Direction;
import io.decant.control.JournalOrigin;
import io.decant.internal.phase.EpochTracker;
import io.decant.internal.phase.Lease;
import io.decant.metrics.MetricsRecorder;
import io.decant.metrics.StoreRole;
import io.decant.spi.Key;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes made inside an application transaction ({@link TransactionScope#active()}). The write
 * protocol is the one of {@link MigrationRouter} with one difference: a write that takes part in the
 * application's transaction lands only when that transaction commits, so the steps that must follow
 * it run at the transaction's end, and the call stays in its phase epoch (the barrier waits for it)
 * until then.
 *
 * <ul>
 *   <li>LEGACY_ONLY, RETIRED: the one write, in the transaction.</li>
 *   <li>DUAL_WRITE, SHADOW_READ: the intent (legacy → new) is stored before the legacy write, which
 *       runs in the transaction; after the commit the new write runs (a failure journals the key, as
 *       a failed second write does, and so does another intent of the key standing then: the row lock
 *       that ordered the legacy writes no longer orders the new ones). After a rollback nothing landed and the intent is cleared; with an
 *       unknown outcome the intent is kept and resolved like an abandoned one.</li>
 *   <li>READ_NEW: the intent (new → legacy); the new (authoritative) write at once, then the legacy
 *       write in the transaction. After the commit the intent is cleared; otherwise it is kept: the
 *       new write may have landed without the legacy one, and the abandoned intent re-syncs the key
 *       from the new store (without turning around a direction a write gave the key's entry).</li>
 *   <li>NEW_ONLY: the key recorded, then the new write at once; the journal entry a write after an
 *       older legacy → new entry needs is made only after a commit; the one-store intent stands until
 *       the transaction ended.</li>
 * </ul>
 * Before the commit, the lease the call started under is checked again: an instance that cannot
 * prove its phase current refuses the commit (the application's transaction rolls back), as it
 * refuses a store write.
 */
final class TransactionalWrites {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalWrites.class);

    private final MigrationRouter router;
    private final String migration;
    private final TransactionScope scope;
    private final boolean waitForIntent;
    private final EpochTracker epochs;
    private final IntentGroupCommit intents;
    private final Lease lease;
    private final NewOnlyWrites newOnly;
    private final AbandonedIntents abandoned;
    private final MetricsRecorder.Meters meters;
    private final Runnable betweenWrites;
    private final ControlStore control;

    TransactionalWrites(MigrationRouter router, String migration, TransactionScope scope, boolean waitForIntent, EpochTracker epochs,
                        IntentGroupCommit intents, Lease lease, NewOnlyWrites newOnly, AbandonedIntents abandoned,
                        MetricsRecorder.Meters meters, Runnable betweenWrites, ControlStore control) {
        this.router = router;
        this.migration = migration;
        this.scope = scope;
        this.waitForIntent = waitForIntent;
        this.epochs = epochs;
        this.intents = intents;
        this.lease = lease;
        this.newOnly = newOnly;
        this.abandoned = abandoned;
        this.meters = meters;
        this.betweenWrites = betweenWrites;
        this.control = control;
    }

    boolean active() {
        return scope.active();
    }

    /** The call's end, run when the transaction has ended: what its outcome asks of the call's intent and second write. */
    private final class Pending implements TransactionScope.Completion {
        private final long generation;
        private final EpochTracker.Epoch epoch;
        private volatile Consumer<Outcome> tail = outcome -> {
        };

        Pending(long generation, EpochTracker.Epoch epoch) {
            this.generation = generation;
            this.epoch = epoch;
        }

        @Override
        public void beforeCommit() {
            lease.check(generation, migration, "cannot let the application's transaction commit its write");
        }

        @Override
        public void afterCompletion(Outcome outcome) {
            try {
                tail.accept(outcome);
            } catch (RuntimeException e) {
                LOG.warn("migration {}: finishing a write after its transaction ended ({}) failed: {}", migration, outcome, e.toString());
            } finally {
                epochs.exit(epoch);
            }
        }
    }

    /** Enters the call's phase epoch and registers its end with the transaction; from then on the completion leaves the epoch. */
    private Pending enter(long g) {
        EpochTracker.Epoch e = epochs.enter();
        Pending pending = new Pending(g, e);
        try {
            scope.register(pending);
        } catch (RuntimeException | Error ex) {
            epochs.exit(e);
            throw ex;
        }
        return pending;
    }

    <T> T write(long g, long token, Key key, Supplier<T> legacyWrite, Supplier<T> newWrite) {
        Pending pending = enter(g);
        Phase p = pending.epoch.phase();
        meters.write(p);
        T result = switch (p) {
            case LEGACY_ONLY -> router.single(p, StoreRole.LEGACY, legacyWrite);
            case DUAL_WRITE, SHADOW_READ -> legacyFirst(p, g, token, key, legacyWrite, newWrite, pending);
            case READ_NEW -> newFirst(p, g, token, key, newWrite, legacyWrite, pending);
            case NEW_ONLY -> newOnly(p, g, token, key, newWrite, pending);
            case RETIRED -> router.single(p, StoreRole.NEW, newWrite);
        };
        lease.check(g, migration, "wrote but cannot acknowledge the write");
        return result;
    }

    private <T> T legacyFirst(Phase p, long g, long token, Key key, Supplier<T> legacyWrite, Supplier<T> newWrite, Pending pending) {
        IntentGroupCommit.Ticket ticket = intents.begin(migration, key, Direction.LEGACY_TO_NEW, waitForIntent);
        if (!lease.holds(g)) {
            intents.clear(ticket); // nothing written
            lease.check(g, migration, "refused a write");
        }
        // a statement's outcome is unknown until the transaction ends: if it throws, re-synced later
        T result = orAbandon(ticket, () -> router.single(p, StoreRole.LEGACY, legacyWrite));
        pending.tail = outcome -> {
            switch (outcome) {
                case COMMITTED -> secondAfterCommit(p, g, token, key, newWrite, ticket);
                case ROLLED_BACK -> intents.clear(ticket); // neither store changed
                case UNKNOWN -> abandoned.add(ticket);
            }
        };
        return result;
    }

    /** The new write of a DUAL_WRITE/SHADOW_READ call, once the legacy write committed. */
    private <T> void secondAfterCommit(Phase p, long g, long token, Key key, Supplier<T> newWrite, IntentGroupCommit.Ticket ticket) {
        orAbandon(ticket, () -> {
            betweenWrites.run();
            return null;
        });
        if (!lease.holds(g)) {
            abandoned.add(ticket); // the committed legacy write is re-synced through the intent
            LOG.warn("migration {}: the transaction of key {} committed after this instance's lease lapsed; its new write is"
                    + " left to repair", migration, key);
            return;
        }
        long t0 = System.nanoTime();
        try {
            newWrite.get();
        } catch (RuntimeException ex) {
            meters.writeFailure(p, StoreRole.NEW);
            router.journalFailed(g, token, key, Direction.LEGACY_TO_NEW, ticket, ex);
            return;
        } catch (Error ex) {
            meters.writeFailure(p, StoreRole.NEW);
            abandoned.add(ticket);
            throw ex;
        } finally {
            meters.latency(p, StoreRole.NEW, System.nanoTime() - t0);
        }
        if (mayHaveBeenOvertaken(key, ticket)) {
            // journaled while the intent still stands; a failure to journal keeps the intent (abandoned)
            router.journalFenced(g, token, key, Direction.LEGACY_TO_NEW, JournalOrigin.SECOND_WRITE_FAILED, ticket);
        }
        intents.clear(ticket);
    }

    /**
     * The legacy row lock ordered this call's legacy write against other writes of the key, but it was
     * released at the commit, before this new write: another write of the key may have committed after
     * ours and written the new store before us. Such a write's intent stood before its legacy write, so it
     * still stands now; then the key is journaled legacy → new, and repair copies legacy's latest state.
     * Intents of this instance's finished writes (cleared, their delete still pending) do not count.
     */
    private boolean mayHaveBeenOvertaken(Key key, IntentGroupCommit.Ticket ticket) {
        try {
            return ticket.id == 0 || control.intents().othersOf(migration, key, ticket.id).stream().anyMatch(id -> !intents.finished(id));
        } catch (RuntimeException e) {
            return true;
        }
    }

    private <T> T newFirst(Phase p, long g, long token, Key key, Supplier<T> newWrite, Supplier<T> legacyWrite, Pending pending) {
        IntentGroupCommit.Ticket ticket = intents.begin(migration, key, Direction.NEW_TO_LEGACY, waitForIntent);
        if (!lease.holds(g)) {
            intents.clear(ticket);
            lease.check(g, migration, "refused a write");
        }
        T result = orAbandon(ticket, () -> router.single(p, StoreRole.NEW, newWrite));
        legacyInTransaction(p, g, token, key, legacyWrite, pending, ticket);
        return result;
    }

    /**
     * The legacy write of a READ_NEW call, in the transaction, once the new write landed: a failure
     * journals the key (new → legacy); the intent is cleared after a commit and kept otherwise.
     */
    private void legacyInTransaction(Phase p, long g, long token, Key key, Supplier<?> legacyWrite, Pending pending,
                                     IntentGroupCommit.Ticket ticket) {
        orAbandon(ticket, () -> {
            betweenWrites.run();
            return null;
        });
        if (!lease.holds(g)) {
            abandoned.add(ticket);
            lease.check(g, migration, "wrote its first store and stopped before the second");
        }
        long t0 = System.nanoTime();
        try {
            legacyWrite.get();
        } catch (RuntimeException ex) {
            meters.writeFailure(p, StoreRole.LEGACY);
            router.journalFailed(g, token, key, Direction.NEW_TO_LEGACY, ticket, ex);
            return;
        } catch (Error ex) {
            meters.writeFailure(p, StoreRole.LEGACY);
            abandoned.add(ticket);
            throw ex;
        } finally {
            meters.latency(p, StoreRole.LEGACY, System.nanoTime() - t0);
        }
        pending.tail = outcome -> {
            if (outcome == Outcome.COMMITTED) {
                intents.clear(ticket);
            } else {
                abandoned.add(ticket); // the new write may have landed without the legacy one: re-sync from new
            }
        };
    }

    private <T> T newOnly(Phase p, long g, long token, Key key, Supplier<T> newWrite, Pending pending) {
        NewOnlyWrites.Recorded recorded = newOnly.record(key);
        IntentGroupCommit.Ticket ticket = recorded.ticket();
        if (!lease.holds(g)) {
            intents.clear(ticket);
            lease.check(g, migration, "recorded a NEW_ONLY write but did not make it");
        }
        T result = orAbandon(ticket, () -> router.single(p, StoreRole.NEW, newWrite));
        pending.tail = newOnlyEnd(g, token, key, recorded.journalAfterWrite(), ticket);
        return result;
    }

    /** The end of a NEW_ONLY call: after a commit the journal entry the record asked for, if any; the intent cleared unless the outcome is unknown. */
    private Consumer<Outcome> newOnlyEnd(long g, long token, Key key, boolean journalAfterWrite, IntentGroupCommit.Ticket ticket) {
        return outcome -> {
            switch (outcome) {
                case COMMITTED -> {
                    if (journalAfterWrite) {
                        router.journalFenced(g, token, key, Direction.NEW_TO_LEGACY, JournalOrigin.NEW_ONLY_WRITE, ticket);
                    }
                    intents.clear(ticket);
                }
                case ROLLED_BACK -> intents.clear(ticket);
                case UNKNOWN -> abandoned.add(ticket);
            }
        };
    }

    /**
     * An insert whose first store generates the key ({@link MigrationRouter#insert}) inside the
     * application's transaction. The pending insert is stored before the first write and the generated
     * key named in it right after (docs/protocol.md, "Database-generated keys"), before anything else
     * happens; from there on the call is {@link #write} of that key:
     * <ul>
     *   <li>DUAL_WRITE, SHADOW_READ: legacy inserts in the transaction and generates the key; the new
     *       write under it follows the commit; a rollback clears the intent.</li>
     *   <li>READ_NEW: the new store inserts at once and generates the key; the legacy write under it runs
     *       in the transaction; the intent is cleared after a commit and kept otherwise.</li>
     *   <li>NEW_ONLY: the new store inserts at once; naming the key records it as a NEW_ONLY write.</li>
     *   <li>LEGACY_ONLY, RETIRED: the one insert.</li>
     * </ul>
     */
    <K> K insert(long g, long token, KeyedWrite<K> legacyWrite, KeyedWrite<K> newWrite) {
        Pending pending = enter(g);
        Phase p = pending.epoch.phase();
        meters.write(p);
        K result = switch (p) {
            case LEGACY_ONLY -> router.generatedBy(router.single(p, StoreRole.LEGACY, () -> legacyWrite.write(null)), StoreRole.LEGACY);
            case DUAL_WRITE, SHADOW_READ -> {
                IntentGroupCommit.Ticket ticket = pendingInsert(g, Direction.LEGACY_TO_NEW);
                K key = generated(p, StoreRole.LEGACY, legacyWrite, ticket);
                Key k = router.fill(g, ticket, key, Direction.LEGACY_TO_NEW, false).key();
                pending.tail = outcome -> {
                    switch (outcome) {
                        case COMMITTED -> secondAfterCommit(p, g, token, k, () -> newWrite.write(key), ticket);
                        case ROLLED_BACK -> intents.clear(ticket); // neither store changed
                        case UNKNOWN -> abandoned.add(ticket);
                    }
                };
                yield key;
            }
            case READ_NEW -> {
                IntentGroupCommit.Ticket ticket = pendingInsert(g, Direction.NEW_TO_LEGACY);
                K key = generated(p, StoreRole.NEW, newWrite, ticket);
                Key k = router.fill(g, ticket, key, Direction.NEW_TO_LEGACY, false).key();
                legacyInTransaction(p, g, token, k, () -> legacyWrite.write(key), pending, ticket);
                yield key;
            }
            case NEW_ONLY -> {
                IntentGroupCommit.Ticket ticket = pendingInsert(g, Direction.NEW_TO_LEGACY);
                K key = generated(p, StoreRole.NEW, newWrite, ticket);
                GeneratedKeys.Filled filled = router.fill(g, ticket, key, Direction.NEW_TO_LEGACY, true);
                pending.tail = newOnlyEnd(g, token, filled.key(), filled.journalAfterWrite(), ticket);
                yield key;
            }
            case RETIRED -> router.generatedBy(router.single(p, StoreRole.NEW, () -> newWrite.write(null)), StoreRole.NEW);
        };
        lease.check(g, migration, "inserted but cannot acknowledge the insert");
        return result;
    }

    /** The pending insert (an intent without a key), stored before the first write whatever {@code intents:} says. */
    private IntentGroupCommit.Ticket pendingInsert(long g, Direction direction) {
        IntentGroupCommit.Ticket ticket = intents.begin(migration, null, direction, true);
        if (!lease.holds(g)) {
            intents.clear(ticket); // nothing written
            lease.check(g, migration, "refused an insert");
        }
        return ticket;
    }

    /** The first write of an insert, which generates the key; if it throws or returns no key, the intent is left to the sweeper. */
    private <K> K generated(Phase p, StoreRole role, KeyedWrite<K> write, IntentGroupCommit.Ticket ticket) {
        return orAbandon(ticket, () -> router.generatedBy(router.single(p, role, () -> write.write(null)), role));
    }

    /** Runs a step of a call whose intent stands; if it throws, the intent is left to the sweeper (abandoned) and the failure goes on. */
    private <R> R orAbandon(IntentGroupCommit.Ticket ticket, Supplier<R> step) {
        try {
            return step.get();
        } catch (RuntimeException | Error ex) {
            abandoned.add(ticket);
            throw ex;
        }
    }
}
