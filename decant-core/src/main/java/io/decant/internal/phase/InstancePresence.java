package io.decant.internal.phase;

import io.decant.config.InstanceSettings;
import io.decant.control.ControlStore;
import io.decant.control.InstanceAck;
import io.decant.control.InstanceInfo;
import io.decant.control.LeaseGrant;
import io.decant.control.MigrationState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process as an instance in the phase barrier: a watcher polls each migration's phase every
 * {@code instances.phase-poll} — renewing the instance's {@link Lease} in the same control-store
 * transaction — and moves its {@link EpochTracker} on; a heartbeat every {@code instances.heartbeat}
 * reports, per migration, the version it may acknowledge (every call of an older version finished),
 * after the participant flushed what its calls left to write.
 */
public final class InstancePresence implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InstancePresence.class);

    /** A migration taking part: its epochs, and what to flush before acknowledging. */
    public interface Participant {
        String migration();

        EpochTracker epochs();

        /** Writes what the calls counted so far left behind (deferred keys, shadow counts). */
        void flush();
    }

    private final ControlStore control;
    private final InstanceInfo me;
    private final Lease lease;
    private final List<Participant> participants = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timers;
    private volatile boolean paused;

    private final java.time.Duration deadAfter;

    public InstancePresence(ControlStore control, InstanceInfo me, InstanceSettings settings) {
        this.control = control;
        this.me = me;
        this.lease = new Lease(settings.deadAfter(), me.instanceId());
        this.deadAfter = settings.deadAfter();
        this.timers = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "decant-instance");
            t.setDaemon(true);
            return t;
        });
        long poll = settings.phasePoll().toMillis();
        long beat = settings.heartbeat().toMillis();
        timers.scheduleWithFixedDelay(this::pollQuietly, poll, poll, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::heartbeatQuietly, beat, beat, TimeUnit.MILLISECONDS);
    }

    public InstanceInfo instance() {
        return me;
    }

    /** The lease every call of this instance checks. */
    public Lease lease() {
        return lease;
    }

    /** Adds a migration, reports it and reads the phases (renewing the lease) at once. */
    public synchronized void join(Participant p) {
        participants.add(p);
        heartbeat();
        poll();
    }

    /**
     * Reads every migration's phase now and renews the lease (one control-store transaction); returns
     * true when a phase changed. When the registry no longer holds this instance (it was counted as
     * gone and forgotten), it registers again and renews nothing: the next poll does.
     */
    public synchronized boolean poll() {
        List<String> names = participants.stream().map(Participant::migration).toList();
        long sentAt = System.nanoTime();
        Optional<LeaseGrant> grant = control.instances().renewLease(me.instanceId(), names, deadAfter, lease.proposeToken());
        if (grant.isEmpty()) {
            LOG.warn("instance {}: the control store no longer lists this instance (it was counted as gone); registering again",
                    me.instanceId());
            heartbeat();
            return false;
        }
        boolean moved = false;
        for (MigrationState s : grant.get().states()) {
            for (Participant p : participants) {
                if (p.migration().equals(s.migration()) && p.epochs().moveTo(s.phase(), s.version())) {
                    moved = true;
                }
            }
        }
        lease.renewed(sentAt, grant.get().tokens()); // after the epochs moved: a call that sees the renewed lease acts on the phase just read
        return moved;
    }

    /** Flushes each participant and reports the versions it may acknowledge. */
    public synchronized void heartbeat() {
        List<InstanceAck> acks = new ArrayList<>();
        for (Participant p : participants) {
            EpochTracker.Epoch acked = p.epochs().acknowledged(); // before the flush: the flush covers its calls
            p.flush();
            acks.add(new InstanceAck(p.migration(), acked.version(), acked.phase()));
        }
        control.instances().heartbeat(me, acks);
    }

    /** Stops polling the phase (tests use it to make an instance lag); heartbeats go on. */
    public void pausePolling(boolean pause) {
        this.paused = pause;
    }

    private void pollQuietly() {
        if (paused) {
            return;
        }
        try {
            if (poll()) {
                timers.execute(this::heartbeatQuietly);
            }
        } catch (RuntimeException e) {
            LOG.warn("instance {}: cannot read the phase from the control store: {}", me.instanceId(), e.toString());
        }
    }

    private void heartbeatQuietly() {
        try {
            heartbeat();
        } catch (RuntimeException e) {
            LOG.warn("instance {}: heartbeat failed: {}", me.instanceId(), e.toString());
        }
    }

    /** Stops the timers, flushes a last time and leaves the registry. */
    @Override
    public void close() {
        timers.shutdownNow();
        try {
            timers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            for (Participant p : participants) {
                p.flush();
            }
            control.instances().deregister(me.instanceId());
        } catch (RuntimeException e) {
            LOG.warn("instance {}: could not leave the registry cleanly: {}", me.instanceId(), e.toString());
        }
    }
}
