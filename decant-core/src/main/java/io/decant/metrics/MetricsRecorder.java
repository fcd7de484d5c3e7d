package io.decant.metrics;

import io.decant.Phase;

/**
 * Where Decant records its measurements. {@link #NONE} records nothing; {@link MicrometerMetrics}
 * publishes Micrometer meters. Implementations must be thread-safe and cheap: the write path calls
 * them on every call.
 */
public interface MetricsRecorder {
    MetricsRecorder NONE = name -> Meters.NONE;

    /** The meters of one migration; called once per migration, the result kept. */
    Meters migration(String name);

    /** The meters of one migration. */
    interface Meters {
        Meters NONE = new Meters() {
        };

        /** A call to {@code write} under {@code phase}. */
        default void write(Phase phase) {
        }

        /** A store write that failed. */
        default void writeFailure(Phase phase, StoreRole store) {
        }

        /** Time one store took for a read or a write. */
        default void latency(Phase phase, StoreRole store, long nanos) {
        }

        /** A shadow comparison's outcome. */
        default void shadow(Phase phase, ShadowOutcome outcome) {
        }

        /** The repair journal's depth, as last seen. */
        default void journalDepth(long depth) {
        }

        /** A backfill chunk copied: its rows, and whether it met target rows and was merged. */
        default void backfillChunk(long rows, boolean merged) {
        }

        /** Source rows a verification compared (one key span). */
        default void verifyRows(long rows) {
        }

        /** A persistent difference a verification found ({@code kind}: missing_in_target, extra_in_target, differing_columns), and whether it was repaired. */
        default void verifyDifference(String kind, boolean repaired) {
        }
    }
}
