package io.decant.demo.bench;

import io.decant.DecantException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network round trip between the benchmark's callers and its local database servers
 * ({@code --netem-delay}): each server's port is reached through a route that delays every packet
 * or segment by half the round trip each way. First choice: a network namespace of the benchmark's
 * own with a veth pair whose ends both run {@code tc netem} ({@link NetemNamespace}); where that
 * cannot be set up (no {@code ip}, {@code tc}, {@code socat} or {@code nsenter}, not root, or a
 * kernel without the netem qdisc) the benchmark says why and falls back to a delaying TCP forwarder
 * on loopback in this process ({@link DelayingForwarder}). Only servers on loopback are routed.
 */
interface NetworkDelay extends AutoCloseable {
    Pattern LOCAL = Pattern.compile("^(jdbc:[a-z]+://)(127\\.0\\.0\\.1|localhost)(?::(\\d+))?(/.*)?$");
    Pattern DELAY = Pattern.compile("(\\d+)(us|ms)");

    /** The same server reached through the delay: the URL with its host and port replaced. */
    String route(String url);

    /** How the delay is made, for the report. */
    String describe();

    @Override
    void close();

    /** {@code 1ms}, {@code 500us}: the round trip to add; bad usage (exit 2) otherwise or above 1 s. */
    static Duration parse(String text) {
        Matcher m = DELAY.matcher(text.trim());
        if (!m.matches()) {
            throw DecantException.badConfig("--netem-delay: '" + text + "' is not a delay; write it like 1ms or 500us");
        }
        long micros = Long.parseLong(m.group(1)) * (m.group(2).equals("ms") ? 1000 : 1);
        if (micros < 2 || micros > 1_000_000) {
            throw DecantException.badConfig("--netem-delay: " + text + " is out of range; give 2us to 1000ms");
        }
        return Duration.ofNanos(micros * 1000);
    }

    /** The port of a local server's URL (its engine's default when none is written); bad usage for a remote server. */
    static int port(String url) {
        Matcher m = LOCAL.matcher(url);
        if (!m.matches()) {
            throw DecantException.badConfig("--netem-delay routes only servers on this machine (127.0.0.1 or localhost);"
                    + " " + BenchServers.redact(url) + " is not one");
        }
        return m.group(3) != null ? Integer.parseInt(m.group(3)) : url.startsWith("jdbc:postgresql:") ? 5432 : 3306;
    }

    /** {@code url} with its host and port replaced by {@code host:port}. */
    static String rewrite(String url, String host, int port) {
        Matcher m = LOCAL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException(url);
        }
        return m.group(1) + host + ":" + port + (m.group(4) == null ? "" : m.group(4));
    }

    /**
     * Sets up the delay of {@code roundTrip} in front of the servers of {@code urls}: netem in a namespace
     * where it can, else a delaying forwarder; says on {@code out} which, and why.
     */
    static NetworkDelay open(Duration roundTrip, List<String> urls, PrintWriter out) {
        Set<Integer> ports = new LinkedHashSet<>();
        urls.forEach(u -> ports.add(port(u)));
        try {
            return NetemNamespace.open(roundTrip, ports);
        } catch (NetemNamespace.Unavailable e) {
            out.println("bench: tc netem in a network namespace is not available here (" + e.getMessage() + "); the delay is"
                    + " made by a delaying TCP forwarder on loopback in this process instead");
            out.flush();
            return DelayingForwarder.open(roundTrip, ports);
        }
    }
}
