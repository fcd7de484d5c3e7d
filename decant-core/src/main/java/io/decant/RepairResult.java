package io.decant;

import java.util.List;

/**
 * What a repair run did.
 *
 * @param repaired        journal entries repaired (the key's current state copied to the other store)
 * @param failed          entries whose repair failed (left in the journal with the error); a run
 *                        with failures should be reported as a failure (CLI exit code 4)
 * @param busy            entries left in the journal because dual writes of the key in the other
 *                        order kept it changing the whole run: those writers write both stores, so
 *                        nothing acknowledged is missing; the entry is retried by the next run
 * @param intentsResolved stale intents turned into journal entries (and repaired in this run)
 * @param errors          the first few failure messages, each naming the key
 */
public record RepairResult(long repaired, long failed, long busy, long intentsResolved, List<String> errors) {
    public RepairResult {
        errors = List.copyOf(errors);
    }

    public boolean succeeded() {
        return failed == 0;
    }
}
