package io.decant.internal.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The checksummed description of a backup file, kept beside it as {@code FILE.manifest.json}.
 *
 * @param format       always {@code decant-backup}
 * @param formatVersion the file format version
 * @param file         the backup file's name
 * @param fileSha256   SHA-256 of the whole backup file (hex)
 * @param fileBytes    the backup file's size
 * @param rowCount     rows in the file
 * @param rowDigest    SHA-256 over the canonical encoding of the rows in key order (hex)
 * @param migration    the migration
 * @param store        the source store
 * @param table        the source table
 * @param engine       the source engine
 * @param createdAt    when the backup started (ISO-8601)
 * @param phase        the phase at backup time
 * @param phaseVersion the phase version at backup time
 */
public record Manifest(String format, int formatVersion, String file, String fileSha256, long fileBytes, long rowCount,
                       String rowDigest, String migration, String store, String table, String engine, String createdAt,
                       String phase, long phaseVersion) {
    static final String FORMAT = "decant-backup";

    byte[] toJson() {
        try {
            return BackupFormat.JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Manifest read(Path manifest) {
        try {
            Manifest m = BackupFormat.JSON.readValue(manifest.toFile(), Manifest.class);
            if (!FORMAT.equals(m.format())) {
                throw new BackupFormat.CorruptException("manifest " + manifest + " is not a Decant backup manifest");
            }
            if (m.fileSha256() == null || m.rowDigest() == null) {
                throw new BackupFormat.CorruptException("manifest " + manifest + " lacks the file checksum or row digest");
            }
            return m;
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new BackupFormat.CorruptException("manifest " + manifest + " is missing; a backup is only trusted with"
                    + " the manifest written beside it by 'decant backup'", e);
        } catch (JsonProcessingException e) {
            throw new BackupFormat.CorruptException("manifest " + manifest + " is not valid: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BackupFormat.CorruptException("cannot read manifest " + manifest + ": " + e.getMessage(), e);
        }
    }
}
