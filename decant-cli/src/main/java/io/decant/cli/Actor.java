package io.decant.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Who runs a command, as {@code user@host}; recorded in the audit log. */
public final class Actor {
    private Actor() {
    }

    public static String current() {
        return System.getProperty("user.name", "unknown") + "@" + hostname();
    }

    private static String hostname() {
        String env = System.getenv("HOSTNAME");
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return env == null || env.isBlank() ? "unknown-host" : env;
        }
    }
}
