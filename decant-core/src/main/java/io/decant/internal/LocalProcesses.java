package io.decant.internal;

import java.net.InetAddress;
import java.util.UUID;

/**
 * Who holds a lease: {@code host:pid:id}. A process on this host that died (kill -9, a crash)
 * leaves its chunks or spans leased until the lease runs out; its pid tells that it is gone, so
 * they can be taken over at once. Used by the backfill and the verification alike.
 */
public final class LocalProcesses {
    private static final String HOST = hostName();

    private LocalProcesses() {
    }

    /** A new owner name for this process. */
    public static String owner() {
        return HOST + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Whether {@code owner} names a process on this host that is no longer running. */
    public static boolean gone(String owner) {
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
