package io.decant.control;

import io.decant.spi.Key;
import java.time.Instant;

/**
 * The record of a dual write in progress: written before the first store write, cleared after the
 * second. One left behind means the process may have died between the two; the sweeper turns it
 * into a journal entry in {@code direction} (from the store written first).
 *
 * @param id         assigned by the control store (0 before it is stored)
 * @param migration  the migration
 * @param key        the key being written
 * @param direction  from the store written first to the other
 * @param instanceId the writing instance
 * @param createdAt  when it was written (control store clock; null before it is stored)
 */
public record Intent(long id, String migration, Key key, Direction direction, String instanceId, Instant createdAt) {
}
