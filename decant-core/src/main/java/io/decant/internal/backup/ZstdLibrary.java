package io.decant.internal.backup;

import com.github.luben.zstd.util.Native;
import io.decant.DecantException;

/**
 * zstd's native library, loaded before a backup file is created or opened: it is unpacked into
 * {@code java.io.tmpdir} on first use, and when that fails (the directory is missing or not
 * writable) the JVM throws an Error that would otherwise escape as a stack trace and leave an
 * empty backup file behind.
 */
final class ZstdLibrary {
    private ZstdLibrary() {
    }

    static void require() {
        try {
            Native.load();
        } catch (NoClassDefFoundError e) {
            throw DecantException.failure("backups need the zstd compression library on the class path: add"
                    + " com.github.luben:zstd-jni to the application (the CLI brings it)", e);
        } catch (LinkageError | RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String tmp = System.getProperty("java.io.tmpdir");
            throw DecantException.failure("the zstd compression library cannot be loaded ("
                    + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage())
                    + "); it is unpacked into the temporary directory " + tmp
                    + ", which must exist and be writable (set TMPDIR or -Djava.io.tmpdir)", e);
        }
    }
}
