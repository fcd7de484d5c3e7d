package io.decant;

import java.util.List;

/**
 * What a repair run did.
 *
 * @param repaired        journal entries repaired (the key's current state copied to the other store)
 * @param failed          entries whose repair failed (left in the journal with the error); a run
 *                        with failures should be reported as a failure (CLI exit code 4)
 * @param intentsResolved stale intents turned into journal entries (and repaired in this run)
 * @param errors          the first few failure messages, each naming the key
 */
public record RepairResult(long repaired, long failed, long intentsResolved, List<String> errors) {
    public RepairResult {
        errors = List.copyOf(errors);
    }

    public boolean succeeded() {
        return failed == 0;
    }
}
