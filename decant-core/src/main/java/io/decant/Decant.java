package io.decant;

import io.decant.config.DecantConfig;
import io.decant.config.MigrationConfig;
import io.decant.config.TableConfig;
import io.decant.control.ControlStore;
import io.decant.control.InstanceInfo;
import io.decant.control.MigrationState;
import io.decant.internal.phase.Barrier;
import io.decant.internal.phase.InstancePresence;
import io.decant.internal.phase.KeyGenerators;
import io.decant.internal.phase.PhaseMover;
import io.decant.internal.phase.SchemaCheck;
import io.decant.internal.phase.ValueFit;
import io.decant.internal.repair.LegacyDefaults;
import io.decant.internal.repair.Repairer;
import io.decant.internal.repair.TableMapping;
import io.decant.internal.routing.IntentGroupCommit;
import io.decant.internal.routing.MigrationRuntime;
import io.decant.metrics.MetricsRecorder;
import io.decant.metrics.MicrometerMetrics;
import io.decant.spi.RowMapper;
import io.decant.store.ColumnInfo;
import io.decant.store.TableRef;
import io.decant.store.TableStore;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decant's entry point: opened once per process from a {@link DecantConfig}. The library side
 * hands out {@link Migration}s that route the monolith's calls; the operator side (the CLI) runs
 * {@link #init()}, {@link #status}, {@link #advance}, {@link #rollback} and {@link #repair}. Stores
 * are connected on first use.
 */
public final class Decant implements AutoCloseable {
    private static final Duration REPAIR_LEASE = Duration.ofSeconds(30);
    private static final Duration REPAIR_IDLE = Duration.ofMillis(500);
    private static final Duration REPAIR_RETRY = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(Decant.class);

    private final DecantConfig config;
    private final Map<String, RowMapper> rowMappers;
    private final Map<String, ShadowComparator<?>> comparators;
    private final MetricsRecorder metrics;
    private final Runnable crashHook;
    private final TransactionScope transactions;
    private final String instanceId;
    private final boolean backgroundRepair;
    private final StoreConnections stores;
    private final Map<String, Migration> handles = new ConcurrentHashMap<>();
    private final Map<String, MigrationRuntime> runtimes = new ConcurrentHashMap<>();
    private final Map<String, TableMapping> mappings = new ConcurrentHashMap<>();
    private final Map<String, LegacyDefaults> legacyDefaults = new ConcurrentHashMap<>();
    private final List<Thread> repairers = new ArrayList<>();
    private InstancePresence presence;
    private IntentGroupCommit intents;
    private ScheduledExecutorService scheduler;
    private volatile boolean closed;

    private Decant(Builder b) {
        this.config = b.config;
        this.rowMappers = Map.copyOf(b.rowMappers);
        this.comparators = Map.copyOf(b.comparators);
        this.metrics = b.metrics;
        this.crashHook = b.crashHook;
        this.transactions = b.transactions;
        this.instanceId = b.instanceId != null ? b.instanceId : UUID.randomUUID().toString();
        this.backgroundRepair = b.backgroundRepair;
        this.stores = new StoreConnections(config, b.dataSources);
    }

    public static Decant open(DecantConfig config) {
        return builder(config).open();
    }

    public static Builder builder(DecantConfig config) {
        if (config == null) {
            throw DecantException.badConfig("no configuration given");
        }
        return new Builder(config);
    }

    public DecantConfig config() {
        return config;
    }

    /** This process's instance id in the registry. */
    public String instanceId() {
        return instanceId;
    }

    // --- library ------------------------------------------------------------------------------

    /**
     * The library handle of a migration. The first call registers this process as an instance and
     * starts its heartbeat and phase polling; later calls return the same handle.
     */
    public Migration migration(String name) {
        Migration m = handles.get(name);
        if (m != null) {
            return m;
        }
        synchronized (this) {
            ensureOpen();
            m = handles.get(name);
            if (m != null) {
                return m;
            }
            MigrationConfig mc = config.migration(name);
            MigrationState state = registeredState(name);
            startInstance();
            MigrationRuntime rt = new MigrationRuntime(mc, state, control(), intents, instanceId, presence.lease(), config.instances().deadAfter(),
                    comparators.getOrDefault(name, ShadowComparator.equality()), metrics.migration(name), scheduler, crashHook,
                    transactions);
            runtimes.put(name, rt);
            presence.join(rt);
            m = new Migration(name, rt.router());
            handles.put(name, m);
            if (backgroundRepair) {
                startRepairer(name);
            }
            return m;
        }
    }

    /**
     * The migration's target table through its column mapping, with legacy-shaped rows: a new write
     * and read path for a monolith that has no code of its own for the new store.
     */
    public MappedTable mappedTarget(String migration) {
        ensureOpen();
        MigrationConfig m = config.migration(migration);
        TableMapping mapping = mapping(m);
        int arity = m.source().key().size();
        return new MappedTable(mapping.mapper(), stores.get(m.target().store()).table(mapping.target()), mapping.source().columns(),
                key -> {
                    io.decant.internal.routing.KeyArgs.check(key, arity, migration);
                    return io.decant.internal.routing.KeyArgs.toKey(key);
                });
    }

    private void startInstance() {
        if (presence != null) {
            return;
        }
        ControlStore control = control();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "decant-shadow-recheck");
            t.setDaemon(true);
            return t;
        });
        intents = new IntentGroupCommit(new IntentGroupCommit.Sink() {
            @Override
            public long[] insert(List<io.decant.control.Intent> batch) {
                return control.intents().insert(batch);
            }

            @Override
            public void delete(long[] ids) {
                control.intents().delete(ids);
            }
        }, instanceId);
        presence = new InstancePresence(control, new InstanceInfo(instanceId, hostName(), ProcessHandle.current().pid()),
                config.instances());
    }

    /** A background repairer; a failure (a store down) is logged and retried after a pause. */
    private void startRepairer(String name) {
        MigrationConfig m = config.migration(name);
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    repairer(m, "background-" + instanceId).run(true, ProgressListener.NONE);
                } catch (RuntimeException e) {
                    LOG.warn("background repair of {} failed, retrying in {}: {}", name, REPAIR_RETRY, e.toString());
                    try {
                        Thread.sleep(REPAIR_RETRY.toMillis());
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            }
        }, "decant-repair-" + name);
        t.setDaemon(true);
        repairers.add(t);
        t.start();
    }

    // --- operator -----------------------------------------------------------------------------

    /**
     * Creates or updates the control schema, registers every configured migration and checks each
     * mapping against both tables. Idempotent. A mapping problem is BAD_CONFIG, listing every
     * problem, and changes nothing.
     */
    public InitResult init() {
        ensureOpen();
        Map<String, TableMapping> checked = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (MigrationConfig m : config.migrations().values()) {
            Optional<List<ColumnInfo>> src = bare(m, true).describe();
            Optional<List<ColumnInfo>> tgt = bare(m, false).describe();
            RowMapper custom = customMapper(m);
            Map<String, String> cols = src.isEmpty() && m.columns().isEmpty() ? Map.of() : TableMapping.resolveColumns(m, src);
            List<String> p = new ArrayList<>(SchemaCheck.problems(m, cols, src, tgt, custom == null));
            if (p.isEmpty() && custom == null) {
                p.addAll(valuesNotFitting(m, cols, src.orElseThrow(), tgt.orElseThrow()));
            }
            if (p.isEmpty()) {
                checked.put(m.name(), TableMapping.of(m, cols, custom));
            }
            problems.addAll(p);
        }
        ControlStore control = control();
        boolean schemaExists = control.schemaVersion() >= 5;
        Map<String, MigrationTables> tables = new HashMap<>();
        for (MigrationConfig m : config.migrations().values()) {
            MigrationTables t = MigrationTables.locate(m, bare(m, true), bare(m, false));
            tables.put(m.name(), t);
            t.sameTableProblem().ifPresent(problems::add);
            if (schemaExists) {
                t.changedTablesProblem(control, control.phases().state(m.name())).ifPresent(problems::add);
            }
        }
        if (!problems.isEmpty()) {
            throw new DecantException(ErrorCode.BAD_CONFIG, "the configuration does not fit the tables: " + problems.size()
                    + (problems.size() == 1 ? " problem" : " problems") + " (nothing was changed): " + problems.get(0),
                    problems, null);
        }
        int schema = control.migrateSchema();
        List<InitResult.MigrationInit> out = new ArrayList<>();
        for (MigrationConfig m : config.migrations().values()) {
            boolean existed = control.phases().state(m.name()).isPresent();
            MigrationState s = control.phases().register(m.name());
            String registration = tables.get(m.name()).registration();
            if (s.phase() == Phase.LEGACY_ONLY || control.phases().registeredTables(m.name()).isEmpty()) {
                control.phases().registerTables(m.name(), registration);
            }
            TableMapping mapping = checked.get(m.name());
            mappings.put(m.name(), mapping);
            legacyDefaults.remove(m.name()); // converted again from the table as init found it
            out.add(new InitResult.MigrationInit(m.name(), s.phase(), s.version(), !existed, mapping.describe()));
        }
        return new InitResult(schema, out);
    }

    /**
     * The source rows whose values a narrower target column cannot hold (one scan of the source
     * table, only when some target column is narrower); none when the source store cannot count them.
     */
    private List<String> valuesNotFitting(MigrationConfig m, Map<String, String> cols, List<ColumnInfo> src,
                                          List<ColumnInfo> tgt) {
        List<ValueFit.Check> checks = ValueFit.checks(cols, src, tgt);
        if (checks.isEmpty()) {
            return List.of();
        }
        return bare(m, true).countOutside(checks.stream().map(ValueFit.Check::bound).toList())
                .map(counts -> ValueFit.problems(m, checks, counts)).orElse(List.of());
    }

    /** The migration's phase, instances, evidence and journal, as {@code decant status} shows it. */
    public StatusReport status(String migration) {
        ensureOpen();
        MigrationConfig m = config.migration(migration);
        MigrationState s = registeredState(migration);
        return StatusAssembly.of(control(), control().verifySpans(), m, s, config.instances().deadAfter());
    }

    /** Moves forward one phase, or step by step to {@code request.to()}, behind the guards and the barrier. */
    public List<PhaseChange> advance(String migration, AdvanceRequest request) {
        ensureOpen();
        MigrationConfig m = config.migration(migration);
        registeredState(migration);
        if (request == null) {
            throw DecantException.badConfig("advance needs a request");
        }
        AdvanceRequest req = new AdvanceRequest(request.to() == null ? Optional.empty() : request.to(),
                request.barrierWait() == null ? AdvanceRequest.DEFAULT_WAIT : request.barrierWait(), request.force(),
                request.reason(), request.actor() == null || request.actor().isBlank() ? defaultActor() : request.actor());
        return mover(m).advance(req);
    }

    /**
     * Moves back to an earlier phase, with a reason (audited). Across the authority flip the repair
     * journal is drained first (and again after the barrier), so legacy holds every acknowledged write.
     */
    public PhaseChange rollback(String migration, Phase to, String reason, Duration wait, String actor) {
        ensureOpen();
        MigrationConfig m = config.migration(migration);
        registeredState(migration);
        if (to == null) {
            throw DecantException.badConfig("rollback needs --to PHASE");
        }
        return mover(m).rollback(to, reason, wait == null ? AdvanceRequest.DEFAULT_WAIT : wait,
                actor == null || actor.isBlank() ? defaultActor() : actor);
    }

    /**
     * Resolves stale intents and drains the repair journal. With {@code follow}, keeps going until the
     * calling thread is interrupted. Failed keys stay journaled and are counted in the result.
     */
    public RepairResult repair(String migration, boolean follow, ProgressListener progress) {
        ensureOpen();
        MigrationConfig m = config.migration(migration);
        registeredState(migration);
        return repairer(m, "repair-" + instanceId).run(follow, progress == null ? ProgressListener.NONE : progress);
    }

    /**
     * Copies the legacy rows into the target in share-locked chunks, checkpointed in the control
     * store, with {@code options.workers()} workers (several processes may run at once and share the
     * chunks). Refuses (GUARD_REFUSED, nothing written) outside DUAL_WRITE/SHADOW_READ or before every
     * live instance acknowledged DUAL_WRITE. Resumes from checkpoints unless {@code options.restart()}.
     */
    public BackfillResult backfill(String migration, BackfillOptions options, ProgressListener progress) {
        ensureOpen();
        MigrationConfig m = config.migration(migration);
        registeredState(migration);
        BackfillOptions o = options == null ? BackfillOptions.defaults() : options;
        io.decant.config.BackfillSettings s = m.backfill();
        s = o.workers().isPresent() ? s.withWorkers(o.workers().getAsInt()) : s;
        s = o.maxRowsPerSecond().isPresent() ? s.withMaxRowsPerSecond(o.maxRowsPerSecond().getAsLong()) : s;
        TableMapping mapping = mapping(m);
        return new io.decant.internal.backfill.Backfill(new io.decant.internal.backfill.Backfill.Setup(migration, control(),
                stores.get(m.source().store()), stores.get(m.target().store()), stores.get(config.control()),
                io.decant.internal.backfill.CopySpecs.of(mapping, customMapper(m)), s, o.restart(),
                config.instances().deadAfter(), metrics.migration(migration))).run(progress == null ? ProgressListener.NONE : progress);
    }

    /**
     * Writes every column of every legacy row, in key order, to a compressed, self-describing file
     * {@code out} plus its checksummed manifest {@code out.manifest.json}, and records the file's
     * SHA-256 in the audit log (restore accepts only recorded backups). Changes no table.
     */
    public BackupResult backup(String migration, java.nio.file.Path out, ProgressListener progress) {
        ensureOpen();
        MigrationConfig m = config.migration(migration);
        registeredState(migration);
        return new io.decant.internal.backup.Backup(m, stores.get(m.source().store()), control())
                .run(out, defaultActor(), progress == null ? ProgressListener.NONE : progress);
    }

    /**
     * Deletes the legacy rows, proven to be in {@code backup}, in throttled batches (resumable), drops
     * the table with {@code drop}, and moves NEW_ONLY → RETIRED. Refuses (GUARD_REFUSED, naming each
     * unmet condition) unless NEW_ONLY is acknowledged everywhere, the latest verification is clean
     * and fresh, the journal is empty and the legacy rows equal the backup's; a bad file is a FAILURE.
     */
    public RetireResult retire(String migration, java.nio.file.Path backup, boolean drop, String actor, ProgressListener progress) {
        ensureOpen();
        MigrationConfig m = config.migration(migration);
        registeredState(migration);
        MigrationTables.locate(m, bare(m, true), bare(m, false)).requireDistinct();
        return new io.decant.internal.backup.Retire(m, stores.get(m.source().store()), control(), config.instances())
                .run(backup, drop, actor == null || actor.isBlank() ? defaultActor() : actor,
                        progress == null ? ProgressListener.NONE : progress);
    }

    /**
     * Removes Decant from the control store once every migration is RETIRED and no library instance
     * is live: drops every {@code decant_*} table (the audit log and the evidence go with them).
     * Refuses (GUARD_REFUSED) otherwise, changing nothing.
     */
    public UninstallResult uninstall() {
        ensureOpen();
        ControlStore control = control();
        if (control.schemaVersion() == 0) {
            throw new DecantException(ErrorCode.GUARD_REFUSED, "the control store '" + config.control()
                    + "' holds no Decant schema: nothing to uninstall");
        }
        List<String> problems = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (io.decant.control.MigrationState s : control.phases().states()) {
            names.add(s.migration());
            if (s.phase() != Phase.RETIRED) {
                problems.add("migration " + s.migration() + " is in " + s.phase() + ", not RETIRED: finish it"
                        + " (decant retire) or roll it back and remove it from the application before uninstalling");
            }
            for (io.decant.control.InstanceStatus i : control.instances().list(s.migration())) {
                if (i.isLive(config.instances().deadAfter())) {
                    problems.add("instance " + i.instanceId() + " of migration " + s.migration()
                            + " is live: stop the application's Decant (close it) before uninstalling");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new DecantException(ErrorCode.GUARD_REFUSED, "uninstall refused (nothing was dropped): "
                    + problems.get(0), problems, null);
        }
        return new UninstallResult(config.control(), List.copyOf(names), control.dropSchema());
    }

    /**
     * Loads a verified backup back into the (empty or dropped) legacy table, checks the loaded rows'
     * digest, and moves a RETIRED migration back to NEW_ONLY so that it can be rolled back.
     */
    public RestoreResult restore(String migration, java.nio.file.Path backup, String actor, ProgressListener progress) {
        ensureOpen();
        MigrationConfig m = config.migration(migration);
        registeredState(migration);
        return new io.decant.internal.backup.Restore(m, stores.get(m.source().store()), control())
                .run(backup, actor == null || actor.isBlank() ? defaultActor() : actor,
                        progress == null ? ProgressListener.NONE : progress);
    }

    /**
     * Compares the source rows with the target under the column mapping (all rows, a key range or
     * listed keys), rechecks each difference after {@code verify.recheck-delay} and reports only
     * persistent ones; with {@code options.repair()} copies each from the authoritative store and
     * rechecks. The result is stored in the control store, where the guards read it.
     */
    public VerifyReport verify(String migration, VerifyOptions options, ProgressListener progress) {
        ensureOpen();
        MigrationConfig m = config.migration(migration);
        registeredState(migration);
        TableMapping mapping = mapping(m);
        io.decant.driver.StoreConnection source = stores.get(m.source().store());
        io.decant.driver.StoreConnection target = stores.get(m.target().store());
        Repairer repairer = repairer(m, "verify-" + instanceId);
        VerifyOptions o = options == null ? VerifyOptions.defaults() : options;
        ProgressListener p = progress == null ? ProgressListener.NONE : progress;
        warnSmallPools(o.workers(), m, p);
        return new io.decant.internal.verify.Verify(new io.decant.internal.verify.Verify.Setup(m, mapping,
                source.rangeHasher(mapping.source()), target.rangeHasher(mapping.target()), source.table(mapping.source()),
                target.table(mapping.target()), control(), control().verifySpans(), repairer::copyDifference,
                metrics.migration(migration))).run(o, p);
    }

    /**
     * Each verify worker holds a connection to a store while a span is hashed there, and the span
     * planner and the control store need one more each: with fewer, workers wait for connections
     * and the verification slows down (measured on the bench: about a quarter slower at 8 workers on 8 connections).
     */
    private void warnSmallPools(int workers, MigrationConfig m, ProgressListener progress) {
        for (String store : new java.util.TreeSet<>(List.of(m.source().store(), m.target().store()))) {
            if (stores.isBound(store)) {
                continue; // the application sizes its own pool
            }
            int needed = workers + (store.equals(config.control()) ? 2 : 1);
            int pool = config.store(store).poolSize();
            if (pool < needed) {
                progress.message("verify: " + workers + " workers share the " + pool + " connections of store '" + store
                        + "' and will wait for them; set stores." + store + ".pool-size to " + needed
                        + " or more, or use fewer workers");
            }
        }
    }

    private PhaseMover mover(MigrationConfig m) {
        ControlStore control = control();
        Duration deadAfter = config.instances().deadAfter();
        Duration poll = config.instances().phasePoll().compareTo(Duration.ofMillis(200)) < 0
                ? config.instances().phasePoll() : Duration.ofMillis(200);
        KeyGenerators keys = keyGenerators(m);
        return new PhaseMover(control, m,
                state -> new LiveEvidence(state, m, control, source -> bare(m, source), customMapper(m) == null, deadAfter, keys),
                () -> repairer(m, "rollback-" + instanceId).run(false, ProgressListener.NONE),
                new Barrier(control, deadAfter, poll), keys);
    }

    /** The key generators of the migration's two tables (read when asked), and the key fence in force. */
    private KeyGenerators keyGenerators(MigrationConfig m) {
        return new KeyGenerators(m.source().store(), () -> stores.get(m.source().store()).keySource(keyRef(m.source()),
                m.source().keySequence()), m.target().store(), () -> stores.get(m.target().store()).keySource(keyRef(m.target()),
                m.target().keySequence()), () -> control().keyFences().fence(m.name()));
    }

    private static TableRef keyRef(TableConfig t) {
        return new TableRef(t.store(), t.table(), t.key(), t.key(), Optional.empty());
    }

    private Repairer repairer(MigrationConfig m, String worker) {
        TableMapping mapping = mapping(m);
        return new Repairer(control(), mapping, stores.get(m.source().store()).table(mapping.source()),
                stores.get(m.target().store()).table(mapping.target()), worker, REPAIR_LEASE,
                config.instances().deadAfter(), REPAIR_IDLE, legacyDefaults(m, mapping));
    }

    /** The migration's {@code legacy-defaults:}, converted by the legacy columns' kinds (described once). */
    private LegacyDefaults legacyDefaults(MigrationConfig m, TableMapping mapping) {
        if (m.legacyDefaults().isEmpty()) {
            return LegacyDefaults.NONE;
        }
        return legacyDefaults.computeIfAbsent(m.name(), n -> LegacyDefaults.of(m, mapping.columns(),
                bare(m, true).describe().orElseThrow(() -> DecantException.badConfig("source table `" + m.source().table()
                        + "` does not exist in store `" + m.source().store() + "`; fix migrations." + m.name()
                        + ".source.table in decant.yaml"))));
    }

    /** The migration's tables and row mapper; an empty {@code columns:} is resolved from the source table. */
    private TableMapping mapping(MigrationConfig m) {
        TableMapping known = mappings.get(m.name());
        if (known != null) {
            return known;
        }
        Map<String, String> cols = m.columns().isEmpty()
                ? TableMapping.resolveColumns(m, bare(m, true).describe()) : m.columns();
        TableMapping mapping = TableMapping.of(m, cols, customMapper(m));
        mappings.put(m.name(), mapping);
        return mapping;
    }

    private RowMapper customMapper(MigrationConfig m) {
        if (m.rowMapper().isEmpty()) {
            return null;
        }
        RowMapper r = rowMappers.get(m.rowMapper().get());
        if (r == null) {
            throw DecantException.badConfig("migrations." + m.name() + ".row-mapper: no row mapper named '" + m.rowMapper().get()
                    + "' is registered; register it with Decant.builder(config).rowMapper(\"" + m.rowMapper().get()
                    + "\", mapper) or, for the command line, provide it with an io.decant.spi.RowMapperProvider"
                    + " in a jar on DECANT_CLASSPATH"
                    + (rowMappers.isEmpty() ? "" : " (registered: " + String.join(", ", rowMappers.keySet()) + ")"));
        }
        return r;
    }

    /** A table reference with only the key columns: enough to ping and describe. */
    private TableStore bare(MigrationConfig m, boolean source) {
        TableConfig t = source ? m.source() : m.target();
        return stores.get(t.store()).table(new TableRef(t.store(), t.table(), t.key(), t.key(), Optional.empty()));
    }

    private ControlStore control() {
        return stores.get(config.control()).control();
    }

    private MigrationState registeredState(String migration) {
        ControlStore control = control();
        if (control.schemaVersion() == 0) {
            throw DecantException.badConfig("the control store (" + config.control() + ") has no Decant schema yet; run decant init");
        }
        return control.phases().state(migration).orElseThrow(() -> DecantException.badConfig("migration " + migration
                + " is not registered in the control store; run decant init"));
    }

    private void ensureOpen() {
        if (closed) {
            throw new DecantException(ErrorCode.FAILURE, "this Decant instance is closed");
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown-host";
        }
    }

    private static String defaultActor() {
        return System.getProperty("user.name", "unknown") + "@" + hostName();
    }

    /**
     * Stops background work, flushes what the calls left to write, leaves the instance registry and
     * closes the store connections.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Thread t : repairers) {
            t.interrupt();
        }
        for (Thread t : repairers) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (intents != null) {
            intents.close();
        }
        if (presence != null) {
            presence.close();
        }
        runtimes.values().forEach(MigrationRuntime::close);
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        stores.close();
    }

    /** Builds a {@link Decant} with row mappers, comparators, metrics and test hooks. */
    public static final class Builder {
        private final DecantConfig config;
        private final Map<String, RowMapper> rowMappers = new HashMap<>();
        private final Map<String, ShadowComparator<?>> comparators = new HashMap<>();
        private final Map<String, javax.sql.DataSource> dataSources = new HashMap<>();
        private MetricsRecorder metrics = MetricsRecorder.NONE;
        private Runnable crashHook = () -> {
        };
        private TransactionScope transactions = TransactionScope.NONE;
        private String instanceId;
        private boolean backgroundRepair;

        private Builder(DecantConfig config) {
            this.config = config;
            for (io.decant.spi.RowMapperProvider p : java.util.ServiceLoader.load(io.decant.spi.RowMapperProvider.class,
                    Decant.class.getClassLoader())) {
                p.rowMappers().forEach(this::rowMapper);
            }
        }

        /** Registers a row mapper under the name a migration's {@code row-mapper:} uses. */
        public Builder rowMapper(String name, RowMapper mapper) {
            io.decant.config.Identifiers.name(name, "rowMapper");
            if (mapper == null) {
                throw DecantException.badConfig("rowMapper " + name + ": the mapper is null");
            }
            rowMappers.put(name, mapper);
            return this;
        }

        /** The comparator of a migration's shadow reads (default: {@link ShadowComparator#equality()}). */
        public Builder comparator(String migration, ShadowComparator<?> comparator) {
            config.migration(migration);
            if (comparator == null) {
                throw DecantException.badConfig("comparator of " + migration + ": the comparator is null");
            }
            comparators.put(migration, comparator);
            return this;
        }

        /**
         * Connects store {@code store} through the application's own {@code dataSource} instead of a pool
         * of Decant's: every connection Decant borrows runs in UTC and READ COMMITTED with autocommit, and
         * is given back with the session as it was; {@link Decant#close()} leaves the data source open.
         * The store's {@code url:} may then be omitted (the engine is read from the connection).
         */
        public Builder dataSource(String store, javax.sql.DataSource dataSource) {
            io.decant.config.StoreConfig sc = config.store(store);
            if (dataSource == null) {
                throw DecantException.badConfig("dataSource of store " + store + ": the DataSource is null");
            }
            if (sc.isHttp()) {
                throw DecantException.badConfig("stores." + store + ": a service's store (" + sc.safeUrl()
                        + ") is reached over HTTP and cannot take a DataSource");
            }
            dataSources.put(store, dataSource);
            return this;
        }

        /** Publishes meters to a Micrometer {@code MeterRegistry} (typed Object: Micrometer is optional). */
        public Builder meterRegistry(Object registry) {
            this.metrics = MicrometerMetrics.of(registry);
            return this;
        }

        /** Records measurements through any {@link MetricsRecorder}. */
        public Builder metrics(MetricsRecorder recorder) {
            this.metrics = recorder == null ? MetricsRecorder.NONE : recorder;
            return this;
        }

        /**
         * The application's transactions: a {@link Migration#write} inside one commits its legacy write
         * with it and finishes around its end, so that no write is acknowledged before its transaction
         * committed (README.md, "Transactions"). Default: {@link TransactionScope#NONE}.
         */
        public Builder transactions(TransactionScope scope) {
            this.transactions = scope == null ? TransactionScope.NONE : scope;
            return this;
        }

        /** The id this process registers under (default: a random UUID). */
        public Builder instanceId(String id) {
            this.instanceId = id;
            return this;
        }

        /** Runs a repairer in the background for every migration handle this process opens. */
        public Builder backgroundRepair(boolean on) {
            this.backgroundRepair = on;
            return this;
        }

        /**
         * For tests: runs between the two writes of every dual write. Throwing an Error from it
         * simulates the process dying there: the intent record is left behind for repair.
         */
        public Builder crashHook(Runnable hook) {
            this.crashHook = hook == null ? () -> {
            } : hook;
            return this;
        }

        /**
         * Opens the instance (stores are connected on first use). BAD_CONFIG, naming the store, when a
         * store has neither a url nor a DataSource bound.
         */
        public Decant open() {
            for (io.decant.config.StoreConfig sc : config.stores().values()) {
                if (!sc.hasUrl() && !dataSources.containsKey(sc.name())) {
                    DecantException e = io.decant.config.StoreConfig.urlRequired(sc.name());
                    throw config.source().map(file -> DecantException.badConfig(file + ": " + e.getMessage())).orElse(e);
                }
            }
            return new Decant(this);
        }
    }
}
