package io.decant;

import java.util.List;

/**
 * One phase change made by advance or rollback, with the evidence that allowed it.
 *
 * @param from     phase before
 * @param to       phase after
 * @param version  phase version after
 * @param guards   the guards checked (all passed, or overridden when forced)
 * @param forced   whether failed guards were overridden
 * @param barrierMillis how long the barrier took
 */
public record PhaseChange(Phase from, Phase to, long version, List<GuardResult> guards, boolean forced, long barrierMillis) {
}
