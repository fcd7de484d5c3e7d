package io.decant.control;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The instance registry: the library instances that write a migration, their heartbeat,
 * acknowledged phase version and lease (see {@link LeaseFence}). Every method is atomic; times
 * come from the control store's clock, so instances on different hosts agree.
 */
public interface InstanceRegistry {
    /** Registers or refreshes an instance: heartbeat now, and the phase version it acts on per migration. */
    void heartbeat(InstanceInfo instance, Collection<InstanceAck> acks);

    /**
     * An instance reads the phases it acts on and renews its lease, in one transaction: every
     * registry row of the instance for {@code migrations} gets {@code lease_at} = now (control
     * store clock). A row whose lease had lapsed (renewed longer than {@code deadAfter} ago), was
     * revoked ({@link IntentLog#resolveStale}) or never had a token takes {@code proposedToken} as its new
     * token; the others keep theirs. Returns the states read and each row's token, or empty — and renews
     * nothing — when the instance is not registered for every one of them (it was forgotten, or never
     * joined): it must register again through {@link InstanceRegistry#heartbeat} before its lease counts.
     */
    Optional<LeaseGrant> renewLease(String instanceId, Collection<String> migrations, Duration deadAfter, long proposedToken);

    /** Removes an instance that is shutting down cleanly. */
    void deregister(String instanceId);

    /** Instances that registered for this migration, with their heartbeat and lease ages by the control store's clock. */
    List<InstanceStatus> list(String migration);

    /** Removes registry rows of instances whose lease is older than {@code olderThan}. Returns how many. */
    int forget(Duration olderThan);
}
