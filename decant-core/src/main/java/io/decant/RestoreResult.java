package io.decant;

import java.nio.file.Path;

/**
 * What {@code restore} did.
 *
 * @param backup       the backup loaded
 * @param rows         rows loaded (their digest matched the backup's)
 * @param tableCreated whether the legacy table had been dropped and was created from the backup's schema
 * @param from         the phase before
 * @param to           the phase after (NEW_ONLY when the migration was RETIRED, else unchanged)
 * @param version      the phase version after
 * @param millis       how long it took
 */
public record RestoreResult(Path backup, long rows, boolean tableCreated, Phase from, Phase to, long version, long millis) {
}
