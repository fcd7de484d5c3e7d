package io.decant.control;

/**
 * How a key about to be written in NEW_ONLY was recorded ({@link IntentLog#recordNewOnlyWrites}):
 * the id of its single-write intent, and whether an existing legacy → new entry kept its direction.
 * Such an entry was set by an acknowledged write to the legacy store (an instance not yet in NEW_ONLY);
 * a record made <em>before</em> this write must not turn it around, or a write that then fails would
 * leave the journal pointing at the new store's older row. The caller journals the key new → legacy
 * again once its write landed ({@code journalAfterWrite}), before it acknowledges.
 */
public record NewOnlyRecord(long intentId, boolean journalAfterWrite) {
}
