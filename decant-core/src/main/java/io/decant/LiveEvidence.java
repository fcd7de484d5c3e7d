package io.decant;

import io.decant.config.MigrationConfig;
import io.decant.control.BackfillRecord;
import io.decant.control.ControlStore;
import io.decant.control.InstanceStatus;
import io.decant.control.MigrationState;
import io.decant.control.ShadowCounts;
import io.decant.control.VerificationRecord;
import io.decant.internal.phase.GuardEvidence;
import io.decant.internal.phase.KeyGenerators;
import io.decant.internal.phase.SchemaCheck;
import io.decant.internal.repair.TableMapping;
import io.decant.store.ColumnInfo;
import io.decant.store.TableStore;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The guards' evidence read from the control store and the two tables, each piece fetched when a guard asks for it. */
final class LiveEvidence implements GuardEvidence {
    /** Enough to say "some"; the guard's message does not need an exact count of thousands. */
    private static final int STALE_INTENT_LIMIT = 1000;

    private final MigrationState state;
    private final MigrationConfig migration;
    private final ControlStore control;
    private final Function<Boolean, TableStore> tables; // true: source, false: target
    private final boolean checkKinds;
    private final Duration deadAfter;
    private final KeyGenerators keyGenerators;

    LiveEvidence(MigrationState state, MigrationConfig migration, ControlStore control, Function<Boolean, TableStore> tables,
                 boolean checkKinds, Duration deadAfter, KeyGenerators keyGenerators) {
        this.keyGenerators = keyGenerators;
        this.state = state;
        this.migration = migration;
        this.control = control;
        this.tables = tables;
        this.checkKinds = checkKinds;
        this.deadAfter = deadAfter;
    }

    @Override
    public MigrationState state() {
        return state;
    }

    @Override
    public Instant now() {
        return control.now();
    }

    @Override
    public Map<String, String> unreachableStores() {
        Map<String, String> down = new LinkedHashMap<>();
        ping(true, migration.source().store(), down);
        ping(false, migration.target().store(), down);
        return down;
    }

    private void ping(boolean source, String store, Map<String, String> down) {
        try {
            tables.apply(source).ping();
        } catch (RuntimeException e) {
            down.putIfAbsent(store, String.valueOf(e.getMessage()));
        }
    }

    @Override
    public List<String> schemaProblems() {
        Optional<List<ColumnInfo>> src;
        Optional<List<ColumnInfo>> tgt;
        try {
            src = tables.apply(true).describe();
            tgt = tables.apply(false).describe();
        } catch (RuntimeException e) {
            return List.of("cannot read the tables' schemas: " + e.getMessage());
        }
        if (src.isEmpty() && migration.columns().isEmpty()) {
            return SchemaCheck.problems(migration, Map.of(), src, tgt, checkKinds);
        }
        return SchemaCheck.problems(migration, TableMapping.resolveColumns(migration, src), src, tgt, checkKinds);
    }

    @Override
    public Optional<BackfillRecord> backfill() {
        return control.evidence().latestBackfill(migration.name());
    }

    @Override
    public Optional<VerificationRecord> verification() {
        return control.evidence().latestVerification(migration.name());
    }

    @Override
    public long journalDepth() {
        return control.journal().depth(migration.name());
    }

    @Override
    public Optional<Duration> oldestJournalEntryAge() {
        return control.journal().oldestAge(migration.name());
    }

    @Override
    public long staleIntents() {
        return control.intents().stale(migration.name(), deadAfter, STALE_INTENT_LIMIT).size();
    }

    @Override
    public ShadowCounts shadowCounts() {
        return control.evidence().shadowCounts(migration.name(), state.version());
    }

    @Override
    public List<InstanceStatus> instances() {
        return control.instances().list(migration.name());
    }

    @Override
    public Duration deadAfter() {
        return deadAfter;
    }

    @Override
    public GuardResult keySource() {
        return keyGenerators.check(true);
    }

    @Override
    public long unverifiedInserts() {
        return control.intents().unverifiedInserts(migration.name());
    }
}
