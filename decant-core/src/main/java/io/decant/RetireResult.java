package io.decant;

import java.nio.file.Path;

/**
 * What {@code retire} did.
 *
 * @param backup       the verified backup the legacy rows were checked against
 * @param fileSha256   the backup file's SHA-256
 * @param rowsDeleted  legacy rows deleted by this run
 * @param resumed      whether this run finished an interrupted retire with the same backup
 * @param dropped      whether the legacy table was dropped
 * @param version      the phase version of RETIRED
 * @param millis       how long it took
 */
public record RetireResult(Path backup, String fileSha256, long rowsDeleted, boolean resumed, boolean dropped,
                           long version, long millis) {
}
