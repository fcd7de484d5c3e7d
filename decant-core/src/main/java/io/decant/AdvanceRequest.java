package io.decant;

import java.time.Duration;
import java.util.Optional;

/**
 * What {@code decant advance} asks for.
 *
 * @param to      the phase to reach; empty means the next one
 * @param barrierWait how long to wait for every live instance to acknowledge each phase change
 * @param force   override failed guards (recorded in the audit log with the reason)
 * @param reason  why (required with force)
 * @param actor   who, as {@code user@host}
 */
public record AdvanceRequest(Optional<Phase> to, Duration barrierWait, boolean force, String reason, String actor) {
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
}
