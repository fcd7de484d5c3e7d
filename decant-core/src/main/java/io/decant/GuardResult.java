package io.decant;

import io.decant.config.Guard;

/**
 * One guard's verdict on a move forward, with the evidence behind it.
 *
 * @param guard    which guard
 * @param passed   whether it allows the move
 * @param evidence what was seen, e.g. "journal depth 3 (expected 0)" or "backfill completed at version 4"
 */
public record GuardResult(Guard guard, boolean passed, String evidence) {
    @Override
    public String toString() {
        return (passed ? "ok     " : "FAILED ") + guard.configName() + ": " + evidence;
    }
}
