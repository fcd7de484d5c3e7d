package io.decant.config;

import io.decant.DecantException;
import java.time.Duration;

/**
 * How library instances take part in the phase barrier.
 *
 * @param heartbeat  how often an instance reports that it is alive and which phase version it acts on
 * @param phasePoll  how often an instance reads the phase from the control store
 * @param deadAfter  an instance with no heartbeat for this long is dead: listed, not waited for
 */
public record InstanceSettings(Duration heartbeat, Duration phasePoll, Duration deadAfter) {
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_PHASE_POLL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_DEAD_AFTER = Duration.ofSeconds(15);

    public InstanceSettings {
        for (var e : new Object[][] {{"instances.heartbeat", heartbeat}, {"instances.phase-poll", phasePoll},
                {"instances.dead-after", deadAfter}}) {
            Duration d = (Duration) e[1];
            if (d == null || d.isNegative() || d.isZero()) {
                throw DecantException.badConfig(e[0] + ": must be a positive duration");
            }
        }
        if (deadAfter.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw DecantException.badConfig("instances.dead-after: " + Durations.format(deadAfter)
                    + " must be at least twice instances.heartbeat (" + Durations.format(heartbeat) + ")");
        }
    }

    public static InstanceSettings defaults() {
        return new InstanceSettings(DEFAULT_HEARTBEAT, DEFAULT_PHASE_POLL, DEFAULT_DEAD_AFTER);
    }
}
