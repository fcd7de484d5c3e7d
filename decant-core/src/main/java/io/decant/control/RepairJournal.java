package io.decant.control;

import io.decant.spi.Key;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The repair journal: keys whose two stores may differ, each with the direction a repair copies
 * in and where it came from. Entries of keys written in NEW_ONLY are deferred. Every method is atomic; times
 * come from the control store's clock, so instances on different hosts agree.
 */
public interface RepairJournal {
    /**
     * Journals keys for repair. For a certain {@code origin} an existing entry of the same key is
     * superseded: it takes the new direction and origin, its seq grows. For an uncertain origin (a
     * shadow mismatch, a verification difference), which says nothing about which store holds the
     * latest acknowledged write, a new entry takes {@code direction} (the authoritative store's) and
     * an existing entry keeps the direction and origin its writes gave it; its seq grows so a repair
     * in progress runs again. A claimed entry stays claimed (repairs of one key are serialized).
     * {@link JournalOrigin#NEW_ONLY_WRITE} entries are deferred (see {@link IntentLog#recordNewOnlyWrites}
     * for the call the write path makes); an existing undeferred entry stays undeferred.
     */
    void enqueue(String migration, Collection<Key> keys, Direction direction, JournalOrigin origin);

    /**
     * Like {@link RepairJournal#enqueue} for one key of a certain origin, but only while the calling instance's
     * lease is unbroken ({@link LeaseFence}), checked with its registry row share-locked in the same
     * transaction. Returns false, having written nothing, when it is not.
     */
    boolean enqueueFenced(String migration, Key key, Direction direction, JournalOrigin origin, LeaseFence fence);

    /**
     * Claims up to {@code max} undeferred entries that nobody holds (or whose claim expired), for
     * {@code lease}, oldest first. Safe in many processes at once.
     */
    List<JournalEntry> claim(String migration, String worker, int max, Duration lease);

    /** Removes a repaired entry if it was not enqueued again since the claim (same seq); else releases it. */
    void complete(JournalEntry entry);

    /** True while a claimed entry was not enqueued again since the claim (its seq is unchanged). */
    boolean unchanged(JournalEntry entry);

    /** Releases a claimed entry after a failed repair, counting the attempt. */
    void fail(JournalEntry entry, String error);

    /** How long the oldest undeferred entry has waited (since it was last enqueued), by this store's clock; empty when none waits. */
    Optional<Duration> oldestAge(String migration);

    /** The key's journal entry (deferred or not), if it has one. */
    Optional<JournalEntry> entry(String migration, Key key);

    /** Undeferred entries waiting. */
    long depth(String migration);

    /** Deferred entries (keys written in NEW_ONLY). */
    long deferredDepth(String migration);

    /** Which of {@code keys} have a deferred entry (were written in NEW_ONLY since the authority flip). */
    Set<Key> deferredKeys(String migration, Collection<Key> keys);

    /** Makes deferred entries ordinary, so repair drains them (a rollback from NEW_ONLY). Returns how many. */
    int undefer(String migration);

    /** Removes every entry of the migration, deferred or not (after the legacy rows are retired). */
    int clear(String migration);
}
