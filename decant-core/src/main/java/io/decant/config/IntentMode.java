package io.decant.config;

/**
 * How the intent record of a dual write is written. {@code SYNC} writes it (group-committed with
 * concurrent calls) before the first store write, closing the crash window; {@code ASYNC} queues it
 * and does not wait, trading the crash window for latency, with verification as the backstop.
 */
public enum IntentMode {
    SYNC,
    ASYNC
}
