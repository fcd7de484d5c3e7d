package io.decant.demo.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The fallback of {@link NetworkDelay} where netem cannot be had: a TCP forwarder on 127.0.0.1 in
 * this process, one listening port per server, that holds every segment it reads for half the round
 * trip before writing it on (each direction its own reader and writer thread, so segments in flight
 * overlap as on a wire). It models latency, not bandwidth, and its threads share this process's CPU.
 */
final class DelayingForwarder implements NetworkDelay {
    private static final byte[] END = new byte[0];

    private final long halfNanos;
    private final Map<Integer, ServerSocket> listeners = new HashMap<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    private DelayingForwarder(Duration roundTrip) {
        this.halfNanos = roundTrip.toNanos() / 2;
    }

    static DelayingForwarder open(Duration roundTrip, Set<Integer> ports) {
        DelayingForwarder f = new DelayingForwarder(roundTrip);
        try {
            for (int port : ports) {
                ServerSocket server = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
                f.listeners.put(port, server);
                f.start("decant-delay-accept-" + port, () -> f.accept(server, port));
            }
            return f;
        } catch (IOException e) {
            f.close();
            throw new IllegalStateException("cannot open the delaying forwarder: " + e.getMessage(), e);
        }
    }

    @Override
    public String route(String url) {
        return NetworkDelay.rewrite(url, "127.0.0.1", listeners.get(NetworkDelay.port(url)).getLocalPort());
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "a delaying TCP forwarder on loopback in this process, %d us each way (round trip"
                + " +%d us)", halfNanos / 1000, 2 * halfNanos / 1000);
    }

    private void accept(ServerSocket server, int port) {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
                for (Socket s : List.of(client, upstream)) {
                    s.setTcpNoDelay(true);
                    sockets.add(s);
                }
                pipe(client, upstream, "up");
                pipe(upstream, client, "down");
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("bench: the delaying forwarder lost a connection: " + e.getMessage());
                }
            }
        }
    }

    /** Segments read from {@code from} are written to {@code to} half a round trip later, in order. */
    private void pipe(Socket from, Socket to, String direction) throws IOException {
        BlockingQueue<Object[]> held = new LinkedBlockingQueue<>();
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        start("decant-delay-read-" + direction, () -> {
            byte[] buf = new byte[1 << 16];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    held.add(new Object[] {System.nanoTime() + halfNanos, Arrays.copyOf(buf, n)});
                }
            } catch (IOException ended) {
                // the connection closed
            }
            held.add(new Object[] {System.nanoTime() + halfNanos, END});
        });
        start("decant-delay-write-" + direction, () -> {
            try {
                while (true) {
                    Object[] segment = held.take();
                    for (long wait; (wait = (long) segment[0] - System.nanoTime()) > 0; ) {
                        LockSupport.parkNanos(wait);
                    }
                    byte[] bytes = (byte[]) segment[1];
                    if (bytes == END) {
                        to.shutdownOutput();
                        return;
                    }
                    out.write(bytes);
                    out.flush();
                }
            } catch (IOException | InterruptedException ended) {
                // the connection or the forwarder closed
            } finally {
                closeQuietly(from);
            }
        });
    }

    private void start(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        synchronized (threads) {
            threads.add(t);
        }
        t.start();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        listeners.values().forEach(DelayingForwarder::closeQuietly);
        sockets.forEach(DelayingForwarder::closeQuietly);
        synchronized (threads) {
            threads.forEach(Thread::interrupt);
        }
    }
}
