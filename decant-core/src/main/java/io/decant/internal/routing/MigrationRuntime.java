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

    private static final int SAMPLES_PER_QUERY = 10;

    private final String name;
    private final int keyArity;
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
        this.keyArity = m.source().key().size();
        this.shadow = new ShadowReads(name, m.shadow(), comparator, tally, meters, new ShadowReads.MismatchSink() {
            @Override
            public void mismatch(Object rawKey, long phaseVersion, String legacyValue, String newValue, Direction repair) {
                MigrationRuntime.this.mismatch(rawKey, phaseVersion, legacyValue, newValue, repair);
            }

            @Override
            public void collectionMismatch(Object query, long phaseVersion, List<CollectionComparison.Difference> differences,
                                           Direction repair) {
                MigrationRuntime.this.collectionMismatch(query, phaseVersion, differences, repair);
            }
        }, scheduler);
        this.abandoned = new AbandonedIntents(name, deadAfter);
        this.router = new MigrationRouter(name, m.source().key().size(), m.intents(), epochs, intents, lease,
                new NewOnlyWrites(name, control, intents, instanceId), new GeneratedKeys(name, control), abandoned, shadow, m.shadow().rampPercent(), control, meters, betweenWrites,
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

    /**
     * A persistent difference between two answers to one query: every differing element's key is
     * journaled from the authoritative store (one control-store round trip), and up to
     * {@value #SAMPLES_PER_QUERY} elements are sampled with both values (at most one query's samples a
     * tenth of a second, as for single keys). An element key that is not a key of the migrated table
     * (wrong number of values) is sampled but cannot be journaled.
     */
    private void collectionMismatch(Object query, long version, List<CollectionComparison.Difference> differences, Direction repair) {
        List<Key> keys = new java.util.ArrayList<>();
        for (CollectionComparison.Difference d : differences) {
            try {
                KeyArgs.check(d.key(), keyArity, name);
                keys.add(KeyArgs.toKey(d.key()));
            } catch (RuntimeException e) {
                LOG.warn("migration {}: query {}: element key {} is not a key of the migrated table, so it cannot be journaled: {}",
                        name, query, d.key(), e.getMessage());
            }
        }
        if (!keys.isEmpty()) {
            try {
                control.journal().enqueue(name, keys, repair, JournalOrigin.SHADOW_MISMATCH);
            } catch (RuntimeException e) {
                LOG.warn("migration {}: query {}: could not journal {} mismatched key(s): {}", name, query, keys.size(), e.toString());
            }
        }
        long now = System.nanoTime();
        long last = lastSample.get();
        if (now - last >= SAMPLE_EVERY_NANOS && lastSample.compareAndSet(last, now)) {
            for (CollectionComparison.Difference d : differences.subList(0, Math.min(SAMPLES_PER_QUERY, differences.size()))) {
                try {
                    control.evidence().sampleMismatch(new MismatchSample(name, KeyArgs.toKey(d.key()), version,
                            ShadowReads.text(java.util.Optional.ofNullable(d.legacy())),
                            ShadowReads.text(java.util.Optional.ofNullable(d.neu())), null));
                } catch (RuntimeException e) {
                    LOG.warn("migration {}: query {}: could not sample the mismatch of key {}: {}", name, query, d.key(), e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        shadow.close();
    }
}
