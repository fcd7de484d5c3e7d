package io.decant.store;

/**
 * Where a {@link ChunkCopier} records a copy it made without source row locks, before committing
 * it to the target, so that the copy is checked even if the worker dies before checking it. The
 * record goes when the chunk is checkpointed, or once {@link ChunkCopier#settle} ran for it.
 */
@FunctionalInterface
public interface UncheckedCopies {
    /** Records nothing and refuses: the copier then copies share-locked. */
    UncheckedCopies NONE = mark -> false;

    /**
     * Durably records an unchecked copy under {@code mark} (the copier's identification of its
     * target transaction). False when it could not be recorded (the chunk's lease was lost): the
     * copier must then not commit an unchecked copy.
     */
    boolean record(String mark);
}
