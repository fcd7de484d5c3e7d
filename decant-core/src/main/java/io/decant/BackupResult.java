package io.decant;

import java.nio.file.Path;

/**
 * What {@code backup} wrote.
 *
 * @param file         the backup file
 * @param manifest     its manifest, {@code FILE.manifest.json}
 * @param rows         rows written
 * @param bytes        the file's size (compressed)
 * @param fileSha256   SHA-256 of the file (hex)
 * @param rowDigest    SHA-256 over the rows' canonical encoding in key order (hex)
 * @param phaseVersion the migration's phase version at backup time
 * @param millis       how long it took
 */
public record BackupResult(Path file, Path manifest, long rows, long bytes, String fileSha256, String rowDigest,
                           long phaseVersion, long millis) {
}
