package io.decant.demo.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.decant.AdvanceRequest;
import io.decant.Decant;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.Migration;
import io.decant.Phase;
import io.decant.StatusReport;
import io.decant.config.DecantConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code decant bench dual-write}: a legacy and a service database, each with the {@code orders}
 * table filled over a fixed key space, the control store in the legacy database, and the migration
 * registered and moved through the real facade. In one run, each for the same time and thread
 * count, in turns (a, b, c, a, b, c, ...): (a) the two upserts alone, (b) the same two through {@link Migration#write} in DUAL_WRITE
 * with synchronous (group-committed) intents, (c) the same with asynchronous intents; (d) the
 * library's own time per call with no-op writes, single thread, in LEGACY_ONLY and in DUAL_WRITE
 * with asynchronous intents; (e) reads by key in SHADOW_READ against the legacy read alone.
 */
@Command(name = "dual-write", mixinStandardHelpOptions = true,
        header = "Time dual writes and shadow reads against the plain writes and reads.",
        description = {"Writes are autocommit upserts by a random key out of --keys, each on its own HikariCP pool"
                + " (one per database); the control store is the legacy database. The server URL defaults to"
                + " DECANT_BENCH_POSTGRES_URL, else the local server, else an embedded PostgreSQL. The databases"
                + " decant_bench_dwl (legacy) and decant_bench_dwn (service) are recreated and dropped at the end."
                + " Last, in NEW_ONLY, the new write alone is timed against a NEW_ONLY call, which records its key"
                + " durably in the control store before the write."})
public final class DualWriteBench implements Callable<Integer> {
    static final String UPSERT = "INSERT INTO orders (id, customer_id, total, status, created_at, updated_at, note, paid)"
            + " VALUES (?, ?, ?, ?, now(), now(), ?, ?) ON CONFLICT (id) DO UPDATE SET customer_id = EXCLUDED.customer_id,"
            + " total = EXCLUDED.total, status = EXCLUDED.status, updated_at = EXCLUDED.updated_at, note = EXCLUDED.note,"
            + " paid = EXCLUDED.paid";
    static final String SELECT = "SELECT customer_id, total, status, note, paid FROM orders WHERE id = ?";
    private static final String[] STATUSES = {"new", "paid", "shipped", "cancelled"};
    private static final int CPU_BATCH = 100_000;
    private static final Runnable NOTHING = () -> {
    };

    @Spec
    private CommandSpec spec;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "32", description = "Concurrent callers (default ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10", description = "Measured seconds per phase (default ${DEFAULT-VALUE}).")
    private int seconds;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "3", description = "Warm-up seconds before each phase (default ${DEFAULT-VALUE}).")
    private int warmupSeconds;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "2",
            description = "Rounds: the phases run in turn this many times, each for --seconds / N (default ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--read-threads", paramLabel = "N",
            description = "Concurrent readers for the shadow-read comparison (default: --threads).")
    private Integer readThreads;

    @Option(names = "--keys", paramLabel = "N", defaultValue = "100000", description = "Key space, rows in each table (default ${DEFAULT-VALUE}).")
    private long keys;

    @Option(names = "--cpu-calls", paramLabel = "N", defaultValue = "3000000",
            description = "Measured no-op calls per phase for the library CPU figure (default ${DEFAULT-VALUE}).")
    private long cpuCalls;

    @Option(names = "--only", paramLabel = "PART", description = "Run only the writes or only the reads (writes, reads; default both).")
    private String only;

    @Option(names = "--postgres-url", paramLabel = "URL", description = "PostgreSQL server (a JDBC URL with credentials).")
    private String postgresUrl;

    @Option(names = "--db-prefix", paramLabel = "NAME", defaultValue = "decant_bench", description = "Prefix of the"
            + " benchmark's database names, recreated and dropped at the end (default ${DEFAULT-VALUE}).")
    private String dbPrefix;

    @Option(names = "--netem-delay", paramLabel = "RTT", description = "Add this round trip (e.g. 1ms, 500us) to every"
            + " connection of the callers and of Decant to the (local) server: tc netem on a veth pair into a network namespace"
            + " of the bench's own, with a forwarder in it (needs root, ip, tc, socat, nsenter and the netem qdisc); where that"
            + " cannot be had, a delaying TCP forwarder on loopback in this process. Everything is removed at the end.")
    private String netemDelay;

    @Override
    public Integer call() throws Exception {
        if (only != null && !only.equals("writes") && !only.equals("reads")) {
            throw DecantException.badConfig("--only: '" + only + "' is neither writes nor reads");
        }
        if (threads < 1 || seconds < 1 || rounds < 1 || warmupSeconds < 0 || keys < 1 || cpuCalls < CPU_BATCH) {
            throw DecantException.badConfig("--threads, --seconds, --rounds and --keys must be at least 1, --warmup at least 0"
                    + " and --cpu-calls at least " + CPU_BATCH);
        }
        BenchPairOptions.checkPrefix(dbPrefix);
        Duration roundTrip = netemDelay == null ? null : NetworkDelay.parse(netemDelay);
        PrintWriter out = spec.commandLine().getOut();
        try (BenchServers servers = new BenchServers()) {
            String server = servers.postgres(postgresUrl, out);
            if (roundTrip != null) {
                NetworkDelay.port(server);
            }
            String legacy = BenchServers.freshDatabase(server, dbPrefix + "_dwl");
            String service = BenchServers.freshDatabase(server, dbPrefix + "_dwn");
            Path syncConfig = Files.createTempFile("decant-bench-sync", ".yaml");
            Path asyncConfig = Files.createTempFile("decant-bench-async", ".yaml");
            try {
                out.printf(Locale.ROOT, "bench dual-write: %d threads, %d s measured after %d s warm-up per phase, %,d keys,"
                        + " %d processors, load average %.2f%n", threads, seconds, warmupSeconds, keys,
                        Runtime.getRuntime().availableProcessors(), loadAverage());
                out.flush();
                OrdersTable.create(legacy, keys);
                OrdersTable.create(service, keys);
                try (NetworkDelay delay = roundTrip == null ? null : NetworkDelay.open(roundTrip, List.of(legacy, service), out)) {
                    String legacyVia = delay == null ? legacy : delay.route(legacy);
                    String serviceVia = delay == null ? service : delay.route(service);
                    if (delay != null) {
                        out.printf(Locale.ROOT, "bench dual-write: every connection of the callers and of Decant goes through %s;"
                                + " SELECT 1 round trip, median of 200: %.0f us direct, %.0f us through it%n", delay.describe(),
                                roundTripMicros(legacy), roundTripMicros(legacyVia));
                        out.flush();
                    }
                    runAll(out, legacyVia, serviceVia, syncConfig, asyncConfig);
                }
            } finally {
                Files.deleteIfExists(syncConfig);
                Files.deleteIfExists(asyncConfig);
                BenchServers.dropDatabase(server, dbPrefix + "_dwl");
                BenchServers.dropDatabase(server, dbPrefix + "_dwn");
            }
        }
        return 0;
    }

    /** The pools of the application's writes and reads, and the runs. */
    private void runAll(PrintWriter out, String legacy, String service, Path syncConfig, Path asyncConfig) throws Exception {
        Files.writeString(syncConfig, config(legacy, service, "sync"));
        Files.writeString(asyncConfig, config(legacy, service, "async"));
        // a caller holds one connection at a time, so two pools of this size never wait; PostgreSQL's
        // default max_connections (100) leaves little room for more
        int poolSize = Math.max(32, Math.max(threads, readThreads == null ? 0 : readThreads));
        int opened = Math.min(poolSize, Math.max(threads, readThreads == null ? 0 : readThreads) + 8);
        try (HikariDataSource legacyPool = pool(legacy, "legacy", poolSize, opened);
             HikariDataSource servicePool = pool(service, "service", poolSize, opened)) {
            run(out, legacyPool, servicePool, syncConfig, asyncConfig);
        }
    }

    /** The median of 200 {@code SELECT 1} round trips on one connection to {@code url}, in microseconds. */
    private static double roundTripMicros(String url) throws SQLException {
        long[] nanos = new long[200];
        try (Connection c = java.sql.DriverManager.getConnection(url); PreparedStatement ps = c.prepareStatement("SELECT 1")) {
            for (int i = -50; i < nanos.length; i++) {
                long t0 = System.nanoTime();
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
                if (i >= 0) {
                    nanos[i] = System.nanoTime() - t0;
                }
            }
        }
        Arrays.sort(nanos);
        return nanos[nanos.length / 2] / 1000.0;
    }

    private void run(PrintWriter out, HikariDataSource legacyPool, HikariDataSource servicePool, Path syncConfig,
                     Path asyncConfig) throws Exception {
        try (Decant syncDecant = Decant.open(DecantConfig.load(syncConfig));
             Decant asyncDecant = Decant.open(DecantConfig.load(asyncConfig))) {
            syncDecant.init();
            Migration sync = syncDecant.migration("orders");
            Migration async = asyncDecant.migration("orders");
            if (!"reads".equals(only)) {
                runWrites(out, legacyPool, servicePool, syncDecant, sync, async);
            }
            if (!"writes".equals(only)) {
                move(syncDecant, Phase.SHADOW_READ, sync, async);
                runReads(out, legacyPool, servicePool, async);
            }
            if (!"reads".equals(only)) {
                move(syncDecant, Phase.NEW_ONLY, sync, async);
                runNewOnly(out, servicePool, sync);
            }
        }
        if (!"writes".equals(only)) {
            try (Decant decant = Decant.open(DecantConfig.load(asyncConfig))) {
                StatusReport.Shadow compared = decant.status("orders").shadow();
                out.printf(Locale.ROOT, "shadow comparisons stored (warm-ups included): %s%n", compared == null ? "none reported"
                        : compared.matched() + " matched, " + compared.mismatched() + " mismatched, " + compared.errored()
                        + " errored, " + compared.ignored() + " ignored");
            }
        }
        out.printf(Locale.ROOT, "load average at the end: %.2f%n", loadAverage());
        out.flush();
    }

    private void runWrites(PrintWriter out, HikariDataSource legacyPool, HikariDataSource servicePool, Decant syncDecant,
                           Migration sync, Migration async) throws Exception {
        Duration warmup = Duration.ofSeconds(warmupSeconds);
        Duration slice = Duration.ofMillis(seconds * 1000L / rounds);
        double cpuLegacyOnly = libraryNanosPerCall(out, sync, Phase.LEGACY_ONLY);
        move(syncDecant, Phase.DUAL_WRITE, sync, async);
        TimedLoad.Operation plain = key -> {
            Order o = Order.random(key);
            upsert(legacyPool, o);
            upsert(servicePool, o);
        };
        TimedLoad.Operation viaSync = key -> {
            Order o = Order.random(key);
            sync.write(key, () -> upsert(legacyPool, o), () -> upsert(servicePool, o));
        };
        TimedLoad.Operation viaAsync = key -> {
            Order o = Order.random(key);
            async.write(key, () -> upsert(legacyPool, o), () -> upsert(servicePool, o));
        };
        List<double[]> writeRounds = new ArrayList<>();
        TimedLoad.Result[] writes = alternate(out, threads, warmup, slice, writeRounds, new String[] {"baseline", "dual-write-sync", "dual-write-async"},
                new TimedLoad.Operation[] {plain, viaSync, viaAsync});
        double cpuDualWrite = libraryNanosPerCall(out, async, Phase.DUAL_WRITE);
        TimedLoad.Result baseline = writes[0];
        double syncRatio = writes[1].latencies().meanNanos() / baseline.latencies().meanNanos();
        double asyncRatio = writes[2].latencies().meanNanos() / baseline.latencies().meanNanos();
        out.printf(Locale.ROOT, "dual write, %d threads: mean latency per call sync/baseline %.2fx (target <= 1.20x),"
                + " async/baseline %.2fx; throughput sync/baseline %.2f, async/baseline %.2f%n", threads, syncRatio, asyncRatio,
                writes[1].callsPerSecond() / baseline.callsPerSecond(), writes[2].callsPerSecond() / baseline.callsPerSecond());
        out.printf(Locale.ROOT, "  per round, mean latency sync/baseline %s, async/baseline %s%n",
                ratios(writeRounds, 1, 0, false), ratios(writeRounds, 2, 0, false));
        out.printf(Locale.ROOT, "  median of the per-round ratios: sync/baseline %.2fx, async/baseline %.2fx%n",
                medianRatio(writeRounds, 1, 0, false), medianRatio(writeRounds, 2, 0, false));
        out.printf(Locale.ROOT, "library time per call (no-op writes, 1 thread, median of batches of %,d): LEGACY_ONLY %.0f ns,"
                + " DUAL_WRITE with async intents %.0f ns (target < 5000 ns)%n", CPU_BATCH, cpuLegacyOnly, cpuDualWrite);
        out.flush();
    }

    /**
     * NEW_ONLY: each call records its key durably in the control store (group-committed) before the new
     * write, so that a rollback finds it even if the process dies right after the call returned.
     * Baseline: the new store's write alone.
     */
    private void runNewOnly(PrintWriter out, HikariDataSource servicePool, Migration sync) {
        Duration warmup = Duration.ofSeconds(warmupSeconds);
        Duration slice = Duration.ofMillis(seconds * 1000L / rounds);
        List<double[]> newOnlyRounds = new ArrayList<>();
        TimedLoad.Result[] writes = alternate(out, threads, warmup, slice, newOnlyRounds, new String[] {"new-write-alone", "new-only-recorded"},
                new TimedLoad.Operation[] {key -> upsert(servicePool, Order.random(key)),
                    key -> {
                        Order o = Order.random(key);
                        sync.write(key, () -> {
                            throw new IllegalStateException("NEW_ONLY does not write legacy");
                        }, () -> upsert(servicePool, o));
                    }});
        out.printf(Locale.ROOT, "NEW_ONLY write with its key recorded durably, %d threads: mean latency per call recorded/alone"
                + " %.2fx (target <= 1.20x); throughput %.2f%n", threads,
                writes[1].latencies().meanNanos() / writes[0].latencies().meanNanos(),
                writes[1].callsPerSecond() / writes[0].callsPerSecond());
        out.printf(Locale.ROOT, "  median of the per-round ratios: recorded/alone %.2fx%n", medianRatio(newOnlyRounds, 1, 0, false));
        out.flush();
    }

    private void runReads(PrintWriter out, HikariDataSource legacyPool, HikariDataSource servicePool, Migration async) {
        Duration warmup = Duration.ofSeconds(warmupSeconds);
        Duration slice = Duration.ofMillis(seconds * 1000L / rounds);
        List<double[]> readRounds = new ArrayList<>();
        int readers = readThreads == null ? threads : readThreads;
        TimedLoad.Result[] reads = alternate(out, readers, warmup, slice, readRounds, new String[] {"read-legacy-alone", "read-shadow"},
                new TimedLoad.Operation[] {key -> read(legacyPool, key),
                    key -> async.read(key, () -> read(legacyPool, key), () -> read(servicePool, key))});
        double readRatio = (double) reads[1].latencies().median() / reads[0].latencies().median();
        out.printf(Locale.ROOT, "shadow read, %d threads: median latency shadow/legacy alone %.2fx (target < 1.10x)%n",
                readers, readRatio);
        out.printf(Locale.ROOT, "  per round, median latency shadow/legacy alone %s%n", ratios(readRounds, 1, 0, true));
        out.printf(Locale.ROOT, "  median of the per-round ratios: shadow/legacy alone %.2fx%n", medianRatio(readRounds, 1, 0, true));
        out.flush();
    }

    /**
     * Runs the operations in turn, {@code rounds} times (a, b, c, a, b, c, ...), each after its own
     * warm-up, so drift in the machine's load falls on all of them alike; returns each one's merged result.
     */
    private TimedLoad.Result[] alternate(PrintWriter out, int callers, Duration warmup, Duration slice,
                                         List<double[]> perRound, String[] names, TimedLoad.Operation[] ops) {
        Latencies[] merged = new Latencies[ops.length];
        long[] errors = new long[ops.length];
        String[] firstError = new String[ops.length];
        for (int i = 0; i < ops.length; i++) {
            merged[i] = new Latencies();
        }
        for (int r = 1; r <= rounds; r++) {
            double[] means = new double[ops.length * 2];
            perRound.add(means);
            for (int i = 0; i < ops.length; i++) {
                TimedLoad.Result one = TimedLoad.run(names[i], callers, keys, warmup, slice, ops[i]);
                report(out, one, "round " + r + " ");
                merged[i].addAll(one.latencies());
                means[i] = one.latencies().count() == 0 ? Double.NaN : one.latencies().meanNanos();
                means[ops.length + i] = one.latencies().count() == 0 ? Double.NaN : one.latencies().median();
                errors[i] += one.errors();
                if (firstError[i] == null) {
                    firstError[i] = one.firstError();
                }
            }
        }
        TimedLoad.Result[] all = new TimedLoad.Result[ops.length];
        for (int i = 0; i < ops.length; i++) {
            all[i] = report(out, new TimedLoad.Result(names[i], callers, slice.toNanos() * rounds / 1e9, merged[i], errors[i],
                    firstError[i]), "all    ");
        }
        return all;
    }

    private TimedLoad.Result report(PrintWriter out, TimedLoad.Result r, String prefix) {
        if (r.latencies().count() == 0) {
            throw new DecantException(ErrorCode.FAILURE, r.name() + ": no call completed"
                    + (r.firstError() == null ? "" : "; first error: " + r.firstError()));
        }
        out.printf(Locale.ROOT, "%s%-18s %,9.0f calls/s  mean %7.2f ms  median %7.2f ms  p99 %7.2f ms  (%,d calls, %d errors%s)%n",
                prefix, r.name(), r.callsPerSecond(), r.latencies().meanNanos() / 1e6, r.latencies().median() / 1e6,
                r.latencies().percentile(99) / 1e6, r.latencies().count(), r.errors(),
                r.firstError() == null ? "" : ", first: " + r.firstError());
        out.flush();
        return r;
    }

    /**
     * Per-round ratios of operation {@code a} to {@code b}, of their mean latencies or of their
     * medians (each round holds the operations' means, then their medians).
     */
    /**
     * The median of the per-round ratios: each round's two figures were measured seconds apart, so on
     * a machine whose load swings this pairs like with like and is little moved by the worst rounds.
     */
    static double medianRatio(List<double[]> perRound, int a, int b, boolean medians) {
        double[] r = new double[perRound.size()];
        for (int i = 0; i < r.length; i++) {
            double[] round = perRound.get(i);
            int at = medians ? round.length / 2 : 0;
            r[i] = round[at + a] / round[at + b];
        }
        Arrays.sort(r);
        return r.length % 2 == 1 ? r[r.length / 2] : (r[r.length / 2 - 1] + r[r.length / 2]) / 2;
    }

    private static String ratios(List<double[]> perRound, int a, int b, boolean medians) {
        StringBuilder s = new StringBuilder();
        for (double[] round : perRound) {
            int at = medians ? round.length / 2 : 0;
            double r = round[at + a] / round[at + b];
            s.append(s.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2fx", r));
        }
        return s.toString();
    }

    /** Moves the migration to {@code to}, forced (the bench skips backfill and verify), and waits for the bench's instances. */
    private static void move(Decant decant, Phase to, Migration... handles) throws InterruptedException {
        decant.advance("orders", new AdvanceRequest(Optional.of(to), Duration.ofSeconds(30), true,
                "benchmark: guards skipped on purpose", "bench"));
        for (Migration m : handles) {
            for (int i = 0; i < 300 && m.phase() != to; i++) {
                Thread.sleep(100);
            }
            if (m.phase() != to) {
                throw new DecantException(ErrorCode.FAILURE, "a bench instance did not reach " + to + "; it acts on " + m.phase());
            }
        }
    }

    /**
     * The library's own time per {@link Migration#write} call with no-op writes, single thread: a
     * warm-up of as many calls as measured, then the median over batches of {@value #CPU_BATCH}.
     */
    private double libraryNanosPerCall(PrintWriter out, Migration m, Phase phase) {
        if (m.phase() != phase) {
            throw new DecantException(ErrorCode.FAILURE, "expected " + phase + " for the CPU measurement, the instance acts on " + m.phase());
        }
        Long[] boxed = new Long[65_536];
        for (int i = 0; i < boxed.length; i++) {
            boxed[i] = 1L + ThreadLocalRandom.current().nextLong(keys);
        }
        int batches = (int) (cpuCalls / CPU_BATCH);
        for (int b = 0; b < batches; b++) {
            noopBatch(m, boxed);
        }
        double[] perCall = new double[batches];
        for (int b = 0; b < batches; b++) {
            perCall[b] = noopBatch(m, boxed) / (double) CPU_BATCH;
        }
        Arrays.sort(perCall);
        double median = perCall[batches / 2];
        out.printf(Locale.ROOT, "%-18s %,d no-op calls: median %.0f ns/call, fastest batch %.0f, slowest %.0f%n",
                "cpu-" + phase.name().toLowerCase(Locale.ROOT), (long) batches * CPU_BATCH, median, perCall[0], perCall[batches - 1]);
        out.flush();
        return median;
    }

    private static long noopBatch(Migration m, Long[] boxed) {
        long t0 = System.nanoTime();
        for (int i = 0; i < CPU_BATCH; i++) {
            m.write(boxed[i & (boxed.length - 1)], NOTHING, NOTHING);
        }
        return System.nanoTime() - t0;
    }

    /** One row's values; the same for both stores of one call. */
    record Order(long id, long customerId, java.math.BigDecimal total, String status, String note, boolean paid) {
        static Order random(long id) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            return new Order(id, r.nextLong(100_000), java.math.BigDecimal.valueOf(r.nextLong(1_000_000), 2),
                    STATUSES[r.nextInt(STATUSES.length)], "note " + Long.toHexString(r.nextLong()), r.nextBoolean());
        }
    }

    private static void upsert(HikariDataSource pool, Order o) {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(UPSERT)) {
            ps.setLong(1, o.id());
            ps.setLong(2, o.customerId());
            ps.setBigDecimal(3, o.total());
            ps.setString(4, o.status());
            ps.setString(5, o.note());
            ps.setBoolean(6, o.paid());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DecantException(ErrorCode.FAILURE, "upsert of order " + o.id() + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> read(HikariDataSource pool, long key) {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(rs.getLong(1) + "|" + rs.getBigDecimal(2) + "|" + rs.getString(3) + "|" + rs.getString(4)
                        + "|" + rs.getBoolean(5));
            }
        } catch (SQLException e) {
            throw new DecantException(ErrorCode.FAILURE, "read of order " + key + ": " + e.getMessage(), e);
        }
    }

    /** A pool of at most {@code size} connections, {@code opened} of them kept open (more only on demand). */
    private static HikariDataSource pool(String url, String name, int size, int opened) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setPoolName("bench-" + name);
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(opened);
        c.setAutoCommit(true);
        return new HikariDataSource(c);
    }

    private String config(String legacy, String service, String intents) {
        return "control: legacy\n"
                + "stores:\n"
                + "  legacy:\n    url: " + legacy + "\n    pool-size: 4\n"
                + "  orders:\n    url: " + service + "\n    pool-size: 1\n"
                + "migrations:\n"
                + "  orders:\n"
                + "    source: { store: legacy, table: orders, key: [id] }\n"
                + "    target: { store: orders, table: orders, key: [id] }\n"
                + "    intents: " + intents + "\n"
                + "    shadow: { sample-percent: 100 }\n";
    }

    static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
