package io.decant.internal.backup;

import com.github.luben.zstd.ZstdInputStream;
import io.decant.DecantException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/**
 * Reads a backup file and proves it intact before anyone uses it: {@link #open} checks the file
 * against its manifest (size, SHA-256), then decodes every row and checks the trailer's row count
 * and digest against the manifest and against the digest recomputed from the decoded rows. Only
 * then are the rows handed out through {@link #rows()}, which checks the trailer again at the end.
 * Every problem is a FAILURE naming the file and what is wrong with it.
 */
final class BackupReader {
    private final Path file;
    private final Manifest manifest;
    private final BackupHeader header;

    private BackupReader(Path file, Manifest manifest, BackupHeader header) {
        this.file = file;
        this.manifest = manifest;
        this.header = header;
    }

    /** Opens and fully verifies a backup; {@code progress} receives rows checked so far. */
    static BackupReader open(Path file, LongConsumer progress) {
        Manifest manifest = Manifest.read(BackupFormat.manifestPath(file));
        checkChecksum(file, manifest);
        BackupHeader header;
        try (Rows rows = new Rows(file, manifest)) {
            header = rows.header();
            long n = 0;
            while (rows.next() != null) {
                if (++n % 10_000 == 0) {
                    progress.accept(n);
                }
            }
            progress.accept(n);
        }
        if (!header.migration().equals(manifest.migration()) || !header.table().equals(manifest.table())
                || !header.store().equals(manifest.store())) {
            throw new BackupFormat.CorruptException("backup " + file + " and its manifest describe different tables ("
                    + header.store() + "." + header.table() + " vs " + manifest.store() + "." + manifest.table() + ")");
        }
        return new BackupReader(file, manifest, header);
    }

    Path file() {
        return file;
    }

    Manifest manifest() {
        return manifest;
    }

    BackupHeader header() {
        return header;
    }

    /** Refuses a backup of another migration, store or table (a foreign file). */
    void requireSource(String migration, String store, String table) {
        if (!header.migration().equals(migration) || !header.store().equals(store) || !header.table().equals(table)) {
            throw new BackupFormat.CorruptException("backup " + file + " holds " + header.store() + "." + header.table()
                    + " of migration '" + header.migration() + "', not " + store + "." + table + " of migration '"
                    + migration + "'; pass the backup written by 'decant backup " + migration + "'");
        }
    }

    /** A fresh pass over the rows, in key order. */
    Rows rows() {
        return new Rows(file, manifest);
    }

    private static void checkChecksum(Path file, Manifest manifest) {
        MessageDigest sha = RowDigest.newSha256();
        long size = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
                size += n;
            }
        } catch (NoSuchFileException e) {
            throw new BackupFormat.CorruptException("backup file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new BackupFormat.CorruptException("cannot read backup file " + file + ": " + e.getMessage(), e);
        }
        if (size != manifest.fileBytes()) {
            throw new BackupFormat.CorruptException("backup file " + file + " is " + size + " bytes but its manifest says "
                    + manifest.fileBytes() + (size < manifest.fileBytes() ? "; the file is truncated" : "; the file was modified"));
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(manifest.fileSha256())) {
            throw new BackupFormat.CorruptException("backup file " + file + " is corrupt: its SHA-256 is " + actual
                    + " but the manifest says " + manifest.fileSha256());
        }
    }

    /** One decoding pass over a backup file. */
    static final class Rows implements AutoCloseable {
        private final Path file;
        private final Manifest manifest;
        private final DataInputStream in;
        private final BackupHeader header;
        private final RowCodec codec;
        private final RowDigest digest;
        private boolean ended;

        Rows(Path file, Manifest manifest) {
            this.file = file;
            this.manifest = manifest;
            ZstdLibrary.require();
            try {
                InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                DataInputStream plain = new DataInputStream(raw);
                byte[] magic = new byte[BackupFormat.MAGIC.length];
                plain.readFully(magic);
                if (!Arrays.equals(magic, BackupFormat.MAGIC)) {
                    raw.close();
                    throw new BackupFormat.CorruptException(file + " is not a Decant backup file (wrong magic)");
                }
                int version = plain.readInt();
                if (version != BackupFormat.VERSION) {
                    raw.close();
                    throw new BackupFormat.CorruptException("backup file " + file + " has format version " + version
                            + "; this Decant reads version " + BackupFormat.VERSION);
                }
                in = new DataInputStream(new BufferedInputStream(new ZstdInputStream(raw), 1 << 16));
                int length = in.readInt();
                if (length <= 0 || length > BackupFormat.MAX_HEADER_BYTES) {
                    throw new BackupFormat.CorruptException("backup file " + file + " has an impossible header length " + length);
                }
                byte[] json = new byte[length];
                in.readFully(json);
                header = BackupFormat.JSON.readValue(json, BackupHeader.class);
                codec = header.codec();
                digest = new RowDigest(codec);
            } catch (DecantException e) {
                throw e;
            } catch (IOException e) {
                throw problem(e);
            }
        }

        BackupHeader header() {
            return header;
        }

        /** The next row, or null after the last one (the trailer was checked). */
        Object[] next() {
            if (ended) {
                return null;
            }
            try {
                int marker = in.readUnsignedByte();
                if (marker == BackupFormat.ROW) {
                    Object[] row = codec.read(in);
                    digest.add(row);
                    return row;
                }
                if (marker != BackupFormat.END_OF_ROWS) {
                    throw new BackupFormat.CorruptException("backup file " + file + " is corrupt: unexpected marker "
                            + marker + " after row " + digest.rows());
                }
                readTrailer();
                ended = true;
                return null;
            } catch (DecantException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw problem(e);
            }
        }

        long rowsRead() {
            return digest.rows();
        }

        private void readTrailer() throws IOException {
            long count = in.readLong();
            int n = in.readInt();
            if (n != 32) {
                throw new BackupFormat.CorruptException("backup file " + file + " has a corrupt trailer");
            }
            byte[] raw = new byte[n];
            in.readFully(raw);
            byte[] end = new byte[BackupFormat.END_MAGIC.length];
            in.readFully(end);
            if (!Arrays.equals(end, BackupFormat.END_MAGIC) || in.read() != -1) {
                throw new BackupFormat.CorruptException("backup file " + file + " has a corrupt end");
            }
            String trailerDigest = HexFormat.of().formatHex(raw);
            String computed = digest.finish();
            if (count != digest.rows() || count != manifest.rowCount()) {
                throw new BackupFormat.CorruptException("backup file " + file + " holds " + digest.rows()
                        + " rows; its trailer says " + count + " and its manifest " + manifest.rowCount());
            }
            if (!computed.equals(trailerDigest) || !computed.equals(manifest.rowDigest())) {
                throw new BackupFormat.CorruptException("backup file " + file + ": the row digest of its rows (" + computed
                        + ") does not match its trailer (" + trailerDigest + ") and manifest (" + manifest.rowDigest() + ")");
            }
        }

        private BackupFormat.CorruptException problem(Exception e) {
            if (e instanceof EOFException) {
                return new BackupFormat.CorruptException("backup file " + file + " is truncated (ends inside the data)", e);
            }
            return new BackupFormat.CorruptException("backup file " + file + " is corrupt: " + e.getMessage(), e);
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
    }
}
