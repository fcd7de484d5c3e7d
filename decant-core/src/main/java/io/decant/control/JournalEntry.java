package io.decant.control;

import io.decant.spi.Key;
import java.time.Instant;

/**
 * A key waiting for repair. The journal holds at most one entry per key and migration: a later
 * enqueue with a certain origin supersedes the direction of an earlier one and bumps {@code seq}, so
 * the latest acknowledged write decides (ordered by the control store); an uncertain enqueue (a
 * shadow mismatch) keeps the direction and certainty the writes gave the entry and only bumps
 * {@code seq}.
 *
 * @param id         the entry's id
 * @param migration  the migration
 * @param key        the key to copy
 * @param direction  from which store to which
 * @param deferred   true for keys written in NEW_ONLY: kept so a rollback can bring legacy up to
 *                   date, not drained by repair until a rollback releases them
 * @param seq        bumped by every enqueue of this key; a repair completes only the seq it claimed
 * @param enqueuedAt when the key was (last) enqueued
 * @param attempts   failed repair attempts so far
 * @param lastError  the last failure's message, or null
 * @param origin     what set the direction (see {@link JournalOrigin})
 */
public record JournalEntry(long id, String migration, Key key, Direction direction, boolean deferred, long seq,
                           Instant enqueuedAt, int attempts, String lastError, JournalOrigin origin) {

    /** True when the direction is followed as it is; false when a version column may settle it. */
    public boolean certain() {
        return origin.certain();
    }
}
