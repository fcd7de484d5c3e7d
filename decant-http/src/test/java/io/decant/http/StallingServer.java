package io.decant.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain socket server speaking just enough HTTP/1.1 to start a reply and then stop sending: the
 * status line, the headers and the first bytes of the body go out, then nothing more (the
 * connection stays open, as with a hung service or a network that holds the bytes) until the
 * server is closed. Every request is answered the same way.
 */
final class StallingServer implements AutoCloseable {
    private final ServerSocket socket;
    private final String head;
    private final byte[] firstBytes;
    private final CountDownLatch released = new CountDownLatch(1);
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final Thread acceptor;

    /**
     * @param head       the status line and headers, each ending with CRLF (the blank line is added)
     * @param firstBytes what of the body is sent before the stall
     */
    StallingServer(String head, String firstBytes) throws IOException {
        this.socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        this.head = head;
        this.firstBytes = firstBytes.getBytes(StandardCharsets.UTF_8);
        this.acceptor = new Thread(this::accept, "stalling-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A streamed reply (chunked, as decant-service sends its streams) whose first chunk holds {@code lines}. */
    static StallingServer stream(String lines) throws IOException {
        String chunk = Integer.toHexString(lines.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + lines + "\r\n";
        return new StallingServer("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n", chunk);
    }

    /** A JSON reply announcing {@code length} bytes, of which only {@code first} arrive. */
    static StallingServer json(int length, String first) throws IOException {
        return new StallingServer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n", first);
    }

    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    /** Requests received so far. */
    int requests() {
        return requests.get();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket c = socket.accept();
                connections.add(c);
                Thread t = new Thread(() -> serve(c), "stalling-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket c) {
        try (c) {
            InputStream in = new BufferedInputStream(c.getInputStream());
            int length = readHead(in);
            in.readNBytes(length);
            requests.incrementAndGet();
            OutputStream out = c.getOutputStream();
            out.write((head + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(firstBytes);
            out.flush();
            released.await(); // and nothing more
        } catch (IOException | InterruptedException e) {
            // the client went away, or the server closes
        }
    }

    /** Reads a request's head; returns its Content-Length. */
    private static int readHead(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int length = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the client closed the connection");
            }
            if (b == '\n') {
                String l = line.toString().trim();
                if (l.isEmpty()) {
                    return length;
                }
                if (l.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(l.substring("content-length:".length()).trim());
                }
                line.setLength(0);
            } else {
                line.append((char) b);
            }
        }
    }

    @Override
    public void close() throws IOException {
        released.countDown();
        socket.close();
        for (Socket c : connections) {
            c.close();
        }
    }
}
