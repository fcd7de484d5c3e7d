package io.decant.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 in front of a database server, that a test can cut: {@link #cut()}
 * drops every open connection and refuses new ones (connections are reset at once), until
 * {@link #restore()}. Everything between Decant (library and engines) and the target goes
 * through it, so a cut looks to them exactly like the target's network going away. It can also
 * stall the network without closing anything ({@link #hang()}: bytes in either direction are held,
 * and delivered at {@link #restore()}), or slow it down ({@link #slow}: each chunk forwarded late).
 */
final class TcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean cut;
    private volatile boolean closed;
    private final Object flow = new Object();
    private boolean hung; // guarded by flow
    private volatile long delayMillis;
    private final java.util.concurrent.atomic.AtomicLong heldBytes = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong delayedChunks = new java.util.concurrent.atomic.AtomicLong();
    private final Thread acceptor;

    TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Drops every connection and refuses new ones until {@link #restore()}. */
    void cut() {
        cut = true;
        synchronized (flow) {
            flow.notifyAll(); // held bytes are dropped with their connections
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    /** Stalls every connection, open and new, without closing any: bytes are held until {@link #restore()}. */
    void hang() {
        synchronized (flow) {
            hung = true;
        }
    }

    /** Forwards each chunk {@code millis} late until {@link #restore()}. */
    void slow(long millis) {
        delayMillis = millis;
    }

    /** Ends a cut, a hang (the held bytes go on) and a slow-down. */
    void restore() {
        cut = false;
        delayMillis = 0;
        synchronized (flow) {
            hung = false;
            flow.notifyAll();
        }
    }

    /** Bytes that a hang held back so far. */
    long heldBytes() {
        return heldBytes.get();
    }

    /** Chunks forwarded late so far. */
    long delayedChunks() {
        return delayedChunks.get();
    }

    /** Holds a chunk of {@code n} bytes while the proxy hangs, and delays it while it is slow; false when cut meanwhile. */
    private boolean awaitFlowing(int n) throws InterruptedException {
        synchronized (flow) {
            if (hung && !cut && !closed) {
                heldBytes.addAndGet(n);
                while (hung && !cut && !closed) {
                    flow.wait();
                }
            }
        }
        long d = delayMillis;
        if (d > 0) {
            delayedChunks.incrementAndGet();
            Thread.sleep(d);
        }
        return !cut;
    }

    boolean isCut() {
        return cut;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (cut) {
                reset(client);
                continue;
            }
            try {
                Socket upstream = new Socket(targetHost, targetPort);
                upstream.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
                open.add(client);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                reset(client);
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (cut || !awaitFlowing(n)) {
                        break;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // one side closed or was cut
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // closing anyway
        }
        closeQuietly(s);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        cut();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
