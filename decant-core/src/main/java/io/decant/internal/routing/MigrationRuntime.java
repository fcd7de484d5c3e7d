package io.decant.internal.routing;

import io.decant.ShadowComparator;
import io.decant.config.MigrationConfig;
import io.decant.control.ControlStore;
import io.decant.control.Direction;
import io.decant.control.JournalOrigin;
import io.decant.control.MigrationState;
import io.decant.control.MismatchSample;
import io.decant.control.ShadowCounts;
import io.decant.internal.phase.EpochTracker;
import io.decant.internal.phase.InstancePresence;
import io.decant.internal.phase.Lease;
import io.decant.metrics.MetricsRecorder;
import io.decant.spi.Key;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One migration inside a library instance: its router, shadow reads, the counts and abandoned intents
 * its calls leave behind, and the periodic flush of those to the control store.
 */
public final class MigrationRuntime implements InstancePresence.Participant, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MigrationRuntime.class);
    private static final long SAMPLE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String name;
    private final ControlStore control;
    private final EpochTracker epochs;
    private final AbandonedIntents abandoned;
    private final ShadowTally tally = new ShadowTally();
    private final ShadowReads shadow;
    private final MigrationRouter router;
    private final MetricsRecorder.Meters meters;
    private final AtomicLong lastSample = new AtomicLong(System.nanoTime() - SAMPLE_EVERY_NANOS);

    public MigrationRuntime(MigrationConfig m, MigrationState state, ControlStore control, IntentGroupCommit intents, String instanceId,
                            Lease lease,
                            Duration deadAfter, ShadowComparator<?> comparator, MetricsRecorder.Meters meters,
                            ScheduledExecutorService scheduler, Runnable betweenWrites, io.decant.TransactionScope transactions) {
        this.name = m.name();
        this.control = control;
        this.meters = meters;
        this.epochs = new EpochTracker(state.phase(), state.version());
        this.shadow = new ShadowReads(name, m.shadow(), comparator, tally, meters, this::mismatch, scheduler);
        this.abandoned = new AbandonedIntents(name, deadAfter);
        this.router = new MigrationRouter(name, m.source().key().size(), m.intents(), epochs, intents, lease,
                new NewOnlyWrites(name, control, intents, instanceId), abandoned, shadow, m.shadow().rampPercent(), control, meters, betweenWrites,
                transactions);
    }

    public MigrationRouter router() {
        return router;
    }

    @Override
    public String migration() {
        return name;
    }

    @Override
    public EpochTracker epochs() {
        return epochs;
    }

    @Override
    public void flush() {
        abandoned.resolveDue(control);
        for (Map.Entry<Long, ShadowCounts> e : tally.drain().entrySet()) {
            try {
                control.evidence().addShadowCounts(name, e.getKey(), e.getValue());
            } catch (RuntimeException ex) {
                tally.restore(e.getKey(), e.getValue());
                throw ex;
            }
        }
        meters.journalDepth(control.journal().depth(name));
    }

    /** A persistent shadow mismatch: sample it (at most ten a second) and journal the key from the authoritative store. */
    private void mismatch(Object rawKey, long version, String legacyValue, String newValue, Direction repair) {
        Key key = KeyArgs.toKey(rawKey);
        try {
            control.journal().enqueue(name, List.of(key), repair, JournalOrigin.SHADOW_MISMATCH);
        } catch (RuntimeException e) {
            LOG.warn("migration {}: could not journal mismatched key {}: {}", name, key, e.toString());
        }
        long now = System.nanoTime();
        long last = lastSample.get();
        if (now - last >= SAMPLE_EVERY_NANOS && lastSample.compareAndSet(last, now)) {
            try {
                control.evidence().sampleMismatch(new MismatchSample(name, key, version, legacyValue, newValue, null));
            } catch (RuntimeException e) {
                LOG.warn("migration {}: could not sample a mismatch of key {}: {}", name, key, e.toString());
            }
        }
    }

    @Override
    public void close() {
        shadow.close();
    }
}
