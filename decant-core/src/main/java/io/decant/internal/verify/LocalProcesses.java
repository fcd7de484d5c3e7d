package io.decant.internal.verify;

import java.net.InetAddress;
import java.util.UUID;

/**
 * Who holds a lease: {@code host:pid:id}. A process on this host that died (kill -9, a crash)
 * leaves its spans leased until the lease runs out; its pid tells that it is gone, so its spans can
 * be taken over at once.
 */
final class LocalProcesses {
    private static final String HOST = hostName();

    private LocalProcesses() {
    }

    /** A new owner name for this process. */
    static String owner() {
        return HOST + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Whether {@code owner} names a process on this host that is no longer running. */
    static boolean gone(String owner) {
        if (owner == null || !owner.startsWith(HOST + ":")) {
            return false;
        }
        String[] parts = owner.substring(HOST.length() + 1).split(":", 2);
        long pid;
        try {
            pid = Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            return false;
        }
        return pid != ProcessHandle.current().pid() && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown-host";
        }
    }
}
