package io.decant.demo;

import io.decant.AdvanceRequest;
import io.decant.Decant;
import io.decant.DecantException;
import io.decant.InitResult;
import io.decant.Phase;
import io.decant.PhaseChange;
import io.decant.ProgressListener;
import io.decant.RepairResult;
import io.decant.StatusReport;
import io.decant.VerifyReport;
import io.decant.config.DecantConfig;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Walks the whole migration of {@code orders} under load, through the same {@code Decant} facade
 * the commands use, injecting faults on the way, and ends with {@link DemoProof}. Returns the exit
 * code: 0 only when the proof holds.
 */
public final class DemoJourney {
    /** The exit code when the journey or its proof failed. */
    public static final int FAILED = 4;
    private static final Duration OUTAGE = Duration.ofSeconds(3);
    private static final Duration BARRIER_WAIT = Duration.ofSeconds(30);
    private static final Duration NEW_ONLY_DWELL = Duration.ofSeconds(2);
    private static final long PAUSE_MICROS = 4_000;

    private final DemoSettings settings;
    private final Narration say;
    private final String actor;
    private final FaultInjector faults = new FaultInjector();

    public DemoJourney(DemoSettings settings, java.io.PrintWriter out,
                       java.util.function.Function<java.io.PrintWriter, ProgressListener> bars, String actor) {
        this.settings = settings;
        this.say = new Narration(out, bars);
        this.actor = actor;
    }

    public int run() {
        say.title("decant demo: move the monolith's orders table into the orders service's database, under load,"
                + " without losing a write");
        String failedStep = "start";
        try (DemoDatabases dbs = startDatabases()) {
            Instant now = Instant.now();
            OrderGenerator generator = new OrderGenerator(settings.seed(), settings.rows(), now);
            failedStep = "create the tables";
            createTables(dbs, generator);
            failedStep = "start the orders service";
            try (OrdersService service = startService(dbs);
                 Decant operator = Decant.open(configure(dbs, service));
                 Inspector inspector = new Inspector(dbs, service)) {
                DecantConfig config = operator.config();
                failedStep = "decant init";
                init(operator);
                failedStep = "start the monolith";
                try (SimulatedMonolith monolith = new SimulatedMonolith(settings, dbs.monolith(), service,
                        DemoConfig.MIGRATION, faults, generator,
                        i -> Decant.builder(config).instanceId("monolith-" + (i + 1)).crashHook(faults.betweenWrites()).open(),
                        PAUSE_MICROS)) {
                    startMonolith(monolith, operator);
                    failedStep = "advance to DUAL_WRITE";
                    advance(operator, Phase.DUAL_WRITE, "writes now go to legacy, then to the service");
                    awaitWrites(monolith, 200);
                    if (settings.faults()) {
                        failedStep = "the service outage";
                        outage(operator, monolith);
                        failedStep = "the crash between two writes";
                        crash(operator, monolith, inspector);
                    }
                    failedStep = "backfill";
                    JourneyEngines engines = new JourneyEngines(operator, say, settings.workDir(), actor);
                    engines.backfill();
                    failedStep = "verify";
                    engines.verify("after the backfill, under dual writes");
                    failedStep = "advance to SHADOW_READ";
                    advance(operator, Phase.SHADOW_READ, "reads are now also made on the service and compared");
                    failedStep = "shadow evidence";
                    shadowEvidence(operator, monolith);
                    failedStep = "verify";
                    engines.verify("before switching reads");
                    failedStep = "advance to READ_NEW";
                    advance(operator, Phase.READ_NEW, "the service answers reads and is written first; legacy is kept in step");
                    dwell(operator, monolith, settings.dwell());
                    failedStep = "advance to NEW_ONLY";
                    advance(operator, Phase.NEW_ONLY, "writes go to the service only (keys kept in a deferred journal"
                            + " for a rollback)");
                    dwell(operator, monolith, shortest(settings.dwell(), NEW_ONLY_DWELL));
                    failedStep = "verify";
                    repairJournal(operator);
                    VerifyReport last = engines.verifyInNewOnly(operator.status(DemoConfig.MIGRATION).deferredDepth());
                    if (!last.clean()) {
                        throw new DecantException(io.decant.ErrorCode.FAILURE, "verify found " + last.remaining()
                                + " differences at keys not written since the authority flip");
                    }
                    failedStep = "backup and retire";
                    LegacyDigest before = LegacyDigest.of(dbs.monolith());
                    JourneyEngines.Retired retired = engines.backupAndRetire(before);
                    failedStep = "stop the monolith";
                    say.step("Stop the monolith's writers (only now, to check every acknowledged write)");
                    monolith.stop();
                    say.line(monolith.stats().describe());
                    RepairResult drained = operator.repair(DemoConfig.MIGRATION, false, ProgressListener.NONE);
                    say.line(String.format("decant repair orders: %,d keys repaired, %,d stale intents resolved; journal %,d",
                            drained.repaired(), drained.intentsResolved(), operator.status(DemoConfig.MIGRATION).journalDepth()));
                    failedStep = "the proof";
                    DemoProof proof = new DemoProof(dbs, generator, settings.rows(), monolith.ledger(), monolith.maxId(), before,
                            () -> engines.restore(retired));
                    return proof.run(say) ? 0 : FAILED;
                }
            }
        } catch (DecantException e) {
            say.line("");
            say.line("FAILED at " + failedStep + ": " + e.getMessage());
            e.details().forEach(d -> say.line("  " + d));
            say.line("exit " + FAILED);
            return FAILED;
        } catch (RuntimeException e) {
            say.line("");
            say.line("FAILED at " + failedStep + ": " + e);
            say.line("exit " + FAILED);
            return FAILED;
        }
    }

    private DemoDatabases startDatabases() {
        say.step("Databases");
        DemoDatabases dbs = DemoDatabases.start(settings);
        say.line("started: " + dbs.where());
        say.line("monolith: " + dbs.monolith().describe() + "    service: " + dbs.service().describe());
        return dbs;
    }

    /**
     * The orders service as the monolith and Decant reach it: with {@code --service-api} a separate
     * process serving its API, else its database.
     */
    private OrdersService startService(DemoDatabases dbs) {
        if (!settings.serviceApi()) {
            return new OrdersServiceDatabase(dbs.service());
        }
        say.step("The orders service: a separate process that owns its database");
        OrdersServiceProcess p = OrdersServiceProcess.start(dbs.service(), settings.workDir());
        say.line("started as process " + p.pid() + " (this JVM's java and class path), over " + dbs.service().describe());
        say.line("its orders API:          " + p.api() + OrdersApi.PATH + "ID   (GET, PUT, DELETE): the monolith's new write"
                + " and read paths call it");
        say.line("Decant's store protocol: " + p.decant() + io.decant.service.DecantService.BASE + OrdersSchema.SERVICE_TABLE
                + "   (bearer token): Decant's only way to the service's rows");
        say.line("both answered; from here on nothing but the final proof opens the service's database");
        return p;
    }

    private DecantConfig configure(DemoDatabases dbs, OrdersService service) {
        DecantConfig config = DemoConfig.of(dbs.monolith(), service, settings);
        say.step("Configuration (what decant.yaml would hold)");
        say.block(DemoConfig.yaml(config));
        return config;
    }

    private void createTables(DemoDatabases dbs, OrderGenerator generator) {
        say.step("Tables: the monolith's orders and the service's new schema");
        say.line("legacy:  " + OrdersSchema.legacyDdl(dbs.monolith()));
        say.line("service: " + OrdersSchema.serviceDdl());
        say.line("renamed id -> order_id, customer_id -> customer, created_at -> placed_at;"
                + " timestamp -> timestamptz; legacy_flags dropped");
        long t0 = System.nanoTime();
        ProgressListener bar = say.bar();
        try {
            OrdersSchema.create(dbs.monolith(), dbs.service(), generator, settings.rows(), bar);
        } finally {
            close(bar);
        }
        say.line(String.format("%,d legacy orders loaded with COPY in %s", settings.rows(), seconds(System.nanoTime() - t0)));
    }

    private void init(Decant operator) {
        say.step("decant init");
        InitResult r = operator.init();
        say.line("control schema version " + r.schemaVersion() + " in the legacy database");
        for (InitResult.MigrationInit m : r.migrations()) {
            say.line("migration " + m.name() + ": " + m.phase() + " (phase version " + m.version() + ")"
                    + (m.registered() ? ", registered now" : ", already registered"));
            say.line("mapping checked against both tables:");
            m.mapping().forEach(l -> say.line("  " + l));
        }
    }

    private void startMonolith(SimulatedMonolith monolith, Decant operator) {
        say.step("Start the simulated monolith");
        say.line(settings.instances() + " library instances (processes), each with " + settings.writers() + " writer and "
                + settings.readers() + " reader threads, calling Migration.write and Migration.read");
        say.line("writers insert, update and delete orders (shared keys across instances); every write the library"
                + " acknowledges is recorded in the ledger");
        monolith.start();
        sleep(Duration.ofSeconds(2));
        StatusReport s = operator.status(DemoConfig.MIGRATION);
        say.line("instances registered: " + s.instances().stream().map(i -> i.instanceId() + " (acknowledged "
                + i.ackedPhase() + " v" + i.ackedVersion() + ")").collect(Collectors.joining(", ")));
        say.line("monolith so far: " + monolith.stats().describe());
    }

    /**
     * Advances as an operator would: when only the journal-empty guard refuses (under a loaded
     * machine the repairers can fall behind the 10 s the demo allows), runs {@code decant repair} as
     * the guard's message says and asks again, at most three times.
     */
    private void advance(Decant operator, Phase to, String meaning) {
        say.step("decant advance orders --to " + to);
        for (int attempt = 1; ; attempt++) {
            try {
                List<PhaseChange> changes = operator.advance(DemoConfig.MIGRATION,
                        new AdvanceRequest(Optional.of(to), BARRIER_WAIT, false, null, actor));
                changes.forEach(say::phaseChange);
                say.line(meaning);
                return;
            } catch (DecantException e) {
                boolean journalOnly = e.code() == io.decant.ErrorCode.GUARD_REFUSED && !e.details().isEmpty()
                        && e.details().stream().allMatch(d -> d.startsWith("FAILED journal-empty"));
                if (!journalOnly || attempt == 3) {
                    throw e;
                }
                say.line(e.details().get(0));
                RepairResult r = operator.repair(DemoConfig.MIGRATION, false, ProgressListener.NONE);
                say.line(String.format("decant repair orders: %,d keys repaired, %,d failed; advancing again", r.repaired(), r.failed()));
            }
        }
    }

    /** Waits until the monolith acknowledged {@code n} more writes (the first calls of a phase warm up). */
    private void awaitWrites(SimulatedMonolith monolith, long n) {
        long target = monolith.stats().writes() + n;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (monolith.stats().writes() < target && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(50));
        }
        say.line("monolith so far: " + monolith.stats().describe());
    }

    /**
     * Before the last verification, as an operator reads {@code decant status}: a key a dual write
     * journaled around the flip to NEW_ONLY differs until it is repaired, and the background repairer
     * leaves a key alone while writes of it may still be in flight, which the demo's short dwell can
     * outlast; so a journal that is not empty is repaired first (the proof at the end still checks
     * every acknowledged write).
     */
    private void repairJournal(Decant operator) {
        long depth = operator.status(DemoConfig.MIGRATION).journalDepth();
        if (depth == 0) {
            return;
        }
        RepairResult r = operator.repair(DemoConfig.MIGRATION, false, ProgressListener.NONE);
        say.line(String.format("repair journal: %,d keys waiting; decant repair orders: %,d repaired, %,d failed; journal now %,d",
                depth, r.repaired(), r.failed(), operator.status(DemoConfig.MIGRATION).journalDepth()));
    }

    private void outage(Decant operator, SimulatedMonolith monolith) {
        say.step("Fault: the orders service is unreachable for " + OUTAGE.toSeconds() + " s");
        long failedBefore = monolith.stats().failedWrites();
        long writesBefore = monolith.stats().writes();
        int refusedBefore = faults.refusedCalls();
        faults.serviceOutage(true);
        sleep(OUTAGE);
        faults.serviceOutage(false);
        StatusReport s = operator.status(DemoConfig.MIGRATION);
        say.line(String.format("%,d service writes failed; the monolith's calls still succeeded (%,d writes acknowledged,"
                        + " %,d failed)", faults.refusedCalls() - refusedBefore, monolith.stats().writes() - writesBefore,
                monolith.stats().failedWrites() - failedBefore));
        say.line(String.format("repair journal: %,d keys waiting (legacy -> service)", s.journalDepth()));
        RepairResult r = operator.repair(DemoConfig.MIGRATION, false, ProgressListener.NONE);
        StatusReport after = operator.status(DemoConfig.MIGRATION);
        say.line(String.format("decant repair orders: %,d keys repaired (their current legacy row copied), %,d failed;"
                + " journal now %,d", r.repaired(), r.failed(), after.journalDepth()));
    }

    private void crash(Decant operator, SimulatedMonolith monolith, Inspector inspector) {
        say.step("Fault: a writer dies between the two writes of a dual write");
        int before = monolith.crashedKeys().size();
        faults.armCrashes(2);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (monolith.crashedKeys().size() < before + 2 && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(50));
        }
        List<Long> keys = monolith.crashedKeys().subList(before, monolith.crashedKeys().size());
        say.line("crashed after the legacy write, before the service write: keys " + keys);
        for (long k : keys) {
            say.line("  key " + k + ": " + inspector.compare(k));
        }
        // the writing instance lives on, so nobody else may take its intents (a live instance's write may
        // still be waiting for a row lock): it journals them itself once they are older than dead-after
        Duration deadAfter = operator.config().instances().deadAfter();
        say.line("their intent records stay; the instance journals them itself after dead-after (" + deadAfter.toSeconds() + " s)");
        sleep(deadAfter.plus(operator.config().instances().heartbeat().multipliedBy(2)));
        StatusReport s = operator.status(DemoConfig.MIGRATION);
        say.line("repair journal depth: " + s.journalDepth());
        RepairResult r = operator.repair(DemoConfig.MIGRATION, false, ProgressListener.NONE);
        say.line(String.format("decant repair orders: %,d keys repaired, %,d failed", r.repaired(), r.failed()));
        for (long k : keys) {
            say.line("  key " + k + ": " + inspector.compare(k));
        }
    }

    private void shadowEvidence(Decant operator, SimulatedMonolith monolith) {
        say.step("Collect shadow-read evidence");
        long deadline = System.nanoTime() + settings.dwell().plus(Duration.ofSeconds(90)).toNanos();
        long minDwell = System.nanoTime() + settings.dwell().toNanos();
        StatusReport s = operator.status(DemoConfig.MIGRATION);
        while (System.nanoTime() < deadline) {
            sleep(Duration.ofSeconds(1));
            s = operator.status(DemoConfig.MIGRATION);
            StatusReport.Shadow sh = s.shadow();
            long compared = sh.matched() + sh.mismatched();
            if (System.nanoTime() > minDwell && compared >= settings.shadowSamples() && sh.consistency() >= 0.999) {
                break;
            }
        }
        StatusReport.Shadow sh = s.shadow();
        say.line(String.format("shadow comparisons under version %d: %,d matched, %,d mismatched, %,d ignored, %,d errored;"
                        + " consistency %.3f %% (guard needs %,d at 99.9 %%)", sh.phaseVersion(), sh.matched(), sh.mismatched(),
                sh.ignored(), sh.errored(), sh.consistency() * 100, settings.shadowSamples()));
        s.mismatches().stream().limit(3).forEach(m -> say.line("  sampled mismatch, key " + m.key() + ": legacy "
                + m.legacyValue() + " / service " + m.newValue()));
        say.line("monolith so far: " + monolith.stats().describe());
    }

    private void dwell(Decant operator, SimulatedMonolith monolith, Duration d) {
        sleep(d);
        StatusReport s = operator.status(DemoConfig.MIGRATION);
        say.line(String.format("after %s under load: journal %,d, deferred %,d, shadow %,d matched / %,d mismatched;"
                        + " monolith: %s", seconds(d.toNanos()), s.journalDepth(), s.deferredDepth(), s.shadow().matched(),
                s.shadow().mismatched(), monolith.stats().describe()));
    }

    private static void close(ProgressListener bar) {
        JourneyEngines.close(bar);
    }

    private static Duration shortest(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    static String seconds(long nanos) {
        return String.format("%.1f s", nanos / 1e9);
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DecantException(io.decant.ErrorCode.FAILURE, "interrupted", e);
        }
    }

    /**
     * Reads one key from both stores, to show the state the faults leave: legacy with plain SQL, the
     * service the way the monolith reaches it (its table, or its API).
     */
    private static final class Inspector implements AutoCloseable {
        private final LegacyOrders legacy;
        private final OrderStore service;

        Inspector(DemoDatabases dbs, OrdersService service) {
            this.legacy = new LegacyOrders(dbs.monolith(), "demo-inspect-legacy", 2);
            this.service = service.client("demo-inspect-service", 2, () -> false);
        }

        String compare(long id) {
            try {
                Optional<Order> l = legacy.find(id);
                Optional<Order> s = service.find(id);
                String state = l.map(o -> o.status() + " updated " + o.updatedAt()).orElse("no row");
                return l.equals(s) ? "legacy and service agree (" + state + ")"
                        : "legacy has " + state + ", service has " + s.map(o -> o.status() + " updated " + o.updatedAt()).orElse("no row");
            } catch (SQLException | java.io.IOException e) {
                return "could not read: " + e.getMessage();
            }
        }

        @Override
        public void close() {
            legacy.close();
            service.close();
        }
    }
}
