package io.decant.cli.serve;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names a request's {@code Host} header may carry: the bound address and, for a loopback
 * bind, {@code localhost}; for a wildcard bind every address of this host and its name; plus the
 * names given with {@code --allow-host}. A web page that an attacker's DNS name points at this
 * server (DNS rebinding) sends the attacker's name as Host and is refused, so it cannot read the
 * dashboard or the API from the operator's browser.
 */
public final class AllowedHosts {
    private final Set<String> names;

    private AllowedHosts(Set<String> names) {
        this.names = Collections.unmodifiableSet(names);
    }

    /** The names for a server bound to {@code bind}, and {@code extra} names (from --allow-host). */
    public static AllowedHosts forBind(String bind, Collection<String> extra) {
        Set<String> names = new TreeSet<>();
        try {
            InetAddress address = InetAddress.getByName(bind);
            if (address.isLoopbackAddress()) {
                names.addAll(Set.of("localhost", "127.0.0.1", "::1"));
                names.add(address.getHostAddress());
            } else if (address.isAnyLocalAddress()) {
                names.addAll(Set.of("localhost", "127.0.0.1", "::1"));
                addInterfaces(names);
                addLocalHostName(names);
            } else {
                names.add(address.getHostAddress());
            }
        } catch (UnknownHostException e) {
            // the bind itself fails later with a message naming the address
        }
        names.add(bind);
        for (String n : extra) {
            names.add(n.toLowerCase(Locale.ROOT));
        }
        Set<String> normalized = new TreeSet<>();
        names.forEach(n -> normalized.add(normalize(n)));
        return new AllowedHosts(normalized);
    }

    /** Whether a {@code Host} header (null when absent) names this server. */
    public boolean accepts(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        return names.contains(normalize(hostPart(hostHeader.strip())));
    }

    public Set<String> names() {
        return names;
    }

    /** The host of {@code host[:port]} or {@code [v6][:port]}. */
    static String hostPart(String header) {
        if (header.startsWith("[")) {
            int end = header.indexOf(']');
            return end < 0 ? header : header.substring(1, end);
        }
        int colon = header.indexOf(':');
        return colon >= 0 && header.indexOf(':', colon + 1) < 0 ? header.substring(0, colon) : header;
    }

    private static String normalize(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("[") && n.endsWith("]")) {
            n = n.substring(1, n.length() - 1);
        }
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        if (n.contains(":") && n.matches("[0-9a-f:.]{2,45}")) {
            try {
                return InetAddress.getByName(n).getHostAddress(); // one spelling of an IPv6 literal
            } catch (UnknownHostException e) {
                return n;
            }
        }
        return n;
    }

    private static void addInterfaces(Set<String> names) {
        try {
            for (NetworkInterface i : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(i.getInetAddresses())) {
                    String host = a.getHostAddress();
                    int zone = host.indexOf('%');
                    names.add(zone < 0 ? host : host.substring(0, zone));
                }
            }
        } catch (SocketException e) {
            // without the interface list only the configured names are accepted
        }
    }

    private static void addLocalHostName(Set<String> names) {
        try {
            InetAddress local = InetAddress.getLocalHost();
            names.add(local.getHostName());
            names.add(local.getCanonicalHostName());
        } catch (UnknownHostException e) {
            // only the addresses and the configured names are accepted
        }
    }
}
