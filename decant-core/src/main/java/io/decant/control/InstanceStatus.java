package io.decant.control;

import io.decant.Phase;
import java.time.Duration;
import java.time.Instant;

/**
 * A library instance as the registry sees it, for one migration.
 *
 * @param instanceId     unique per process start
 * @param migration      the migration
 * @param host           host name
 * @param pid            process id
 * @param startedAt      when it registered
 * @param heartbeatAt    its last heartbeat (control store clock)
 * @param heartbeatAge   how long ago that was, by the control store's clock
 * @param ackedVersion   the phase version it acts on (0 if none yet)
 * @param ackedPhase     the phase of that version (null if none yet)
 * @param leaseAge       how long ago it last read the phase and renewed its lease, by the control store's clock
 */
public record InstanceStatus(String instanceId, String migration, String host, long pid, Instant startedAt,
                             Instant heartbeatAt, Duration heartbeatAge, long ackedVersion, Phase ackedPhase,
                             Duration leaseAge) {

    /**
     * False once the instance's lease has certainly expired: it renewed it longer than
     * {@code deadAfter} ago, and an instance stops acting on its phase (its calls fail) once its own
     * lease is older than {@code deadAfter} minus a margin. Only then may the barrier, the guards, the
     * repairer and the intent sweeper stop counting it.
     */
    public boolean isLive(Duration deadAfter) {
        return leaseAge.compareTo(deadAfter) <= 0;
    }
}
