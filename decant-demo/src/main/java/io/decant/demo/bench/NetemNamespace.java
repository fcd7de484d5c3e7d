package io.decant.demo.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of this benchmark's own ({@code decant-netem-<pid>}) joined to this one by a
 * veth pair ({@code 10.213.N.1} here, {@code 10.213.N.2} there) whose two ends delay every packet by
 * half the round trip ({@code tc qdisc … netem delay}). Inside the namespace, a {@code socat} per
 * server port listens on {@code 10.213.N.2} and hands each connection to a {@code socat} that
 * {@code nsenter}s this process's network namespace and connects to the server on 127.0.0.1, so the
 * servers' configuration is untouched and they still see a loopback client. Needs root, {@code ip},
 * {@code tc}, {@code socat}, {@code nsenter} and a kernel with the netem qdisc.
 *
 * <p>Everything is removed by {@link #close()}, by a shutdown hook if the JVM is stopped first, and,
 * should this process be killed, by the next benchmark that finds the namespace of a process gone.
 */
final class NetemNamespace implements NetworkDelay {
    private static final String PREFIX = "decant-netem-";

    /** Why the namespace cannot be had here. */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    private final String name;
    private final String hostVeth;
    private final String address;
    private final Duration roundTrip;
    private final List<Process> forwarders = new ArrayList<>();
    private final List<Path> scripts = new ArrayList<>();
    private final Thread cleanup = new Thread(this::teardown, "decant-netem-cleanup");
    private boolean closed;

    private NetemNamespace(long pid, Duration roundTrip) {
        this.name = PREFIX + pid;
        this.hostVeth = "dnm" + (pid % 1_000_000) + "h";
        this.address = "10.213." + (pid % 250) + ".2";
        this.roundTrip = roundTrip;
    }

    static NetemNamespace open(Duration roundTrip, Set<Integer> ports) throws Unavailable {
        for (String tool : List.of("ip", "tc", "socat", "nsenter")) {
            if (!onPath(tool)) {
                throw new Unavailable(tool + " is not installed");
            }
        }
        removeStale();
        long pid = ProcessHandle.current().pid();
        NetemNamespace ns = new NetemNamespace(pid, roundTrip);
        Runtime.getRuntime().addShutdownHook(ns.cleanup);
        try {
            ns.setUp(pid, ports);
            return ns;
        } catch (Unavailable | RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    private void setUp(long pid, Set<Integer> ports) throws Unavailable {
        String peer = "dnm" + (pid % 1_000_000) + "n";
        String host = address.substring(0, address.length() - 1) + "1";
        String half = (roundTrip.toNanos() / 2_000) + "us";
        run("ip", "netns", "add", name);
        run("ip", "link", "add", hostVeth, "type", "veth", "peer", "name", peer);
        run("ip", "link", "set", peer, "netns", name);
        run("ip", "addr", "add", host + "/30", "dev", hostVeth);
        run("ip", "link", "set", hostVeth, "up");
        inside("ip", "addr", "add", address + "/30", "dev", peer);
        inside("ip", "link", "set", peer, "up");
        inside("ip", "link", "set", "lo", "up");
        run("tc", "qdisc", "add", "dev", hostVeth, "root", "netem", "delay", half);
        inside("tc", "qdisc", "add", "dev", peer, "root", "netem", "delay", half);
        for (int port : ports) {
            forward(pid, port);
        }
    }

    /** A socat in the namespace on {@code address:port}, each connection handed to a socat in this namespace. */
    private void forward(long pid, int port) throws Unavailable {
        try {
            Path script = Files.createTempFile(name + "-" + port, ".sh",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            scripts.add(script);
            Files.writeString(script, "#!/bin/sh\nexec nsenter --net=/proc/" + pid + "/ns/net socat STDIO TCP:127.0.0.1:" + port
                    + ",nodelay\n", StandardCharsets.UTF_8);
            Process p = new ProcessBuilder("ip", "netns", "exec", name, "socat", "TCP-LISTEN:" + port + ",bind=" + address
                    + ",fork,reuseaddr,nodelay,backlog=256", "EXEC:" + script).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            forwarders.add(p);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(address, port), 1000);
                    return;
                } catch (IOException notYet) {
                    if (!p.isAlive() || System.nanoTime() > deadline) {
                        throw new Unavailable("the forwarder for port " + port + " in the namespace did not start");
                    }
                    Thread.sleep(50);
                }
            }
        } catch (IOException e) {
            throw new Unavailable("cannot start the forwarder for port " + port + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while starting the forwarders");
        }
    }

    @Override
    public String route(String url) {
        return NetworkDelay.rewrite(url, address, NetworkDelay.port(url));
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "tc netem delay %d us on each end of a veth pair into network namespace %s"
                + " (round trip +%d us), socat forwarding to the servers on 127.0.0.1", roundTrip.toNanos() / 2_000, name,
                roundTrip.toNanos() / 1_000);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        teardown();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    /** Stops the forwarders and removes the namespace (and with it the veth pair) and the scripts. */
    private void teardown() {
        forwarders.forEach(Process::destroy);
        killInside(name);
        quietly("ip", "netns", "del", name);
        quietly("ip", "link", "del", hostVeth);
        for (Path script : scripts) {
            try {
                Files.deleteIfExists(script);
            } catch (IOException ignored) {
                // a file in the temporary directory
            }
        }
    }

    /** Namespaces of benchmarks whose process is gone (killed before it could clean up): removed. */
    private static void removeStale() {
        String list = output("ip", "netns", "list");
        for (String line : list.split("\n")) {
            String ns = line.split(" ")[0].trim();
            if (ns.startsWith(PREFIX)) {
                try {
                    long pid = Long.parseLong(ns.substring(PREFIX.length()));
                    if (ProcessHandle.of(pid).isEmpty()) {
                        killInside(ns);
                        quietly("ip", "netns", "del", ns);
                    }
                } catch (NumberFormatException notOurs) {
                    // not a name this class makes
                }
            }
        }
    }

    /** Ends the processes of the benchmark's namespace {@code ns} (its forwarders), by their ids. */
    private static void killInside(String ns) {
        for (String pid : output("ip", "netns", "pids", ns).split("\\s+")) {
            if (pid.matches("\\d+")) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroy);
            }
        }
    }

    private void inside(String... command) throws Unavailable {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", name));
        c.addAll(List.of(command));
        run(c.toArray(String[]::new));
    }

    private static void run(String... command) throws Unavailable {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                throw new Unavailable("'" + String.join(" ", command) + "' failed: " + out);
            }
        } catch (IOException e) {
            throw new Unavailable("cannot run " + command[0] + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted");
        }
    }

    private static void quietly(String... command) {
        output(command);
    }

    private static String output(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
