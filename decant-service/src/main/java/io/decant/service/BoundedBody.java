package io.decant.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A request body read up to a limit; reading past it fails with {@code too_large}. */
final class BoundedBody extends FilterInputStream {
    private final long limit;
    private long read;

    BoundedBody(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n) {
        read += n;
        if (read > limit) {
            throw new ProtocolError(ProtocolError.Code.TOO_LARGE, "the request body exceeds " + limit + " bytes");
        }
    }
}
