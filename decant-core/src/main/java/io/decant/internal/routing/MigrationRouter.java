package io.decant.internal.routing;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.InstanceFencedException;
import io.decant.KeyedWrite;
import io.decant.Phase;
import io.decant.config.IntentMode;
import io.decant.control.ControlStore;
import io.decant.control.Direction;
import io.decant.control.JournalOrigin;
import io.decant.internal.phase.EpochTracker;
import io.decant.internal.phase.Lease;
import io.decant.metrics.MetricsRecorder;
import io.decant.metrics.StoreRole;
import io.decant.spi.Key;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one migration's writes and reads by the phase the instance acts on (README.md, "Phases"):
 * which store is written first, which failure fails the call, what is journaled for repair, which
 * store answers reads and which one is compared in the shadow. Each call runs inside one phase
 * epoch, read from a volatile field, so an acknowledgement never precedes a call of an older phase,
 * and under the instance's {@link Lease}: a call fails fast, unacknowledged, once the instance cannot
 * prove its phase current.
 */
public final class MigrationRouter {
    private static final Logger LOG = LoggerFactory.getLogger(MigrationRouter.class);

    private final String migration;
    private final int keyArity;
    private final boolean waitForIntent;
    private final EpochTracker epochs;
    private final IntentGroupCommit intents;
    private final Lease lease;
    private final NewOnlyWrites newOnly;
    private final GeneratedKeys generatedKeys;
    private final AbandonedIntents abandoned;
    private final ShadowReads shadow;
    private final double rampPercent;
    private final ControlStore control;
    private final MetricsRecorder.Meters meters;
    private final Runnable betweenWrites;
    private final TransactionalWrites inTransaction;

    /**
     * @param betweenWrites runs between the two writes of a dual write; tests use it to simulate a
     *                      process dying there (by throwing an Error, which leaves the intent behind)
     */
    public MigrationRouter(String migration, int keyArity, IntentMode intentMode, EpochTracker epochs, IntentGroupCommit intents,
                           Lease lease, NewOnlyWrites newOnly, GeneratedKeys generatedKeys, AbandonedIntents abandoned, ShadowReads shadow, double rampPercent, ControlStore control,
                           MetricsRecorder.Meters meters, Runnable betweenWrites, io.decant.TransactionScope transactions) {
        this.migration = migration;
        this.keyArity = keyArity;
        this.waitForIntent = intentMode == IntentMode.SYNC;
        this.epochs = epochs;
        this.intents = intents;
        this.lease = lease;
        this.newOnly = newOnly;
        this.generatedKeys = generatedKeys;
        this.abandoned = abandoned;
        this.shadow = shadow;
        this.rampPercent = rampPercent;
        this.control = control;
        this.meters = meters;
        this.betweenWrites = betweenWrites;
        this.inTransaction = new TransactionalWrites(this, migration, transactions, waitForIntent, epochs, intents, lease, newOnly,
                abandoned, meters, betweenWrites, control);
    }

    public EpochTracker epochs() {
        return epochs;
    }

    public <T> T write(Object key, Supplier<T> legacyWrite, Supplier<T> newWrite) {
        KeyArgs.check(key, keyArity, migration);
        long token = lease.token(migration); // before the generation: a renewal in between fails the call, never passes it
        long g = lease.generation();
        lease.check(g, migration, "refused a write");
        if (inTransaction.active()) {
            return inTransaction.write(g, token, KeyArgs.toKey(key), legacyWrite, newWrite);
        }
        EpochTracker.Epoch e = epochs.enter();
        try {
            Phase p = e.phase();
            meters.write(p);
            T result = switch (p) {
                case LEGACY_ONLY -> single(p, StoreRole.LEGACY, legacyWrite);
                case DUAL_WRITE, SHADOW_READ -> dual(p, g, token, KeyArgs.toKey(key), StoreRole.LEGACY, legacyWrite, newWrite,
                        Direction.LEGACY_TO_NEW);
                case READ_NEW -> dual(p, g, token, KeyArgs.toKey(key), StoreRole.NEW, newWrite, legacyWrite, Direction.NEW_TO_LEGACY);
                case NEW_ONLY -> newOnly(p, g, token, KeyArgs.toKey(key), newWrite);
                case RETIRED -> single(p, StoreRole.NEW, newWrite);
            };
            lease.check(g, migration, "wrote but cannot acknowledge the write");
            return result;
        } finally {
            epochs.exit(e);
        }
    }

    /**
     * A NEW_ONLY write: its key recorded (with an intent) before the write, so a rollback finds the key
     * even if this process dies right after the call; the intent cleared once the write is done. A write
     * that failed (its outcome unknown) leaves the intent, resolved later like any abandoned one. When the
     * record found a legacy → new entry (left by an instance not yet in NEW_ONLY) it kept its direction;
     * once this write landed the key is journaled new → legacy, fenced, before the call returns.
     */
    private <T> T newOnly(Phase p, long g, long token, Key key, Supplier<T> newWrite) {
        NewOnlyWrites.Recorded recorded = newOnly.record(key);
        IntentGroupCommit.Ticket ticket = recorded.ticket();
        if (!lease.holds(g)) {
            intents.clear(ticket); // nothing written; the recorded key is harmless
            lease.check(g, migration, "recorded a NEW_ONLY write but did not make it");
        }
        T result;
        try {
            result = single(p, StoreRole.NEW, newWrite);
        } catch (RuntimeException | Error ex) {
            abandoned.add(ticket);
            throw ex;
        }
        if (recorded.journalAfterWrite()) {
            journalFenced(g, token, key, Direction.NEW_TO_LEGACY, JournalOrigin.NEW_ONLY_WRITE, ticket);
        }
        intents.clear(ticket);
        return result;
    }

    /**
     * Journals a direction a write of this call made certain, fenced: only if the lease the call started
     * under is unbroken, checked here and again by the control store in the journal's transaction (the
     * model's finding C: a call that woke up after others had acted without it must not turn an entry
     * around). Otherwise the call fails unacknowledged; its intent stays for the sweeper or
     * {@link AbandonedIntents}.
     */
    void journalFenced(long g, long token, Key key, Direction direction, JournalOrigin origin, IntentGroupCommit.Ticket ticket) {
        if (!lease.holds(g)) {
            abandoned.add(ticket);
            lease.check(g, migration, "wrote but cannot journal the key");
        }
        boolean accepted;
        try {
            accepted = control.journal().enqueueFenced(migration, key, direction, origin, lease.fence(token));
        } catch (RuntimeException ex) {
            abandoned.add(ticket);
            throw ex;
        }
        if (!accepted) {
            abandoned.add(ticket);
            throw lease.fenced(migration, "wrote, but the control store no longer holds the lease the call started under,"
                    + " so it cannot journal the key");
        }
    }

    <T> T single(Phase p, StoreRole role, Supplier<T> write) {
        long t0 = System.nanoTime();
        try {
            return write.get();
        } catch (RuntimeException | Error ex) {
            meters.writeFailure(p, role);
            throw ex;
        } finally {
            meters.latency(p, role, System.nanoTime() - t0);
        }
    }

    /**
     * A dual write: intent, authoritative write, second write, clear. The lease is checked before each
     * store write and before the call returns, so a process paused past its lease (and possibly counted
     * as gone) never writes its second store under an outdated phase. Whenever the call ends with its
     * second store possibly behind and nothing journaled, the intent stays and the instance hands it to
     * {@link AbandonedIntents} (the sweeper takes it instead if the instance dies).
     */
    private <T> T dual(Phase p, long g, long token, Key key, StoreRole firstRole, Supplier<T> first, Supplier<T> second,
                       Direction direction) {
        IntentGroupCommit.Ticket ticket = intents.begin(migration, key, direction, waitForIntent);
        if (!lease.holds(g)) {
            intents.clear(ticket); // nothing written
            lease.check(g, migration, "refused a write");
        }
        T result = first(p, firstRole, first, ticket);
        second(p, g, token, key, firstRole, second, direction, ticket);
        return result;
    }

    /**
     * The authoritative (first) write of a dual write. If it fails, so does the call, and the other
     * store is not written. But its outcome is unknown: a connection cut after the commit reached the
     * database fails here too. The intent stays and is resolved later (the key re-synced from the
     * authoritative store), once a late commit would have landed.
     */
    private <T> T first(Phase p, StoreRole firstRole, Supplier<T> first, IntentGroupCommit.Ticket ticket) {
        try {
            return single(p, firstRole, first);
        } catch (RuntimeException | Error ex) {
            abandoned.add(ticket);
            throw ex;
        }
    }

    /** The rest of a dual write once its first store is written and its intent names the key: second write, clear. */
    private void second(Phase p, long g, long token, Key key, StoreRole firstRole, Supplier<?> second, Direction direction,
                        IntentGroupCommit.Ticket ticket) {
        try {
            betweenWrites.run();
        } catch (RuntimeException | Error ex) {
            abandoned.add(ticket);
            throw ex;
        }
        if (!lease.holds(g)) {
            abandoned.add(ticket);
            lease.check(g, migration, "wrote its first store and stopped before the second");
        }
        StoreRole secondRole = firstRole == StoreRole.LEGACY ? StoreRole.NEW : StoreRole.LEGACY;
        long t0 = System.nanoTime();
        try {
            second.get();
        } catch (RuntimeException ex) {
            meters.writeFailure(p, secondRole);
            journalFailed(g, token, key, direction, ticket, ex);
            return;
        } catch (Error ex) {
            meters.writeFailure(p, secondRole);
            abandoned.add(ticket);
            throw ex;
        } finally {
            meters.latency(p, secondRole, System.nanoTime() - t0);
        }
        intents.clear(ticket);
    }

    /**
     * An insert whose first store generates the key (docs/protocol.md, "Database-generated keys"):
     * legacy generates it until SHADOW_READ, the new store from READ_NEW on. A pending insert (an intent
     * without a key) is recorded before the first write; the generated key is named in it
     * ({@link GeneratedKeys#fill}) before the second write, and from there on the call is a dual write
     * of that key. Routed by the same phase table as {@link #write}; inside the application's
     * transaction as {@link TransactionalWrites#insert} says.
     */
    public <K> K insert(KeyedWrite<K> legacyWrite, KeyedWrite<K> newWrite) {
        if (keyArity != 1) {
            throw new DecantException(ErrorCode.BAD_CONFIG, "migration " + migration + ": insert with a database-generated key"
                    + " needs a single-column key, but the table's key has " + keyArity + " columns; use write with the key");
        }
        if (legacyWrite == null || newWrite == null) {
            throw new DecantException(ErrorCode.BAD_CONFIG, "migration " + migration + ": insert needs both write paths");
        }
        long token = lease.token(migration);
        long g = lease.generation();
        lease.check(g, migration, "refused an insert");
        if (inTransaction.active()) {
            return inTransaction.insert(g, token, legacyWrite, newWrite);
        }
        EpochTracker.Epoch e = epochs.enter();
        try {
            Phase p = e.phase();
            meters.write(p);
            K result = switch (p) {
                case LEGACY_ONLY -> generatedBy(single(p, StoreRole.LEGACY, () -> legacyWrite.write(null)), StoreRole.LEGACY);
                case DUAL_WRITE, SHADOW_READ -> generatedDual(p, g, token, StoreRole.LEGACY, legacyWrite, newWrite,
                        Direction.LEGACY_TO_NEW);
                case READ_NEW -> generatedDual(p, g, token, StoreRole.NEW, newWrite, legacyWrite, Direction.NEW_TO_LEGACY);
                case NEW_ONLY -> generatedNewOnly(p, g, token, newWrite);
                case RETIRED -> generatedBy(single(p, StoreRole.NEW, () -> newWrite.write(null)), StoreRole.NEW);
            };
            lease.check(g, migration, "inserted but cannot acknowledge the insert");
            return result;
        } finally {
            epochs.exit(e);
        }
    }

    <K> K generatedBy(K key, StoreRole role) {
        if (key == null) {
            throw new DecantException(ErrorCode.FAILURE, "migration " + migration + ": the " + role.name().toLowerCase(java.util.Locale.ROOT)
                    + " insert returned no key; a KeyedWrite called with null must return the key its store generated");
        }
        return key;
    }

    /** A dual write whose first store generates the key: pending insert, first write, key named, second write, clear. */
    private <K> K generatedDual(Phase p, long g, long token, StoreRole firstRole, KeyedWrite<K> first, KeyedWrite<K> second,
                                Direction direction) {
        IntentGroupCommit.Ticket ticket = intents.begin(migration, null, direction, true);
        if (!lease.holds(g)) {
            intents.clear(ticket); // nothing written
            lease.check(g, migration, "refused an insert");
        }
        K key = first(p, firstRole, () -> generatedBy(first.write(null), firstRole), ticket); // no key: the intent is abandoned
        Key k = fill(g, ticket, key, direction, false).key();
        second(p, g, token, k, firstRole, () -> second.write(key), direction, ticket);
        return key;
    }

    /**
     * A NEW_ONLY insert: the new store generates the key, which is then recorded like a NEW_ONLY write's
     * (deferred new → legacy) in the transaction that names it in the pending insert. The record comes
     * after the write here, not before: the write has landed by then, so a repair cannot copy the key's
     * state before it (the model's finding B), and a crash in between leaves the pending insert.
     */
    private <K> K generatedNewOnly(Phase p, long g, long token, KeyedWrite<K> newWrite) {
        IntentGroupCommit.Ticket ticket = intents.begin(migration, null, Direction.NEW_TO_LEGACY, true);
        if (!lease.holds(g)) {
            intents.clear(ticket);
            lease.check(g, migration, "refused an insert");
        }
        K key = first(p, StoreRole.NEW, () -> generatedBy(newWrite.write(null), StoreRole.NEW), ticket);
        GeneratedKeys.Filled filled = fill(g, ticket, key, Direction.NEW_TO_LEGACY, true);
        if (filled.journalAfterWrite()) {
            journalFenced(g, token, filled.key(), Direction.NEW_TO_LEGACY, JournalOrigin.NEW_ONLY_WRITE, ticket);
        }
        intents.clear(ticket);
        return key;
    }

    /**
     * Names the generated key in the pending insert. A call that cannot (its lease lapsed, the key lies on
     * the other generator's side of the hand-over, the control store failed) fails unacknowledged before
     * its second write; its intent stays for repair (named or still pending).
     */
    GeneratedKeys.Filled fill(long g, IntentGroupCommit.Ticket ticket, Object key, Direction direction, boolean newOnly) {
        if (!lease.holds(g)) {
            abandoned.add(ticket);
            lease.check(g, migration, "inserted its first store and cannot name the key");
        }
        Key k;
        try {
            KeyArgs.check(key, keyArity, migration);
            k = KeyArgs.toKey(key);
        } catch (RuntimeException ex) {
            abandoned.add(ticket);
            throw ex;
        }
        return generatedKeys.fill(ticket, k, direction, newOnly, abandoned, () -> lease.fenced(migration,
                "inserted its first store, but its pending insert was swept (the instance was counted as gone); the insert"
                        + " is not acknowledged"));
    }

    /**
     * The second write failed: the call still succeeds; the key goes to the journal for repair, fenced
     * ({@link #journalFenced}). When the journal cannot be written the intent is kept for repair and the
     * call still succeeds: its first write is in place and the intent says which store holds it.
     */
    void journalFailed(long g, long token, Key key, Direction direction, IntentGroupCommit.Ticket ticket, RuntimeException cause) {
        try {
            journalFenced(g, token, key, direction, JournalOrigin.SECOND_WRITE_FAILED, ticket);
        } catch (InstanceFencedException fenced) {
            fenced.addSuppressed(cause);
            throw fenced;
        } catch (RuntimeException journalFailure) {
            LOG.warn("migration {}: the {} write of key {} failed ({}) and the key could not be journaled ({});"
                    + " its intent record is kept for repair", migration, direction == Direction.LEGACY_TO_NEW ? "new" : "legacy",
                    key, cause.toString(), journalFailure.toString());
            return;
        }
        intents.clear(ticket);
    }

    public <T> Optional<T> read(Object key, Supplier<Optional<T>> legacyRead, Supplier<Optional<T>> newRead) {
        KeyArgs.check(key, keyArity, migration);
        long g = lease.generation();
        lease.check(g, migration, "refused a read");
        EpochTracker.Epoch e = epochs.enter();
        try {
            Phase p = e.phase();
            Optional<T> result = switch (p) {
                case LEGACY_ONLY, DUAL_WRITE -> timedRead(p, StoreRole.LEGACY, legacyRead);
                case SHADOW_READ -> shadow.sampled()
                        ? shadow.read(p, e.version(), key, legacyRead, newRead, true)
                        : timedRead(p, StoreRole.LEGACY, legacyRead);
                case READ_NEW -> {
                    boolean legacyAnswers = rampPercent < 100
                            && java.util.concurrent.ThreadLocalRandom.current().nextDouble(100) >= rampPercent;
                    yield shadow.sampled()
                            ? shadow.read(p, e.version(), key, legacyRead, newRead, legacyAnswers)
                            : timedRead(p, legacyAnswers ? StoreRole.LEGACY : StoreRole.NEW, legacyAnswers ? legacyRead : newRead);
                }
                case NEW_ONLY, RETIRED -> timedRead(p, StoreRole.NEW, newRead);
            };
            lease.check(g, migration, "read but cannot answer from a phase it cannot prove current");
            return result;
        } finally {
            epochs.exit(e);
        }
    }

    /**
     * Reads many rows (a query) from the store the phase says answers, like {@link #read}; in SHADOW_READ
     * and READ_NEW the other store's collection is compared as a set ({@link CollectionComparison}).
     */
    public <T, C extends Collection<T>> C readAll(Object query, Supplier<C> legacyRead, Supplier<C> newRead,
                                                   Function<? super T, ?> elementKey) {
        if (legacyRead == null || newRead == null || elementKey == null) {
            throw new DecantException(ErrorCode.BAD_CONFIG, "migration " + migration
                    + ": readAll needs both reads and the function giving each element's key");
        }
        long g = lease.generation();
        lease.check(g, migration, "refused a read");
        EpochTracker.Epoch e = epochs.enter();
        try {
            Phase p = e.phase();
            C result = switch (p) {
                case LEGACY_ONLY, DUAL_WRITE -> timedRead(p, StoreRole.LEGACY, legacyRead);
                case SHADOW_READ -> shadow.sampled()
                        ? shadow.readAll(p, e.version(), query, legacyRead, newRead, elementKey, true)
                        : timedRead(p, StoreRole.LEGACY, legacyRead);
                case READ_NEW -> {
                    boolean legacyAnswers = rampPercent < 100
                            && java.util.concurrent.ThreadLocalRandom.current().nextDouble(100) >= rampPercent;
                    yield shadow.sampled()
                            ? shadow.readAll(p, e.version(), query, legacyRead, newRead, elementKey, legacyAnswers)
                            : timedRead(p, legacyAnswers ? StoreRole.LEGACY : StoreRole.NEW, legacyAnswers ? legacyRead : newRead);
                }
                case NEW_ONLY, RETIRED -> timedRead(p, StoreRole.NEW, newRead);
            };
            lease.check(g, migration, "read but cannot answer from a phase it cannot prove current");
            return result;
        } finally {
            epochs.exit(e);
        }
    }

    private <R> R timedRead(Phase p, StoreRole role, Supplier<R> read) {
        long t0 = System.nanoTime();
        try {
            return read.get();
        } finally {
            meters.latency(p, role, System.nanoTime() - t0);
        }
    }
}
