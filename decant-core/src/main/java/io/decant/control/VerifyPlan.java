package io.decant.control;

import java.time.Instant;

/**
 * A full-table verification run as the control store keeps it: the key space cut into spans that
 * any number of {@code decant verify} processes claim through leases. One run per migration is
 * current; a new run replaces it (its spans are deleted, their leases become void).
 *
 * @param migration    the migration
 * @param runId        grows with every new run of the migration
 * @param phaseVersion the phase version the run started under
 * @param settings     what the run compares and how (columns and kinds, span size, repair), so a
 *                     process with other settings does not join it
 * @param sampleLimit  how many differences each span keeps (the first by key order)
 * @param chunkRows    rows per span
 * @param spansTotal   spans in the run once planning finished, or -1 while spans are still being planned
 * @param planner      the worker planning the spans (while {@code spansTotal} is -1)
 * @param startedAt    when the run started (control store clock)
 * @param completedAt  when the last span was done, or null
 */
public record VerifyPlan(String migration, long runId, long phaseVersion, String settings, int sampleLimit, int chunkRows,
                         int spansTotal, String planner, Instant startedAt, Instant completedAt) {
    public boolean planned() {
        return spansTotal >= 0;
    }

    public boolean completed() {
        return completedAt != null;
    }
}
