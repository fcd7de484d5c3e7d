package io.decant.control;

import java.time.Duration;

/**
 * What a call presents to the control store with a journal write that can change an entry's direction
 * (a failed second write, a NEW_ONLY write journaled again after it landed): the instance, the lease
 * token its call started under ({@link LeaseGrant#tokens()}), and {@code dead-after}. The control store
 * accepts the write only while that lease is unbroken by its own rule — the instance's registry row
 * still holds the token (a renewal after a lapse, or a sweeper that counted the instance as gone,
 * replaces it) and was renewed within {@code deadAfter}. So a call that was paused, or cut off, long
 * enough for others to act without it cannot turn a journal entry around afterwards.
 */
public record LeaseFence(String instanceId, long token, Duration deadAfter) {
}
