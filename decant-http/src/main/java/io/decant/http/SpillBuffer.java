package io.decant.http;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bytes kept in memory up to {@value #IN_MEMORY} bytes, then in a temporary file (owner-only,
 * deleted by {@link #delete()}), readable again for each attempt of a request.
 */
final class SpillBuffer extends OutputStream {
    static final int IN_MEMORY = 8 << 20;
    private ByteArrayOutputStream memory = new ByteArrayOutputStream(64 << 10);
    private Path file;
    private OutputStream out;
    private long size;

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (out == null && memory.size() + len > IN_MEMORY) {
            file = Files.createTempFile("decant-chunk-", ".ndjson");
            out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            memory.writeTo(out);
            memory = null;
        }
        if (out != null) {
            out.write(b, off, len);
        } else {
            memory.write(b, off, len);
        }
        size += len;
    }

    /** Ends writing; the bytes can be read from now on. */
    void finish() throws IOException {
        if (out != null) {
            out.close();
        }
    }

    long size() {
        return size;
    }

    /** A request body of the bytes, made afresh for each attempt. */
    HttpRequest.BodyPublisher publisher() {
        if (file == null) {
            return HttpRequest.BodyPublishers.ofByteArray(memory.toByteArray());
        }
        try {
            return HttpRequest.BodyPublishers.ofFile(file);
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops the bytes (and the file). */
    void delete() {
        try {
            if (out != null) {
                out.close();
            }
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // a temporary file the system cleans up
        }
        memory = null;
    }

    @Override
    public void close() {
        // the generator closing its target must not drop the bytes: delete() does
    }
}
