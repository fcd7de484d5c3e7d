package io.decant.control;

import java.util.Optional;

/**
 * What {@link ChunkLeases#completeAndClaim} did: checkpointed the chunk a worker finished (or found
 * its lease lost), and claimed the worker's next chunk, if any was free.
 *
 * @param completed whether the finished chunk was checkpointed (false: its lease was lost)
 * @param next      the chunk claimed next
 */
public record ChunkHandoff(boolean completed, Optional<ChunkLease> next) {
    public ChunkHandoff {
        next = next == null ? Optional.empty() : next;
    }
}
