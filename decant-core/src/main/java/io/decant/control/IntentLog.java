package io.decant.control;

import io.decant.spi.Key;
import java.time.Duration;
import java.util.List;

/**
 * Intents: the record a dual write makes before its first write and clears after its second, so
 * that a process that dies between the two leaves a trace that the sweeper turns into a journal entry. Every method is atomic; times
 * come from the control store's clock, so instances on different hosts agree.
 */
public interface IntentLog {
    /**
     * Records keys about to be written in NEW_ONLY (new → legacy, {@link JournalOrigin#NEW_ONLY_WRITE}),
     * durably, before the write. In the same transaction the migration's phase is read, share-locked
     * so that it serializes with {@link PhaseLog#transition}: the entries are deferred only while the phase
     * is NEW_ONLY (or RETIRED: a lagging instance's keys are kept for a rollback after a restore). An instance that is no longer in NEW_ONLY (frozen across a rollback, or lagging it)
     * therefore journals its keys as ordinary entries that repair drains. In the same transaction each
     * key gets an intent of {@code instanceId} marked as a single write (returned ids in key order):
     * while it stands, repairs of the key wait ({@link IntentLog#writeInFlight}), so a drain cannot copy the
     * key's state before the write landed and then drop the entry; the caller deletes it after its write.
     */
    List<NewOnlyRecord> recordNewOnlyWrites(String migration, List<Key> keys, String instanceId);

    /**
     * Stores intents (one round trip for the batch); returns their ids in order. An intent without a
     * key ({@link Intent#key()} null) is a <em>pending insert</em>: an insert whose first store is about
     * to generate the key ({@code Migration.insert}). {@link #fillKeys} names its key once that store
     * returned it.
     */
    long[] insert(List<Intent> intents);

    /**
     * Names the keys of pending inserts, in one transaction, checking each against the migration's
     * {@link KeyFence}: a key on its generator's side is {@link KeyFill.Outcome#FILLED} (for a NEW_ONLY
     * insert it is recorded like {@link #recordNewOnlyWrites}, and its intent becomes a single write);
     * one on the other side is {@link KeyFill.Outcome#FENCED} (the intent takes the key, pointed from
     * the store that owns it); a pending insert no longer waiting (swept) is {@link KeyFill.Outcome#SWEPT}.
     * Results in the order of {@code keys}.
     */
    List<KeyFill> fillKeys(String migration, List<PendingKey> keys);

    /**
     * Pending inserts whose instance is gone and that were swept ({@link #resolve}, {@link #resolveStale}):
     * their key is unknown, so no journal entry can name it; they wait for a full verification that
     * started after they were swept ({@link #resolveVerifiedInserts}).
     */
    long unverifiedInserts(String migration);

    /**
     * Removes the swept pending inserts older than {@code verificationStartedAt}: a full verification
     * that started then saw whatever their first writes left, and reported or repaired it. Returns how many.
     */
    int resolveVerifiedInserts(String migration, java.time.Instant verificationStartedAt);

    /** Clears intents whose dual writes finished. */
    void delete(long[] ids);

    /**
     * Intents left by an instance that is gone (pending inserts not yet swept among them, with a null key) — not registered, or its lease renewed longer than
     * {@code deadAfter} ago (see {@link InstanceStatus#isLive}) — oldest first: the process may have
     * died, or been fenced, between the two writes. An intent of a live instance is never stale,
     * however old: its dual write may still be waiting for a row lock.
     */
    List<Intent> stale(String migration, Duration deadAfter, int limit);

    /**
     * Turns intents into journal entries ({@link JournalOrigin#STALE_INTENT}) and removes them,
     * atomically. A pending insert among them (its key never named in the control store) is journaled
     * under the key the given intent carries, if it carries one (the calling instance knows it);
     * otherwise it is removed: the caller's own call failed at its first write. An intent's direction never supersedes a direction that a write gave an existing
     * entry (the intent's call was not acknowledged, or wrote both stores); it only replaces an
     * uncertain one. The entry's seq grows either way.
     */
    void resolve(String migration, List<Intent> intents);

    /**
     * The sweeper's {@link IntentLog#resolve}: in one transaction it revokes the lease of each of the
     * intents' instances that is still gone (so a call of it that wakes up later cannot journal under
     * that lease, see {@link LeaseFence}), and resolves only the intents of instances gone now — an
     * instance that renewed its lease meanwhile keeps its intents. A pending insert of a gone instance
     * (its key unknown) is swept instead: kept, marked, until a full verification resolves it
     * ({@link #unverifiedInserts}). Returns how many it resolved or swept.
     */
    int resolveStale(String migration, List<Intent> intents, Duration deadAfter);

    /**
     * True when a dual write of {@code key} that writes {@code secondStore} last may be between its
     * two writes: an intent of the key exists whose direction is not {@code secondStore}'s (it wrote the
     * other store first), or of a NEW_ONLY write (a single write, see {@link IntentLog#recordNewOnlyWrites}), and
     * whose instance is live (see {@link IntentLog#stale}).
     *
     * @param secondStore the direction whose first store the writers in question write second: a
     *                    repair copying in this direction looks for writers in the opposite order
     */
    boolean writeInFlight(String migration, Key key, Direction secondStore, Duration deadAfter);

    /**
     * The ids of intents of {@code key} other than {@code intentId} that stand (any direction, any
     * instance; at most a few): writes of the key that may have run concurrently with the one of
     * {@code intentId}. A write whose second store is written after the application's transaction
     * committed (outside the row lock that ordered the first writes) asks this before it clears its
     * intent, and journals the key when one of them may still be in flight. The default answers
     * {@code [-1]} (someone, always), which is safe and costs a repair.
     */
    default List<Long> othersOf(String migration, Key key, long intentId) {
        return List.of(-1L);
    }

    /** Intents not yet cleared. */
    long count(String migration);
}
