package io.decant.internal.backup;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The digest of a table's rows: SHA-256 over the canonical encoding ({@link RowCodec}) of each
 * normalized row, in key order, and the row count. Computed the same way from a database stream
 * and from a backup file, so equal digests mean equal rows in equal order. One instance per pass;
 * not thread-safe. The encoding buffer is reused: nothing is allocated per row beyond the values.
 */
final class RowDigest {
    private final RowCodec codec;
    private final MessageDigest sha256;
    private final Buffer buffer = new Buffer();
    private final DataOutputStream out = new DataOutputStream(buffer);
    private long rows;

    RowDigest(RowCodec codec) {
        this.codec = codec;
        this.sha256 = newSha256();
    }

    /** Encodes the row, adds it to the digest and returns its encoding (valid until the next call). */
    Encoded add(Object[] row) {
        buffer.reset();
        try {
            codec.write(row, out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sha256.update(buffer.bytes(), 0, buffer.size());
        rows++;
        return new Encoded(buffer.bytes(), buffer.size());
    }

    long rows() {
        return rows;
    }

    /** Finishes the digest: lowercase hex of the SHA-256. Call once. */
    String finish() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** A row's encoding: the first {@code length} bytes of {@code bytes}. */
    record Encoded(byte[] bytes, int length) {
        boolean sameAs(Encoded other) {
            return Arrays.equals(bytes, 0, length, other.bytes, 0, other.length);
        }

        Encoded copy() {
            return new Encoded(Arrays.copyOf(bytes, length), length);
        }
    }

    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(256);
        }

        byte[] bytes() {
            return buf;
        }
    }
}
