package io.decant.internal.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.decant.DecantException;
import io.decant.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The backup file format, version 1. A file is:
 * <pre>
 *   "DECANTBK"  int32 format version                    (plain, so `head -c 12` identifies it)
 *   zstd frame:
 *     int32 length, header JSON (UTF-8)                 ({@link BackupHeader}: source, columns, key, …)
 *     per row: byte 1, the row's canonical encoding     ({@link RowCodec}), in key order
 *     byte 0
 *     int64 row count, int32 32, SHA-256 row digest     ({@link RowDigest})
 *     "DECANTND"
 * </pre>
 * All integers are big-endian. Beside it, {@code FILE.manifest.json} ({@link Manifest}) holds the
 * file's SHA-256, the row count and the row digest.
 */
final class BackupFormat {
    static final byte[] MAGIC = "DECANTBK".getBytes(StandardCharsets.US_ASCII);
    static final byte[] END_MAGIC = "DECANTND".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int ROW = 1;
    static final int END_OF_ROWS = 0;
    static final int MAX_HEADER_BYTES = 16 << 20;
    static final int ZSTD_LEVEL = 3;
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BackupFormat() {
    }

    /** The manifest that belongs to a backup file: {@code FILE.manifest.json} beside it. */
    static Path manifestPath(Path backup) {
        return backup.resolveSibling(backup.getFileName() + ".manifest.json");
    }

    /** A backup file or manifest that cannot be trusted: truncated, corrupt, foreign, missing. */
    static final class CorruptException extends DecantException {
        CorruptException(String message) {
            super(ErrorCode.FAILURE, message);
        }

        CorruptException(String message, Throwable cause) {
            super(ErrorCode.FAILURE, message, cause);
        }
    }
}
