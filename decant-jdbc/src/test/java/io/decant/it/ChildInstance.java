package io.decant.it;

import io.decant.Phase;
import io.decant.config.DecantConfig;
import io.decant.config.InstanceSettings;
import io.decant.it.TwoStores.Order;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The test's side of a {@link LibraryChild}: starts it as a separate JVM with this test's classpath,
 * sends it commands, waits for its replies, and signals it (SIGSTOP, SIGCONT, SIGKILL). Closing it
 * kills the process and reaps it, whatever state it is in (also a stopped one): use it in
 * try-with-resources so a failing test leaves no process behind.
 */
public final class ChildInstance implements AutoCloseable {
    public static final Duration REPLY_WAIT = Duration.ofSeconds(30);
    /** Children not yet reaped: killed when the test JVM exits, should a test leave one behind (a stopped one too). */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "kill-library-children"));
    }
    /** Short instance settings: a heartbeat every 300ms, a phase poll every 200ms, dead after 3s. */
    static final InstanceSettings FAST = new InstanceSettings(Duration.ofMillis(300), Duration.ofMillis(200), Duration.ofSeconds(3));
    /**
     * The same with a heartbeat every second: a test that kills or freezes a NEW_ONLY instance right
     * after a write does so long before its next heartbeat would flush the key, every time.
     */
    static final InstanceSettings SLOW_HEARTBEAT = new InstanceSettings(Duration.ofSeconds(1), Duration.ofMillis(200),
            Duration.ofSeconds(3));

    private final Process process;
    private final Path log;
    private final Thread reader;
    private final List<String> lines = new ArrayList<>(); // replies not yet taken, guarded by itself
    private final List<String> transcript = new ArrayList<>(); // everything, for failure messages
    private final OutputStream stdin;
    public final String instanceId;
    public final Phase startPhase;
    public final long startVersion;

    private ChildInstance(Process process, Path log, String instanceId) {
        this.process = process;
        this.log = log;
        this.instanceId = instanceId;
        this.stdin = process.getOutputStream();
        this.reader = new Thread(this::readReplies, "child-replies-" + instanceId);
        this.reader.setDaemon(true);
        this.reader.start();
        String ready;
        try {
            ready = await(l -> l.startsWith("ready "), Duration.ofSeconds(60));
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        String[] w = ready.split(" ");
        this.startPhase = Phase.valueOf(w[2]);
        this.startVersion = Long.parseLong(w[3]);
    }

    /**
     * Writes {@code config} as {@code dir/<instanceId>.yaml} and starts a child on it; returns once
     * the child's library instance is open and registered (it printed {@code ready}).
     */
    static ChildInstance start(DecantConfig config, String instanceId, Path dir) {
        LibraryChild.writeDatabasesBehind(config, dir.resolve(instanceId + LibraryChild.DATABASES_BEHIND));
        return start(DecantYaml.write(config, dir.resolve(instanceId + ".yaml"), 3), instanceId, dir, LibraryChild.class);
    }

    /**
     * Starts {@code main} (a {@link LibraryChild}, or a main of another schema that runs
     * {@link LibraryChild#serve}) on the {@code decant.yaml} {@code yaml}, as instance {@code instanceId},
     * its log in {@code dir}; returns once it printed {@code ready}.
     */
    public static ChildInstance start(Path yaml, String instanceId, Path dir, Class<?> main) {
        Path log = dir.resolve(instanceId + ".err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long t0 = System.nanoTime();
        try {
            Process p = new ProcessBuilder(java, "-Xmx160m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), main.getName(), yaml.toString(), instanceId)
                    .redirectError(log.toFile()).start();
            LIVE.add(p);
            ChildInstance child = new ChildInstance(p, log, instanceId);
            System.out.printf("child %s (pid %d) ready in %d ms, acting on %s%n", instanceId, p.pid(),
                    (System.nanoTime() - t0) / 1_000_000, child.startPhase);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("starting the child " + instanceId, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    private void readReplies() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                synchronized (lines) {
                    lines.add(l);
                    transcript.add(l);
                    lines.notifyAll();
                }
            }
        } catch (IOException ignored) {
            // the process is gone
        }
    }

    /** Sends command lines (all in one write, so the child reads them back to back). */
    public void send(String... commands) {
        try {
            stdin.write((String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("sending " + String.join(", ", commands) + " to the child " + instanceId, e);
        }
    }

    /** Takes the first reply that matches (older unmatched replies stay for later); fails after {@code wait}. */
    public String await(Predicate<String> reply, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (lines) {
            for (;;) {
                for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                    String l = it.next();
                    if (reply.test(l)) {
                        it.remove();
                        return l;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("child " + instanceId + " (pid " + pid() + ", " + (process.isAlive() ? "alive" : "exited "
                            + process.exitValue()) + ") gave no expected reply in " + wait.toMillis() + " ms; its output: "
                            + transcript + "; its log:\n" + logTail());
                }
                try {
                    lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for the child", e);
                }
            }
        }
    }

    /** The reply to the call of key {@code id}: {@code ok <id>} or {@code failed <id> <message>}. */
    public String result(long id) {
        return await(l -> l.equals("ok " + id) || l.startsWith("failed " + id + " "), REPLY_WAIT);
    }

    /** Upserts the order through the child's library instance; returns its reply. */
    String write(Order o) {
        send(writeCommand(o));
        return result(o.id());
    }

    String delete(long id) {
        send("delete " + id);
        return result(id);
    }

    static String writeCommand(Order o) {
        return "write " + o.id() + " " + o.customer() + " " + o.totalCents() + " " + o.status();
    }

    /** Waits for the line the child prints when a held call got to its hold ({@code between} or {@code holding}). */
    public void awaitHold(String word, long id) {
        await(l -> l.equals(word + " " + id), REPLY_WAIT);
    }

    /**
     * Waits until the child's registry row acknowledges {@code version} or later; returns whether it
     * did within {@code wait}.
     */
    boolean awaitAck(TwoStores fx, long version, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        for (;;) {
            boolean acked = fx.control().instances().list(TwoStores.MIGRATION).stream()
                    .anyMatch(i -> i.instanceId().equals(instanceId) && i.ackedVersion() >= version);
            if (acked) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            TwoStores.sleep(20);
        }
    }

    /** SIGSTOP, and waits until the kernel shows the process stopped. */
    public void freeze() {
        signal("STOP");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!"T".equals(state())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("child " + instanceId + " did not stop after SIGSTOP (state " + state() + ")");
            }
            Thread.onSpinWait();
        }
    }

    /** SIGCONT. */
    public void thaw() {
        signal("CONT");
    }

    /** SIGKILL at once (sent directly by the JVM, without starting a kill process), then reaps it. */
    public void kill() {
        process.destroyForcibly();
        reap();
    }

    private void reap() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("child " + instanceId + " (pid " + pid() + ") did not end within 30 s of SIGKILL");
            }
            LIVE.remove(process);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The process state letter from /proc (R, S, T, Z…), or "gone". */
    private String state() {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (IOException e) {
            return "gone";
        }
    }

    private void signal(String sig) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(pid())).redirectErrorStream(true).start();
            String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (kill.waitFor() != 0) {
                throw new AssertionError("kill -" + sig + " " + pid() + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("kill -" + sig + " " + pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The last lines of the child's stderr (its log). */
    public String logTail() {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Kills (SIGKILL works on a stopped process too) and reaps the child. */
    @Override
    public void close() {
        process.destroyForcibly();
        reap();
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the pipe is gone with the process
        }
    }
}
