package io.decant.internal.routing;

import io.decant.spi.Key;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys written in NEW_ONLY, waiting to be journaled (deferred, new→legacy) so that a rollback can
 * bring the legacy store up to date. Adding is a set insertion (a hot key is journaled once per
 * flush); the instance's heartbeat flushes them before it acknowledges a phase version, so every
 * call counted in an acknowledgement has its key in the journal.
 */
public final class DeferredKeys {
    private final Set<Key> keys = ConcurrentHashMap.newKeySet();

    public void add(Key key) {
        keys.add(key);
    }

    /** Removes and returns what is waiting. */
    public List<Key> drain() {
        List<Key> out = new ArrayList<>();
        for (Iterator<Key> it = keys.iterator(); it.hasNext(); ) {
            out.add(it.next());
            it.remove();
        }
        return out;
    }

    /** Puts keys back after a failed flush. */
    public void restore(List<Key> failed) {
        keys.addAll(failed);
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }
}
