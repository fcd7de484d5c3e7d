package io.decant.control;

/**
 * Why a key is in the repair journal, which says how much its direction can be trusted
 * ("Convergence" in the project's guarantees).
 *
 * <p>A <b>certain</b> origin knows which store holds the latest acknowledged write of the key: the
 * journaled direction is followed as it is, whatever a version column says (a version written by a
 * host whose clock runs ahead, or truncated by a column of lower precision, must not turn it
 * around). An <b>uncertain</b> origin only knows that the stores differ: there the version column,
 * when one is configured and both rows have one, decides which store is newer; otherwise the
 * authoritative store does.
 */
public enum JournalOrigin {
    /** The second write of a dual write failed after the first (authoritative) one succeeded. */
    SECOND_WRITE_FAILED(true),
    /** The authoritative write failed with an unknown outcome; the key is re-synced from the authoritative store. */
    FIRST_WRITE_FAILED(true),
    /** A dual write's intent outlived its instance (the process died or was fenced between its writes). */
    STALE_INTENT(true),
    /** A key written in NEW_ONLY: the new store holds its latest write. */
    NEW_ONLY_WRITE(true),
    /** A shadow read found the stores different. */
    SHADOW_MISMATCH(false),
    /** A verification found the stores different. */
    VERIFY_DIFFERENCE(false);

    private final boolean certain;

    JournalOrigin(boolean certain) {
        this.certain = certain;
    }

    /** True when the direction is known to point from the store with the latest acknowledged write. */
    public boolean certain() {
        return certain;
    }
}
