package io.decant.control;

import io.decant.spi.Key;

/**
 * The key a store generated for an insert whose intent was recorded without one (a pending insert,
 * see {@link IntentLog#fillKeys}).
 *
 * @param intentId  the pending insert's intent
 * @param key       the key the first store generated
 * @param direction from the store that generated it (written first) to the other
 * @param newOnly   a NEW_ONLY insert: the key is recorded as a NEW_ONLY write (deferred new → legacy)
 */
public record PendingKey(long intentId, Key key, Direction direction, boolean newOnly) {
}
