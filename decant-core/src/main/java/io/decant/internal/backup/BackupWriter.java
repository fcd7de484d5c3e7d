package io.decant.internal.backup;

import com.github.luben.zstd.ZstdOutputStream;
import io.decant.DecantException;
import io.decant.ErrorCode;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Writes a backup file ({@link BackupFormat}) row by row into a temporary file beside the target,
 * then, on {@link #finish()}, the trailer, an fsync, the manifest, and atomic renames into place.
 * Closing an unfinished writer deletes the temporary files: a crash or failure never leaves a
 * file under the target name.
 */
final class BackupWriter implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final BackupHeader header;
    private final MessageDigest fileSha = RowDigest.newSha256();
    private final RowDigest digest;
    private final DataOutputStream out;
    private boolean finished;

    private BackupWriter(Path target, Path temp, BackupHeader header) throws IOException {
        this.target = target;
        this.temp = temp;
        this.header = header;
        this.digest = new RowDigest(header.codec());
        OutputStream file = new BufferedOutputStream(new DigestOutputStream(
                Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), fileSha), 1 << 16);
        file.write(BackupFormat.MAGIC);
        new DataOutputStream(file).writeInt(BackupFormat.VERSION);
        ZstdOutputStream zstd = new ZstdOutputStream(file, BackupFormat.ZSTD_LEVEL);
        this.out = new DataOutputStream(new BufferedOutputStream(zstd, 1 << 16));
        byte[] json = BackupFormat.JSON.writeValueAsBytes(header);
        out.writeInt(json.length);
        out.write(json);
    }

    /** Starts a backup of {@code header}'s table into {@code target}, which must not exist yet. */
    static BackupWriter create(Path target, BackupHeader header) {
        Path absolute = target.toAbsolutePath();
        if (Files.exists(absolute) || Files.exists(BackupFormat.manifestPath(absolute))) {
            throw new DecantException(ErrorCode.BAD_CONFIG, "backup file " + target + " (or its manifest) already exists;"
                    + " choose another --out or remove the old backup first");
        }
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new DecantException(ErrorCode.BAD_CONFIG, "directory " + dir + " of backup file " + target + " does not exist");
        }
        ZstdLibrary.require();
        Path temp = dir.resolve("." + absolute.getFileName() + ".tmp-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            return new BackupWriter(absolute, temp, header);
        } catch (IOException | RuntimeException | Error e) {
            deleteQuietly(temp);
            if (e instanceof Error error && !(e instanceof LinkageError)) {
                throw error;
            }
            throw DecantException.failure("cannot write backup file " + target + ": " + e, e);
        }
    }

    void write(Object[] row) {
        RowDigest.Encoded encoded = digest.add(row);
        try {
            out.writeByte(BackupFormat.ROW);
            out.write(encoded.bytes(), 0, encoded.length());
        } catch (IOException e) {
            throw DecantException.failure("cannot write backup file " + target + ": " + e.getMessage(), e);
        }
    }

    long rows() {
        return digest.rows();
    }

    /** Writes the trailer and manifest and moves both into place. Returns the manifest. */
    Manifest finish() {
        String rowDigest = digest.finish();
        Path manifestPath = BackupFormat.manifestPath(target);
        Path manifestTemp = temp.resolveSibling(temp.getFileName() + ".manifest");
        try {
            out.writeByte(BackupFormat.END_OF_ROWS);
            out.writeLong(digest.rows());
            byte[] raw = HexFormat.of().parseHex(rowDigest);
            out.writeInt(raw.length);
            out.write(raw);
            out.write(BackupFormat.END_MAGIC);
            out.close();
            sync(temp);
            Manifest manifest = new Manifest(Manifest.FORMAT, BackupFormat.VERSION, target.getFileName().toString(),
                    HexFormat.of().formatHex(fileSha.digest()), Files.size(temp), digest.rows(), rowDigest,
                    header.migration(), header.store(), header.table(), header.engine(), header.createdAt(),
                    header.phase(), header.phaseVersion());
            Files.write(manifestTemp, manifest.toJson(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            sync(manifestTemp);
            move(temp, target);
            move(manifestTemp, manifestPath);
            sync(target.getParent());
            finished = true;
            return manifest;
        } catch (IOException e) {
            throw DecantException.failure("cannot finish backup file " + target + ": " + e.getMessage(), e);
        } finally {
            if (!finished) {
                deleteQuietly(manifestTemp);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void sync(Path path) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // directories cannot be opened for sync on every platform; the rename is still atomic
        }
    }

    @Override
    public void close() {
        if (!finished) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the temporary file is deleted below
            }
            deleteQuietly(temp);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover temporary file has a hidden name and is never read as a backup
        }
    }
}
