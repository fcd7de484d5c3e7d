package io.decant.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.AdvanceRequest;
import io.decant.BackfillOptions;
import io.decant.BackfillResult;
import io.decant.Decant;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.Phase;
import io.decant.ProgressListener;
import io.decant.StatusReport;
import io.decant.VerifyOptions;
import io.decant.VerifyReport;
import io.decant.config.BackfillSettings;
import io.decant.config.DecantConfig;
import io.decant.config.MigrationConfig;
import io.decant.config.ShadowSettings;
import io.decant.it.ChildInstance;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The demo's scenario under random faults, per seed: a simulated monolith (three library instances,
 * one of which polls its phase slowly and so lags every phase change) writes and reads the whole
 * time while the phases move from LEGACY_ONLY to NEW_ONLY; a TCP proxy between Decant (library and
 * engines) and the service's database cuts the target off for a few seconds at random points (and
 * stalls or slows its network down at others); dual writes crash between their two writes; a
 * backfill child process is killed with SIGKILL and the backfill resumed, and a
 * {@code verify --repair} child is killed the same way mid-run. A fourth monolith process, a child
 * JVM, is stopped with SIGSTOP between the two writes of a dual write for longer than
 * {@code dead-after} while the phase moves from SHADOW_READ to READ_NEW without it; on waking, that
 * call must fail fenced. From READ_NEW the run goes on to NEW_ONLY and rolls back to SHADOW_READ,
 * across the authority flip, under writes and cuts. The instances stamp the version column
 * ({@code updated_at}, of equal precision in both stores) with their own clocks, one of which runs
 * ahead of the others. Seed 37's legacy store is MariaDB (the others' PostgreSQL). Each run must
 * end, after repair, with zero differences between the two tables and with every acknowledged write
 * present in both — checked with plain SQL against the ledger, not by Decant's verify.
 * {@code -Ddecant.chaos.long=true} runs more seeds, more rows and longer.
 */
class ChaosIT {
    private static final boolean LONG = Boolean.getBoolean("decant.chaos.long");
    private static final long ROWS = LONG ? 60_000 : 4_000;
    private static final Duration SOAK = LONG ? Duration.ofSeconds(20) : Duration.ofSeconds(4);

    /** Seeds to run: {@code -Ddecant.chaos.seeds=11,23} reproduces chosen ones. */
    static LongStream seeds() {
        String chosen = System.getProperty("decant.chaos.seeds", "");
        if (!chosen.isBlank()) {
            LongStream given = java.util.Arrays.stream(chosen.split(",")).mapToLong(x -> Long.parseLong(x.trim()));
            return System.getProperty("decant.chaos.seed", "").isBlank() ? given : LongStream.concat(given, LongStream.of(ROTATING));
        }
        LongStream fixed = LONG ? LongStream.rangeClosed(1, 10).map(i -> 1000 + i * 7919) : LongStream.of(11, 23, 37);
        return LongStream.concat(fixed, LongStream.of(ROTATING));
    }

    /** Seeds whose legacy store (and control store) is MariaDB; {@code -Ddecant.chaos.legacy=mariadb} makes it every seed's. */
    private static final java.util.Set<Long> MARIADB_SEEDS = java.util.Set.of(37L);

    private static boolean legacyOnMariaDb(long seed) {
        return MARIADB_SEEDS.contains(seed) || "mariadb".equalsIgnoreCase(System.getProperty("decant.chaos.legacy", ""));
    }

    /**
     * How far monolith-2's clock runs ahead. By default the clocks agree (0, and the fault is not
     * asserted to fire); {@code -Ddecant.chaos.skew=MS} sets it for every seed and
     * {@code -Ddecant.chaos.skew=drawn} draws 30 ms to 1.92 s per seed (a version column stamped by
     * clocks that disagree once lost writes: docs/known-issues.md, "a lagging instance's LEGACY_ONLY
     * write lost to a host clock running ahead").
     */
    private static Duration skew(Random random) {
        int drawn = random.nextInt(7); // drawn either way, so a seed's other draws stay the same
        String given = System.getProperty("decant.chaos.skew", "0").trim();
        return Duration.ofMillis(given.equals("drawn") ? 30L << drawn : Long.parseLong(given));
    }

    /** One seed drawn per run, besides the fixed ones: {@code -Ddecant.chaos.seed=N} reproduces it. */
    static final long ROTATING = rotatingSeed();

    private static long rotatingSeed() {
        String given = System.getProperty("decant.chaos.seed", "");
        long seed = given.isBlank() ? new java.security.SecureRandom().nextInt(1_000_000) : Long.parseLong(given.trim());
        System.out.printf("[chaos] rotating seed of this run: %d (reproduce with -Ddecant.chaos.seed=%d)%n", seed, seed);
        return seed;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomFaultsLoseNoAcknowledgedWriteAndLeaveNoDifference(long seed, @TempDir Path dir) throws Exception {
        Random random = new Random(seed);
        boolean mariaDb = legacyOnMariaDb(seed);
        DemoSettings settings = new DemoSettings(ROWS, 3, 3, 1, SOAK, mariaDb,
                Optional.of(DemoIT.DemoServers.postgresAdminUrl()),
                mariaDb ? Optional.of(DemoIT.DemoServers.mariadbAdminUrl()) : Optional.empty(), true, seed, 150, dir);
        try (DemoDatabases dbs = DemoDatabases.start(settings)) {
            OrderGenerator generator = new OrderGenerator(seed, ROWS, Instant.now());
            OrdersSchema.create(dbs.monolith(), dbs.service(), generator, ROWS, ProgressListener.NONE);
            URI target = URI.create(dbs.service().url().substring("jdbc:".length()));
            try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort())) {
                DemoDatabase service = new DemoDatabase(false, dbs.service().name(),
                        "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + dbs.service().name(),
                        dbs.service().user(), dbs.service().password());
                BackfillSettings backfill = new BackfillSettings(400, 0, 2, Duration.ofSeconds(3));
                DecantConfig config = config(dbs.monolith(), service, settings, backfill, Duration.ofMillis(250));
                DecantConfig lagging = config(dbs.monolith(), service, settings, backfill, Duration.ofSeconds(3));
                Path configFile = dir.resolve("decant.yaml");
                Files.writeString(configFile, childYaml(config(dbs.monolith(), service, settings,
                        new BackfillSettings(400, 3000, 1, Duration.ofSeconds(3)), Duration.ofMillis(250))));
                FaultInjector faults = new FaultInjector();
                String faultsFired;
                int armed;
                try (Decant operator = Decant.open(config)) {
                    Journey journey = new Journey(operator, random, seed);
                    journey.log("the monolith's database (legacy and control store): " + dbs.monolith().describe());
                    journey.retrying("init", operator::init);
                    try (FrozenInstance frozen = new FrozenInstance(configFile, "chaos-" + seed + "-child", dir);
                         SimulatedMonolith monolith = new SimulatedMonolith(settings, dbs.monolith(), service,
                            DemoConfig.MIGRATION, faults, generator, i -> Decant.builder(i == 2 ? lagging : config)
                            .instanceId("chaos-" + seed + "-" + (i + 1)).crashHook(faults.betweenWrites()).open(), 3_000)) {
                        // hosts whose clocks disagree: monolith-2 stamps updated_at ahead of the others, and every
                        // instance stamps with its own clock as it reads (not after the key's previous stamp)
                        Duration skew = skew(random);
                        monolith.hostClocks(i -> i == 1 ? skew : Duration.ZERO);
                        journey.log("monolith-2's clock runs " + skew.toMillis() + " ms ahead of the other instances'");
                        monolith.start();
                        try (Cuts cuts = new Cuts(proxy, new Random(random.nextLong()))) {
                            // a child that a cut makes fail while it opens its pools is not the fault under test
                            cuts.holdUntil(frozen.started());
                            journey.advance(Phase.DUAL_WRITE);
                            cuts.phase(Phase.DUAL_WRITE);
                            armed = 1 + random.nextInt(3);
                            faults.armCrashes(armed);
                            journey.log("backfill child started");
                            // no cut starts while the child runs: a child that a cut makes fail on its own is
                            // not the fault under test here (the resumed backfill below runs under cuts)
                            long[] kill = cuts.held(() -> killedBackfill(configFile, operator, random));
                            long chunksBeforeKill = kill[0];
                            journey.log("backfill child killed with SIGKILL after " + chunksBeforeKill + " of " + kill[1]
                                    + " chunks (attempt " + kill[2] + ")");
                            assertThat(chunksBeforeKill).as("a running backfill child was killed").isNotNegative();
                            assertThat(chunksBeforeKill).as("the backfill child was killed while it had chunks left").isLessThan(kill[1]);
                            // the target (not authoritative yet) is cut while the resumed backfill runs
                            cuts.requestCut(random.nextInt(300));
                            BackfillResult backfilled = journey.backfillToCompletion();
                            if (chunksBeforeKill > 0) {
                                // Either the run resumed the killed child's checkpoints, or the child had already
                                // done every chunk before the kill, and the run found the plan complete and copied
                                // nothing again. Both honour the checkpoints; a fresh plan would do neither.
                                boolean childFinishedEveryChunk = backfilled.completed() && backfilled.chunksCopied() == 0;
                                assertThat(backfilled.resumed() || childFinishedEveryChunk)
                                        .as("the backfill resumed the killed child's checkpoints (or found them complete): %s",
                                                backfilled).isTrue();
                            }
                            VerifyKill verifyKill = killedVerify(configFile, random);
                            journey.log(verifyKill.line());
                            assertThat(verifyKill.attempt()).as("a verify --repair child was killed while it ran: %s",
                                    verifyKill.line()).isPositive();
                            cuts.held(journey::verifyClean);
                            journey.advance(Phase.SHADOW_READ);
                            cuts.phase(Phase.SHADOW_READ);
                            // the child process stops (SIGSTOP) between the two writes of a dual write, and
                            // stays stopped while the phase moves on to READ_NEW without it
                            frozen.freezeMidWrite(monolith, generator, random, journey);
                            // and the target's network stalls (nothing closed, nothing forwarded) meanwhile
                            cuts.request(Fault.HANG, random.nextInt(300));
                            journey.awaitShadowSamples(settings.shadowSamples());
                            cuts.held(journey::verifyClean);
                            journey.advance(Phase.READ_NEW);
                            cuts.phase(Phase.READ_NEW);
                            // the target is authoritative now (every live instance acknowledged READ_NEW): cut it
                            cuts.requestCut(random.nextInt(500));
                            long readNewAt = System.nanoTime();
                            String freezeFired = frozen.thawAfterThePhaseMoved(operator, monolith, generator, random, journey);
                            // the rest of the soak in READ_NEW (the monolith wrote throughout the thaw's steps)
                            Duration soaked = Duration.ofNanos(System.nanoTime() - readNewAt);
                            DemoJourney.sleep(soaked.compareTo(SOAK.dividedBy(2)) < 0 ? SOAK.dividedBy(2).minus(soaked) : Duration.ZERO);
                            cuts.awaitCutIn(Phase.READ_NEW, Duration.ofSeconds(10));
                            // on to NEW_ONLY (the new store alone, keys kept for a rollback), and back across the
                            // authority flip to SHADOW_READ while the monolith writes and cuts go on. The rollback
                            // repairs every key written in NEW_ONLY, one at a time (some 30 a second on a loaded
                            // 2-core machine): the monolith writes at a thirtieth of its pace meanwhile, some 90
                            // writes a second
                            monolith.pace(100_000);
                            journey.advance(Phase.NEW_ONLY);
                            cuts.phase(Phase.NEW_ONLY);
                            cuts.request(Fault.SLOW, 0); // the rollback's repairs over a slow network
                            DemoJourney.sleep(SOAK.dividedBy(4));
                            long deferred = operator.status(DemoConfig.MIGRATION).deferredDepth();
                            assertThat(deferred).as("keys written in NEW_ONLY, kept for a rollback").isPositive();
                            io.decant.PhaseChange back = journey.rollback(Phase.SHADOW_READ);
                            cuts.phase(Phase.SHADOW_READ);
                            assertThat(back.from()).as("the rollback came from NEW_ONLY: %s", back).isEqualTo(Phase.NEW_ONLY);
                            cuts.awaitFault(Fault.HANG, Duration.ofSeconds(10));
                            cuts.awaitFault(Fault.SLOW, Duration.ofSeconds(10));
                            assertThat(cuts.total(Fault.HANG)).as("the target's network hung").isPositive();
                            assertThat(proxy.heldBytes()).as("a hang held bytes of connections in use").isPositive();
                            assertThat(cuts.total(Fault.SLOW)).as("the target's network slowed down").isPositive();
                            assertThat(proxy.delayedChunks()).as("a slow-down delayed chunks of connections in use").isPositive();
                            assertThat(cuts.count(Phase.DUAL_WRITE) + cuts.count(Phase.SHADOW_READ))
                                    .as("the target was cut off while not authoritative: %s", cuts.describe()).isPositive();
                            assertThat(cuts.count(Phase.READ_NEW))
                                    .as("the target was cut off while authoritative: %s", cuts.describe()).isPositive();
                            faultsFired = "cuts of the target " + cuts.describe() + "; hangs " + cuts.describe(Fault.HANG) + " ("
                                    + proxy.heldBytes() + " bytes held), slow-downs " + cuts.describe(Fault.SLOW) + " ("
                                    + proxy.delayedChunks() + " chunks delayed); backfill child SIGKILLed at chunk "
                                    + chunksBeforeKill + "/" + kill[1] + " (attempt " + kill[2] + "); verify --repair child"
                                    + " SIGKILLed mid-run (attempt " + verifyKill.attempt() + "); " + freezeFired
                                    + "; rolled back from NEW_ONLY to SHADOW_READ under writes, " + deferred
                                    + " keys written in NEW_ONLY at the rollback";
                        }
                        journey.log("cuts stopped after the rollback to SHADOW_READ; stopping the monolith");
                        monolith.stop();
                        // The instances leave the registry (the child left earlier), so intents their failed or
                        // crashed calls left are stale at once and the drain journals them; a live instance journals
                        // its own only once they are older than dead-after.
                        monolith.close();
                        journey.drain();
                        // The backstop of the design: a write that failed where its authoritative commit may still
                        // have happened (the cut fell between commit and reply) was not acknowledged and is not
                        // journaled; verification finds and repairs such a key.
                        journey.verifyClean();
                        journey.log("drained; comparing with plain SQL; " + monolith.stats().describe());
                        assertThat(faults.crashes()).as("dual writes crashed between their writes").isPositive();
                        assertThat(faults.crashes()).as("every armed crash between the writes fired").isEqualTo(armed);
                        MonolithStats stats = monolith.stats();
                        if (!skew.isZero()) {
                            assertThat(stats.earlierStamps()).as("acknowledged updates stamped earlier than the key's previous"
                                    + " write (monolith-2's clock %d ms ahead)", skew.toMillis()).isPositive();
                        }
                        journey.log("FAULTS FIRED: " + faultsFired + "; crashes between the two writes " + faults.crashes()
                                + "/" + armed + "; monolith-2's clock " + skew.toMillis() + " ms ahead: " + stats.earlierStamps()
                                + " acknowledged updates stamped earlier than the key's previous write, "
                                + stats.earlierStampsJournaled() + " of them journaled (their service write failed)");

                        ExpectedOrders expected = new ExpectedOrders(generator, ROWS, monolith.ledger(), monolith.maxId());
                        TableCheck inService = TableCheck.service(dbs.service(), expected);
                        TableCheck inLegacy = TableCheck.legacy(dbs.monolith(), expected);
                        assertThat(inService.clean()).as("service against the ledger: %s", inService).isTrue();
                        assertThat(inLegacy.clean()).as("legacy against the ledger: %s", inLegacy).isTrue();
                        assertThat(LegacyVsService.differences(dbs.monolith(), dbs.service())).as("legacy vs service, row by row").isEmpty();
                        assertThat(monolith.stats().writes()).isPositive();
                    }
                }
            }
        }
    }

    /**
     * The version column the chaos runs rely on is of equal precision in both stores ({@code timestamp(6)}
     * and {@code timestamptz(6)}); at another precision on one side {@code decant init} refuses it (exit
     * 2), naming the column: a column that drops digits makes a later write look older.
     */
    @org.junit.jupiter.api.Test
    void initRefusesTheVersionColumnAtAnotherPrecisionOnOneSide(@TempDir Path dir) throws Exception {
        DemoSettings settings = new DemoSettings(10, 1, 1, 1, Duration.ofSeconds(1), false,
                Optional.of(DemoIT.DemoServers.postgresAdminUrl()), Optional.empty(), false, 1, 10, dir);
        try (DemoDatabases dbs = DemoDatabases.start(settings)) {
            OrdersSchema.create(dbs.monolith(), dbs.service(), new OrderGenerator(1, 10, Instant.now()), 10, ProgressListener.NONE);
            try (java.sql.Connection c = dbs.monolith().connect(); java.sql.Statement st = c.createStatement()) {
                st.execute("ALTER TABLE orders ALTER COLUMN updated_at TYPE timestamp(3)");
            }
            Path configFile = dir.resolve("decant.yaml");
            Files.writeString(configFile, childYaml(DemoConfig.of(dbs.monolith(), dbs.service(), settings)));
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            picocli.CommandLine cli = io.decant.cli.DecantCli.commandLine();
            cli.setOut(new java.io.PrintWriter(out, true)).setErr(new java.io.PrintWriter(err, true));

            int exit = cli.execute("--config", configFile.toString(), "init");

            String said = out + "" + err;
            assertThat(exit).as("decant init with legacy updated_at timestamp(3), service updated_at timestamptz(6): %s", said)
                    .isEqualTo(2);
            assertThat(said).contains("updated_at", "same type and precision");
        }
    }

    /**
     * The demo's configuration, with a shadow consistency threshold of 95 %: keys whose service write a
     * cut made fail are, until repaired, honest shadow mismatches, and a few of them among a few hundred
     * samples must not hold the run back (the threshold is configuration, not the property under test).
     */
    private static DecantConfig config(DemoDatabase legacy, DemoDatabase service, DemoSettings settings,
                                       BackfillSettings backfill, Duration phasePoll) {
        DecantConfig c = DemoConfig.of(legacy.url(), legacy.user(), legacy.password(), service.url(), service.user(),
                service.password(), settings, backfill, phasePoll);
        MigrationConfig m = c.migration(DemoConfig.MIGRATION);
        ShadowSettings s = m.shadow();
        MigrationConfig relaxed = new MigrationConfig(m.name(), m.source(), m.target(), m.columns(), m.rowMapper(), m.backfill(),
                new ShadowSettings(s.samplePercent(), s.minSamples(), 0.95, s.recheckDelay(), s.rampPercent(), s.parallelism()),
                m.verify(), m.retire(), m.intents(), m.disabledGuards());
        return new DecantConfig(c.control(), c.stores(), Map.of(m.name(), relaxed), c.instances(), c.source());
    }

    /**
     * Starts {@code decant backfill} in a child JVM and kills it with SIGKILL once it copied a chunk more
     * than was done before; a child that a cut made fail on its own is replaced (up to five times), so
     * that a running backfill is killed. Returns the chunks done at the kill, or -1 if no child was
     * running long enough to be killed.
     */
    private static long[] killedBackfill(Path configFile, Decant operator, Random random) {
        try {
            return killBackfillChild(configFile, operator, random);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * The configuration as the child processes read it: {@link DemoConfig#yaml} writes a password as
     * {@code ${NAME_DB_PASSWORD}}, which the children's environment does not hold, so the test's own
     * decant.yaml (in its temporary directory) carries the passwords themselves — the embedded MariaDB
     * of a machine without database servers has one.
     */
    private static String childYaml(DecantConfig config) {
        String yaml = DemoConfig.yaml(config);
        for (io.decant.config.StoreConfig s : config.stores().values()) {
            if (s.password() != null) {
                yaml = yaml.replace("${" + s.name().toUpperCase(Locale.ROOT) + "_DB_PASSWORD}",
                        "'" + s.password().replace("'", "''") + "'");
            }
        }
        return yaml;
    }

    /** Returns {chunks done at the kill, chunks in the plan, attempt}, or {-1, 0, attempts}. */
    private static long[] killBackfillChild(Path configFile, Decant operator, Random random) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.decant.cli.DecantCli",
                "--config", configFile.toString(), "backfill", DemoConfig.MIGRATION));
        for (int attempt = 0; attempt < 5; attempt++) {
            Path log = Files.createTempFile(configFile.getParent(), "backfill-child", ".log");
            Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long target = chunksDone(operator).orElse(0L) + 1 + random.nextInt(3);
            long total = Long.MAX_VALUE;
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (child.isAlive() && System.nanoTime() < deadline) {
                    long total0 = chunksTotal(operator);
                    if (total0 > 0) {
                        total = total0;
                        // kill before the last chunks, so that the kill falls while the child still works
                        target = Math.min(target, Math.max(1, total - 3));
                    }
                    if (chunksDone(operator).orElse(0L) >= target) {
                        break;
                    }
                    Thread.sleep(20);
                }
                if (child.isAlive()) {
                    child.destroyForcibly();
                    child.waitFor(30, TimeUnit.SECONDS);
                    long planned = total == Long.MAX_VALUE ? chunksTotal(operator) : total;
                    if (planned == 0) {
                        continue; // killed at the deadline before it planned (a loaded machine): not the fault under test
                    }
                    return new long[] {chunksDone(operator).orElse(0L), planned, attempt + 1};
                }
            } finally {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
        }
        return new long[] {-1, 0, 5};
    }

    private static long chunksTotal(Decant operator) {
        try {
            StatusReport s = operator.status(DemoConfig.MIGRATION);
            return s.backfill() == null ? 0 : s.backfill().chunksTotal();
        } catch (DecantException e) {
            return 0;
        }
    }

    /**
     * Starts {@code decant verify --repair} in a child JVM and kills it with SIGKILL 0–400 ms after its
     * first progress line (it is comparing spans, and repairing what it found). Returns what happened,
     * with the child's output: on a small table a child may finish first (a run the next verify repeats).
     */
    /** A verify child's kill: the attempt whose child was killed while running (0: none was), and what happened. */
    record VerifyKill(int attempt, String line) {
    }

    /**
     * Kills verify children until one is killed while it runs: a child that ended before its kill is
     * replaced by one killed sooner after its first output (down to at once), up to five times.
     */
    private static VerifyKill killedVerify(Path configFile, Random random) throws Exception {
        int delay = random.nextInt(400);
        StringBuilder lines = new StringBuilder();
        for (int attempt = 1; attempt <= 5; attempt++) {
            String line = killedVerifyOnce(configFile, delay);
            lines.append(lines.length() == 0 ? "" : "; then ").append(line);
            if (line.startsWith("verify --repair child killed")) {
                return new VerifyKill(attempt, lines.toString());
            }
            delay /= 3;
        }
        return new VerifyKill(0, lines.toString());
    }

    private static String killedVerifyOnce(Path configFile, int delayMillis) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.decant.cli.DecantCli",
                "--config", configFile.toString(), "verify", DemoConfig.MIGRATION, "--repair");
        Path log = Files.createTempFile(configFile.getParent(), "verify-child", ".log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (child.isAlive() && Files.size(log) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(delayMillis);
            boolean alive = child.isAlive();
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
            String output = String.join(" | ", Files.readAllLines(log));
            return (alive ? "verify --repair child killed with SIGKILL mid-run" : "verify --repair child ended before its kill")
                    + " (" + delayMillis + " ms after its first output); its output: "
                    + (output.length() > 200 ? output.substring(0, 200) + "…" : output);
        } finally {
            child.destroyForcibly();
        }
    }

    private static Optional<Long> chunksDone(Decant operator) {
        try {
            StatusReport s = operator.status(DemoConfig.MIGRATION);
            return s.backfill() == null ? Optional.empty() : Optional.of(s.backfill().chunksDone());
        } catch (DecantException e) {
            return Optional.empty();
        }
    }

    /** The operator's side: each step retried while faults make it fail, as an operator would re-run it. */
    private static final class Journey {
        private final Decant operator;
        private final Random random;
        private final long seed;
        private final long start = System.nanoTime();

        Journey(Decant operator, Random random, long seed) {
            this.operator = operator;
            this.random = random;
            this.seed = seed;
        }

        /**
         * A line on the test's output, so a slow or failing seed shows where it was; with the time of
         * day (UTC), to place a row's {@code updated_at} among the steps.
         */
        void log(String what) {
            System.out.printf("[chaos seed %d, %5.1f s, %s] %s%n", seed, (System.nanoTime() - start) / 1e9,
                    java.time.LocalTime.now(java.time.ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MILLIS), what);
        }

        <T> T retrying(String what, Supplier<T> step) {
            DecantException last = null;
            log(what);
            for (int attempt = 0; attempt < 40; attempt++) {
                try {
                    return step.get();
                } catch (DecantException e) {
                    log(what + " failed (" + e.code() + "): " + e.getMessage().lines().findFirst().orElse("")
                            + (e.details().isEmpty() ? "" : " " + e.details()) + "; retrying");
                    if (e.code() == ErrorCode.BAD_CONFIG) {
                        throw e;
                    }
                    last = e;
                    if (e.code() == ErrorCode.GUARD_REFUSED) {
                        repairQuietly();
                    }
                    DemoJourney.sleep(Duration.ofMillis(500 + random.nextInt(1000)));
                }
            }
            throw new AssertionError(what + " kept failing", last);
        }

        void advance(Phase to) {
            retrying("advance to " + to, () -> {
                if (operator.status(DemoConfig.MIGRATION).phase() == to) {
                    return List.of();
                }
                List<io.decant.PhaseChange> changes = operator.advance(DemoConfig.MIGRATION,
                        new AdvanceRequest(Optional.of(to), Duration.ofSeconds(30), false, null, "chaos-test"));
                changes.forEach(c -> log(c.from() + " -> " + c.to() + ": the barrier (the slow-polling instance"
                        + " included) took " + c.barrierMillis() + " ms"));
                return changes;
            });
        }

        /** Rolls back to {@code to}; a rollback that moved but did not finish (its drain failed) is finished by the next attempt. */
        io.decant.PhaseChange rollback(Phase to) {
            return retrying("rollback to " + to, () -> {
                io.decant.PhaseChange c = operator.rollback(DemoConfig.MIGRATION, to, "chaos test: back across the authority"
                        + " flip under writes", Duration.ofSeconds(30), "chaos-test");
                log(c.from() + " -> " + c.to() + " (rollback): the barrier took " + c.barrierMillis() + " ms");
                return c;
            });
        }

        BackfillResult backfillToCompletion() {
            return retrying("backfill", () -> {
                BackfillResult b = operator.backfill(DemoConfig.MIGRATION, BackfillOptions.defaults(), ProgressListener.NONE);
                if (!b.completed()) {
                    throw new DecantException(ErrorCode.FAILURE, "backfill not completed yet");
                }
                return b;
            });
        }

        VerifyReport verifyClean() {
            return retrying("verify", () -> {
                VerifyReport r = operator.verify(DemoConfig.MIGRATION, VerifyOptions.defaults(), ProgressListener.NONE);
                log("verify: " + r.differences() + " persistent differences " + r.samples().stream()
                        .map(d -> d.kind() + " " + d.key()).limit(5).toList());
                if (!r.clean()) {
                    operator.verify(DemoConfig.MIGRATION, VerifyOptions.defaults().withRepair(true), ProgressListener.NONE);
                    throw new DecantException(ErrorCode.FAILURE, "verify found " + r.differences() + " differences");
                }
                return r;
            });
        }

        void awaitShadowSamples(long samples) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                try {
                    StatusReport.Shadow s = operator.status(DemoConfig.MIGRATION).shadow();
                    if (s.matched() + s.mismatched() >= samples) {
                        return;
                    }
                } catch (DecantException e) {
                    // the control store answers again after the cut
                }
                DemoJourney.sleep(Duration.ofMillis(250));
            }
        }

        /** Repairs until the journal is empty and no stale intent is left, with the target reachable again. */
        void drain() {
            retrying("drain", () -> {
                io.decant.RepairResult r = operator.repair(DemoConfig.MIGRATION, false, ProgressListener.NONE);
                StatusReport s = operator.status(DemoConfig.MIGRATION);
                if (s.journalDepth() > 0 || s.staleIntents() > 0) {
                    throw new DecantException(ErrorCode.FAILURE, "journal " + s.journalDepth() + ", intents " + s.staleIntents()
                            + " (the repair: " + r + ")");
                }
                return s;
            });
        }

        private void repairQuietly() {
            try {
                operator.repair(DemoConfig.MIGRATION, false, ProgressListener.NONE);
            } catch (DecantException ignored) {
                // the next attempt repairs again
            }
        }
    }

    /** What the proxy does to the target's network for a while. */
    enum Fault {
        /** Every connection reset, new ones refused. */
        CUT,
        /** Nothing closed, nothing forwarded: bytes held until it ends. */
        HANG,
        /** Every chunk forwarded 5–50 ms late. */
        SLOW
    }

    /**
     * Faults of the target's network at random moments, every 3–9 s, until closed: cuts of 0.5–2.5 s
     * (half of them), hangs of 0.5–2.5 s (three in ten) and slow-downs of 1–3 s; a step can ask for
     * one of a kind. Verification is run with new faults held back (one that a fault interrupts would
     * only be run again; the writes, the backfill, the repairs and the phase changes are what the
     * faults are for).
     */
    private static final class Cuts implements AutoCloseable {
        private record Request(Fault fault, long at) {
        }

        private final TcpProxy proxy;
        private final Random random;
        private final Map<Fault, Map<Phase, AtomicInteger>> counts = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.concurrent.ConcurrentLinkedQueue<Request> requests = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final Thread thread;
        private volatile boolean running = true;
        private volatile boolean held;
        private volatile Phase phase = Phase.LEGACY_ONLY;
        private volatile java.util.concurrent.Future<?> gate = java.util.concurrent.CompletableFuture.completedFuture(null);

        Cuts(TcpProxy proxy, Random random) {
            this.proxy = proxy;
            this.random = random;
            this.thread = new Thread(this::loop, "chaos-cuts");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            try {
                long next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3000 + random.nextInt(6000));
                while (running) {
                    Thread.sleep(20);
                    long now = System.nanoTime();
                    Request asked = requests.peek();
                    boolean forced = asked != null && now >= asked.at();
                    if (held || !gate.isDone() || (now < next && !forced)) {
                        continue;
                    }
                    Fault fault;
                    if (forced) {
                        requests.poll();
                        fault = asked.fault();
                    } else {
                        int r = random.nextInt(10);
                        fault = r < 5 ? Fault.CUT : r < 8 ? Fault.HANG : Fault.SLOW;
                    }
                    switch (fault) {
                        case CUT -> proxy.cut();
                        case HANG -> proxy.hang();
                        case SLOW -> proxy.slow(5 + random.nextInt(46));
                    }
                    counts.computeIfAbsent(fault, f -> new java.util.concurrent.ConcurrentHashMap<>())
                            .computeIfAbsent(phase, p -> new AtomicInteger()).incrementAndGet();
                    Thread.sleep((fault == Fault.SLOW ? 1000 : 500) + random.nextInt(2000));
                    proxy.restore();
                    next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3000 + random.nextInt(6000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                proxy.restore();
            }
        }

        /** The phase every instance acknowledged; faults from now on are counted under it. */
        void phase(Phase now) {
            phase = now;
        }

        /** Asks for a cut {@code delayMillis} from now (as soon as no step holds faults back). */
        void requestCut(long delayMillis) {
            request(Fault.CUT, delayMillis);
        }

        /** Asks for a fault of that kind {@code delayMillis} from now (as soon as no step holds faults back). */
        void request(Fault fault, long delayMillis) {
            requests.add(new Request(fault, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis)));
        }

        /** Waits until a cut in {@code p} happened (or the timeout passed). */
        void awaitCutIn(Phase p, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (count(p) == 0 && System.nanoTime() < deadline) {
                DemoJourney.sleep(Duration.ofMillis(50));
            }
        }

        /** Waits until a fault of that kind happened (or the timeout passed). */
        void awaitFault(Fault f, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (total(f) == 0 && System.nanoTime() < deadline) {
                DemoJourney.sleep(Duration.ofMillis(50));
            }
        }

        /** Cuts in phase {@code p}. */
        int count(Phase p) {
            return count(Fault.CUT, p);
        }

        int count(Fault f, Phase p) {
            Map<Phase, AtomicInteger> byPhase = counts.get(f);
            AtomicInteger c = byPhase == null ? null : byPhase.get(p);
            return c == null ? 0 : c.get();
        }

        int total(Fault f) {
            Map<Phase, AtomicInteger> byPhase = counts.get(f);
            return byPhase == null ? 0 : byPhase.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        /** The cuts by phase, e.g. {@code DUAL_WRITE 2, SHADOW_READ 1 (not authoritative), READ_NEW 1, NEW_ONLY 0 (authoritative)}. */
        String describe() {
            return "DUAL_WRITE " + count(Phase.DUAL_WRITE) + ", SHADOW_READ " + count(Phase.SHADOW_READ)
                    + " (not authoritative), READ_NEW " + count(Phase.READ_NEW) + ", NEW_ONLY " + count(Phase.NEW_ONLY)
                    + " (authoritative)";
        }

        /** Hangs or slow-downs by phase, e.g. {@code SHADOW_READ 1, READ_NEW 2}. */
        String describe(Fault f) {
            Map<Phase, AtomicInteger> byPhase = counts.getOrDefault(f, Map.of());
            return byPhase.isEmpty() ? "none" : new java.util.TreeMap<>(byPhase).entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue().get()).collect(java.util.stream.Collectors.joining(", "));
        }

        /** No cut starts until {@code done} is (completed either way). */
        void holdUntil(java.util.concurrent.Future<?> done) {
            gate = done;
        }

        /** Runs {@code step} with no cut starting meanwhile. */
        <T> T held(Supplier<T> step) {
            held = true;
            try {
                return step.get();
            } finally {
                held = false;
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(10_000);
            proxy.restore();
        }
    }

    /**
     * The monolith's fourth process: a library instance in a child JVM ({@link MonolithChild}, driven
     * through {@link ChildInstance}), started in the background. In SHADOW_READ one of its dual writes
     * (an insert of a new key) is held between its two writes and the process is stopped with SIGSTOP;
     * the phase moves on to READ_NEW without it (it counts as gone once its lease expired) and the key
     * is written by an in-process instance meanwhile; then it is thawed. The held call must fail
     * fenced before its second write, and it is not acknowledged: only the later write of the key is
     * in the ledger. After two more calls the child leaves the registry and ends; closing kills it, in
     * whatever state it is.
     */
    private static final class FrozenInstance implements AutoCloseable {
        /** How long the child stays stopped at most, should a step hang: then it is thawed (and the test fails). */
        private static final Duration WATCHDOG = Duration.ofSeconds(90);

        private final String instanceId;
        private final java.util.concurrent.CompletableFuture<ChildInstance> started;
        private volatile Thread watchdog;
        private long key;
        private long frozenAt;

        FrozenInstance(Path yaml, String instanceId, Path dir) {
            this.instanceId = instanceId;
            this.started = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> ChildInstance.start(yaml, instanceId, dir, MonolithChild.class));
        }

        /** Completes when the child is ready (or failed to start). */
        java.util.concurrent.Future<ChildInstance> started() {
            return started;
        }

        private ChildInstance child() {
            try {
                return started.get(120, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new AssertionError("the child instance " + instanceId + " did not start", e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("the child instance " + instanceId + " did not start in 120 s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** Starts a dual write of a new key in the child, holds it between its writes, and stops the process. */
        void freezeMidWrite(SimulatedMonolith monolith, OrderGenerator generator, Random random, Journey journey) {
            ChildInstance c = child();
            key = monolith.newId();
            Order held = generator.placed(key, new java.util.SplittableRandom(random.nextLong()), Instant.now());
            c.send("hold-between", MonolithChild.writeCommand(held));
            c.awaitHold("between", key);
            c.freeze();
            frozenAt = System.nanoTime();
            Thread w = new Thread(() -> {
                try {
                    Thread.sleep(WATCHDOG.toMillis());
                    c.thaw();
                } catch (InterruptedException e) {
                    // thawed in time
                }
            }, "chaos-freeze-watchdog");
            w.setDaemon(true);
            w.start();
            watchdog = w;
            journey.log("child instance " + instanceId + " (pid " + c.pid() + ") stopped with SIGSTOP between the two writes"
                    + " of its insert of key " + key + " (legacy written, service not)");
        }

        /**
         * Once the phase moved on to READ_NEW past the stopped child: checks that the control store
         * counts it gone, writes the held key through an in-process instance, waits until the child has
         * been stopped for longer than {@code dead-after}, thaws it and releases the held call, which
         * must fail fenced; a call sent right after the thaw and one once it acts on READ_NEW are
         * recorded as answered. Returns what fired.
         */
        String thawAfterThePhaseMoved(Decant operator, SimulatedMonolith monolith, OrderGenerator generator, Random random,
                                      Journey journey) {
            ChildInstance c = child();
            Duration deadAfter = operator.config().instances().deadAfter();
            StatusReport s = operator.status(DemoConfig.MIGRATION);
            StatusReport.Instance me = s.instances().stream().filter(i -> i.instanceId().equals(instanceId)).findFirst()
                    .orElseThrow(() -> new AssertionError("the child instance " + instanceId + " is not listed: " + s.instances()));
            assertThat(s.phase()).as("the phase moved on while the child was stopped").isEqualTo(Phase.READ_NEW);
            assertThat(me.live()).as("the stopped child counts as gone: %s", me).isFalse();
            assertThat(me.ackedPhase()).as("the stopped child last acknowledged SHADOW_READ: %s", me).isEqualTo(Phase.SHADOW_READ);

            // the held key is written under READ_NEW by an in-process instance (retried while a cut makes it fail)
            Order later = generator.placed(key, new java.util.SplittableRandom(random.nextLong()), Instant.now());
            boolean acknowledged = false;
            for (int attempt = 0; attempt < 40 && !acknowledged; attempt++) {
                acknowledged = monolith.save(0, later);
                if (!acknowledged) {
                    DemoJourney.sleep(Duration.ofMillis(250));
                }
            }
            assertThat(acknowledged).as("a write of key %d under READ_NEW, while the child is stopped", key).isTrue();

            while (System.nanoTime() - frozenAt <= deadAfter.plusMillis(100).toNanos()) {
                DemoJourney.sleep(Duration.ofMillis(50));
            }
            long frozenMillis = (System.nanoTime() - frozenAt) / 1_000_000;
            watchdog.interrupt();
            c.thaw();
            long next = monolith.newId();
            Order nextOrder = generator.placed(next, new java.util.SplittableRandom(random.nextLong()), Instant.now());
            c.send("go", MonolithChild.writeCommand(nextOrder));
            String reply = c.result(key);
            journey.log("child thawed after " + frozenMillis + " ms stopped (dead-after " + deadAfter.toMillis() + " ms); its held"
                    + " call: " + reply);
            // Not acknowledged, and not in the ledger: it was fenced before its second write, and its first write (legacy,
            // before the stop) was overwritten by the acknowledged later write of the key.
            assertThat(reply).as("the held dual write of key %d after the child was stopped %d ms (dead-after %d ms) and the"
                    + " phase moved on", key, frozenMillis, deadAfter.toMillis())
                    .startsWith("failed " + key + " ").contains("InstanceFencedException").contains("stopped before the second");
            String nextReply = record(monolith, nextOrder, c.result(next));
            journey.log("its call sent right after the thaw: " + nextReply);

            // it goes on under the phase it missed
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String phase;
            do {
                c.send("phase");
                phase = c.await(l -> l.startsWith("phase "), ChildInstance.REPLY_WAIT);
            } while (!phase.startsWith("phase " + Phase.READ_NEW + " ") && System.nanoTime() < deadline && pause());
            assertThat(phase).as("the thawed child acts on the current phase").startsWith("phase " + Phase.READ_NEW + " ");
            long third = monolith.newId();
            Order thirdOrder = generator.placed(third, new java.util.SplittableRandom(random.nextLong()), Instant.now());
            c.send(MonolithChild.writeCommand(thirdOrder));
            String thirdReply = record(monolith, thirdOrder, c.result(third));
            // it leaves the registry (so the next barriers do not wait for its lease to expire) and ends
            c.send("leave");
            c.await(l -> l.equals("left"), ChildInstance.REPLY_WAIT);
            c.close();
            journey.log("its call under READ_NEW: " + thirdReply + "; then the child left the registry and ended");
            return "child instance stopped (SIGSTOP) " + frozenMillis + " ms > dead-after " + deadAfter.toMillis()
                    + " ms across SHADOW_READ -> READ_NEW, counted gone, its dual write held across the stop fenced on thaw"
                    + " (key " + key + " rewritten meanwhile), its next call " + nextReply.split(":")[0];
        }

        private static boolean pause() {
            DemoJourney.sleep(Duration.ofMillis(100));
            return true;
        }

        /**
         * Records the child's answer to an insert of a new key (one no other instance writes until it is
         * in the ledger): acknowledged, refused by fencing before it wrote anything, or failed (either
         * outcome possible). Returns a short description.
         */
        private static String record(SimulatedMonolith monolith, Order o, String reply) {
            AcknowledgedWrites ledger = monolith.ledger();
            java.util.concurrent.locks.ReentrantLock lock = ledger.lock(o.id());
            lock.lock();
            try {
                if (reply.equals("ok " + o.id())) {
                    ledger.saved(o);
                    return "acknowledged (key " + o.id() + ")";
                }
                if (reply.contains("InstanceFencedException") && reply.contains("refused a write")) {
                    return "fenced: refused before writing (key " + o.id() + ")";
                }
                ledger.failed(o.id(), Optional.empty(), Optional.of(o));
                return "failed (key " + o.id() + "): " + reply;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            Thread w = watchdog;
            if (w != null) {
                w.interrupt();
            }
            try {
                started.handle((c, e) -> {
                    if (c != null) {
                        c.close();
                    }
                    return null;
                }).get(150, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new AssertionError("closing the child instance " + instanceId, e);
            }
        }
    }
}
