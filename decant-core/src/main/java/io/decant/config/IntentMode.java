package io.decant.config;

/**
 * How the intent record of a dual write is written. {@code SYNC} writes it (group-committed with
 * concurrent calls) before the first store write, closing the crash window; {@code ASYNC} queues it
 * and does not wait, trading the crash window for latency, with verification as the backstop. The
 * asynchronous queue is bounded: when it is full (the control store is slow or down), a call records
 * its intent as under {@code SYNC} (it waits, and fails without writing when the intent cannot be
 * stored), so memory stays bounded and no intent is dropped.
 */
public enum IntentMode {
    SYNC,
    ASYNC
}
