package io.decant.metrics;

/** How one shadow comparison ended; each is its own counter. */
public enum ShadowOutcome {
    MATCHED,
    MISMATCHED,
    IGNORED,
    ERRORED
}
