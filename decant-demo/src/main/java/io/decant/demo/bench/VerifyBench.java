package io.decant.demo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.decant.Decant;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.ProgressListener;
import io.decant.VerifyOptions;
import io.decant.VerifyReport;
import io.decant.config.DecantConfig;
import io.decant.spi.Key;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code decant bench verify}: creates the legacy {@code orders} table in a source database and the
 * service's table ({@link BenchSchema}: realistic by default) holding the same rows in a second
 * database, then in one run times (a) the baseline, one in-database hash pass over each table, (b)
 * Decant's verify of the identical rows and (c) Decant's verify after 100 scattered differences
 * (deletes, inserts, updates), checking that exactly those 100 are found. Unless {@code
 * --no-cold-run}, (b) and (c) also run once each as {@code decant verify} in a fresh JVM, as a user
 * runs it, timed from JVM start to exit and reported apart.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        header = "Time verify against one in-database hash pass over both tables.",
        description = {"Pairs: pg-pg (baseline: SELECT sum(hashtext(t::text)) FROM orders t, on each table) and"
                + " mariadb-pg (baseline: SUM(CRC32(CONCAT_WS(...))) on MariaDB, hashtext on PostgreSQL). The copy is"
                + " made with a COPY pipe. Server URLs default to DECANT_BENCH_POSTGRES_URL / DECANT_BENCH_MARIADB_URL,"
                + " else the local servers; PostgreSQL falls back to an embedded server. The databases"
                + " decant_bench_vsrc and decant_bench_vdst are recreated and dropped at the end. The service's table is realistic"
                + " unless --schema identical: columns renamed, note dropped, others retyped (integer -> bigint, numeric(12,2) ->"
                + " numeric(14,2), text -> varchar(20), timestamp -> timestamptz). Unless --no-cold-run, each series starts with"
                + " `decant verify` run once in a fresh JVM (JVM start to exit), as a user runs it. With --target http each round"
                + " also verifies the same tables with the target reached through decant-service's endpoint (in this process)"
                + " and prints the ratio HTTP path / JDBC path.",
            "", "Exit codes: 0 ok, 2 bad usage, 4 failure (including a difference missed or a false positive)."})
public final class VerifyBench implements Callable<Integer> {
    private static final int PLANTED = 100;
    /** The migration of the HTTP path ({@code --target http}): the same tables, the target reached through the endpoint. */
    private static final String HTTP_MIGRATION = "orders_http";

    @Spec
    private CommandSpec spec;

    @Mixin
    private BenchPairOptions data;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "4", description = "Verify threads (default ${DEFAULT-VALUE}).")
    private int workers;

    @Option(names = "--chunk-rows", paramLabel = "N", defaultValue = "10000", description = "Rows per hashed span (default ${DEFAULT-VALUE}).")
    private int chunkRows;

    @Option(names = "--recheck-delay", paramLabel = "MS", defaultValue = "250",
            description = "Recheck delay in milliseconds (default ${DEFAULT-VALUE}).")
    private long recheckDelayMillis;

    @Override
    public Integer call() throws Exception {
        data.check(1000);
        PrintWriter out = spec.commandLine().getOut();
        try (BenchServers servers = new BenchServers()) {
            BenchPairOptions.Servers ends = data.servers(servers, out);
            String pgServer = ends.target();
            String sourceServer = ends.source();
            String source = BenchServers.freshDatabase(sourceServer, data.dbPrefix + "_vsrc");
            String target = BenchServers.freshDatabase(pgServer, data.dbPrefix + "_vdst");
            Path config = Files.createTempFile("decant-bench-verify", ".yaml");
            BenchSchema schema = data.benchSchema();
            try {
                out.printf(Locale.ROOT, "bench verify %s, %s schema: creating %,d rows in %s and copying them to %s; load average"
                        + " %.2f%n", data.pair, data.schema, data.rows, BenchServers.redact(source), BenchServers.redact(target),
                        DualWriteBench.loadAverage());
                out.flush();
                OrdersTable.create(source, data.rows, schema);
                OrdersTable.recreateEmpty(target, schema);
                long copied = data.fromMariaDb() ? CopyPipe.mariadbToPostgres(source, target, schema)
                        : CopyPipe.postgresToPostgres(source, target, schema);
                if (copied != data.rows) {
                    throw new DecantException(ErrorCode.FAILURE, "the copy wrote " + copied + " rows, expected " + data.rows);
                }
                execute(target, "VACUUM ANALYZE orders");
                try (BenchEndpoint endpoint = data.overHttp() ? new BenchEndpoint(target, schema.targetKey(), 2 * workers + 4) : null) {
                    Files.writeString(config, config(source, target, endpoint, schema));
                    try (Decant decant = Decant.open(DecantConfig.load(config))) {
                        decant.init();
                        if (endpoint != null) {
                            out.println("bench verify: the HTTP path reaches " + BenchServers.redact(target) + " through the "
                                    + endpoint.describe());
                        }
                        measure(out, decant, source, target, endpoint != null, config, schema);
                    }
                }
            } finally {
                Files.deleteIfExists(config);
                BenchServers.dropDatabase(sourceServer, data.dbPrefix + "_vsrc");
                BenchServers.dropDatabase(pgServer, data.dbPrefix + "_vdst");
            }
        }
        return 0;
    }

    /**
     * Rounds of a baseline pass and a verification, first on identical tables, then with the planted
     * differences. Each round's ratio is its verification over its own baseline, so drifting load on a
     * shared machine weighs on both; the summary gives the median round and the best of each.
     */
    private void measure(PrintWriter out, Decant decant, String source, String target, boolean overHttp, Path config,
                         BenchSchema schema) throws Exception {
        FreshRun coldIdentical = data.coldRun ? coldRun(out, config, source, target, null, schema) : null;
        VerifyOptions options = VerifyOptions.defaults().withWorkers(workers).withSampleLimit(PLANTED * 2)
                .withRecheckDelay(Duration.ofMillis(recheckDelayMillis));
        Rounds identical = new Rounds();
        Rounds identicalHttp = new Rounds();
        for (int run = 1; run <= data.runs; run++) {
            double b = baseline(source, target);
            long t0 = System.nanoTime();
            VerifyReport r = decant.verify("orders", options, ProgressListener.NONE);
            double v = (System.nanoTime() - t0) / 1e9;
            checkClean(r, "");
            identical.add(b, v);
            out.printf(Locale.ROOT, "run %d: baseline hash pass over both tables %.2f s; verify identical %.2f s"
                    + " (%d spans, %s), ratio %.2fx%n", run, b, v, r.spans(), r.inDatabase() ? "hashed in the databases"
                    : "compared in Java", v / b);
            if (overHttp) {
                long t1 = System.nanoTime();
                VerifyReport h = decant.verify(HTTP_MIGRATION, options, ProgressListener.NONE);
                double vh = (System.nanoTime() - t1) / 1e9;
                checkClean(h, " over HTTP");
                identicalHttp.add(b, vh, v);
                out.printf(Locale.ROOT, "run %d: HTTP path: verify identical %.2f s (%d spans, %s), ratio %.2fx to the baseline;"
                        + " HTTP path / JDBC path %.2fx%n", run, vh, h.spans(), h.inDatabase() ? "hashed in the databases"
                        : "compared in Java", vh / b, vh / v);
            }
            out.flush();
        }
        Planted planted = plant(source, target, schema);
        FreshRun coldDiffering = data.coldRun ? coldRun(out, config, source, target, planted, schema) : null;
        Rounds differing = new Rounds();
        Rounds differingHttp = new Rounds();
        for (int run = 1; run <= data.runs; run++) {
            double b = baseline(source, target);
            long t0 = System.nanoTime();
            VerifyReport r = decant.verify("orders", options, ProgressListener.NONE);
            double v = (System.nanoTime() - t0) / 1e9;
            check(report(r), planted, schema);
            differing.add(b, v);
            out.printf(Locale.ROOT, "run %d: baseline %.2f s; verify with %d differences %.2f s: %d missing, %d extra,"
                            + " %d differing, all found, no false positives (%d spans compared row by row), ratio %.2fx%n",
                    run, b, PLANTED, v, r.missingInTarget(), r.extraInTarget(), r.differing(), r.spansDescended(), v / b);
            if (overHttp) {
                long t1 = System.nanoTime();
                VerifyReport h = decant.verify(HTTP_MIGRATION, options, ProgressListener.NONE);
                double vh = (System.nanoTime() - t1) / 1e9;
                check(report(h), planted, schema);
                differingHttp.add(b, vh, v);
                out.printf(Locale.ROOT, "run %d: HTTP path: verify with %d differences %.2f s, all found, no false positives"
                        + " (%d spans compared row by row), ratio %.2fx to the baseline; HTTP path / JDBC path %.2fx%n", run,
                        PLANTED, vh, h.spansDescended(), vh / b, vh / v);
            }
            out.flush();
        }
        out.printf(Locale.ROOT, "%d rounds, %,d rows, %d workers, spans of %d rows, recheck delay %d ms:%n", data.runs, data.rows,
                workers, chunkRows, recheckDelayMillis);
        out.printf(Locale.ROOT, "  identical:        median ratio %.2fx; best of each: baseline %.2f s, verify %.2f s, ratio %.2fx"
                + " (target <= %s)%n", identical.medianRatio(), identical.bestBaseline, identical.bestVerify, identical.bestRatio(),
                identicalTarget());
        out.printf(Locale.ROOT, "  %d differences:  median ratio %.2fx; best of each: baseline %.2f s, verify %.2f s, ratio %.2fx"
                        + " (target <= 2.50x)%n", PLANTED, differing.medianRatio(), differing.bestBaseline, differing.bestVerify,
                differing.bestRatio());
        if (coldIdentical != null) {
            coldIdentical.print(out, "identical:       ", identical.bestBaseline, identicalTarget());
            coldDiffering.print(out, PLANTED + " differences: ", differing.bestBaseline, "2.50x");
        }
        if (overHttp) {
            out.printf(Locale.ROOT, "  HTTP path (decant-service endpoint in this process), identical:       median ratio %.2fx"
                            + " to the baseline; best verify %.2f s; HTTP path / JDBC path: median %.2fx, best of each %.2fx"
                            + " (target <= 3.00x)%n", identicalHttp.medianRatio(), identicalHttp.bestVerify,
                    identicalHttp.medianToJdbc(), identicalHttp.bestVerify / identical.bestVerify);
            out.printf(Locale.ROOT, "  HTTP path (decant-service endpoint in this process), %d differences: median ratio %.2fx"
                            + " to the baseline; best verify %.2f s; HTTP path / JDBC path: median %.2fx, best of each %.2fx"
                            + " (target <= 3.00x)%n", PLANTED, differingHttp.medianRatio(), differingHttp.bestVerify,
                    differingHttp.medianToJdbc(), differingHttp.bestVerify / differing.bestVerify);
        }
        out.flush();
    }

    private void checkClean(VerifyReport r, String how) {
        if (!r.clean() || r.rowsCompared() != data.rows) {
            throw new DecantException(ErrorCode.FAILURE, "verify of identical tables" + how + " reported " + r.differences()
                    + " differences over " + r.rowsCompared() + " rows");
        }
    }

    /** The timings of a series of rounds. */
    private static final class Rounds {
        final List<Double> ratios = new ArrayList<>();
        final List<Double> toJdbc = new ArrayList<>();
        double bestBaseline = Double.MAX_VALUE;
        double bestVerify = Double.MAX_VALUE;

        void add(double baseline, double verify) {
            ratios.add(verify / baseline);
            bestBaseline = Math.min(bestBaseline, baseline);
            bestVerify = Math.min(bestVerify, verify);
        }

        /** A round of the HTTP path: also its ratio to the JDBC path's verification of the same round. */
        void add(double baseline, double verify, double jdbcVerify) {
            add(baseline, verify);
            toJdbc.add(verify / jdbcVerify);
        }

        double medianRatio() {
            return median(ratios);
        }

        double medianToJdbc() {
            return median(toJdbc);
        }

        private static double median(List<Double> values) {
            List<Double> sorted = values.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        double bestRatio() {
            return bestVerify / bestBaseline;
        }
    }

    /** The target on identical tables: 2x for PostgreSQL pairs, 2.5x from MariaDB (whose baseline is a CRC32, not a hash a peer computes). */
    private String identicalTarget() {
        return data.fromMariaDb() ? "2.50x" : "2.00x";
    }

    /**
     * The baseline: one hash pass over each table, after a checkpoint of each PostgreSQL server (so
     * that neither the baseline nor the verification after it meets one the setup's writes left due).
     */
    private static double baseline(String source, String target) throws SQLException {
        OrdersTable.checkpoint(source);
        OrdersTable.checkpoint(target);
        return hashPass(source) + hashPass(target);
    }

    /** One in-database hash pass over the whole table, timed. */
    private static double hashPass(String url) throws SQLException {
        boolean pg = url.startsWith("jdbc:postgresql:");
        String q = pg ? "SELECT sum(hashtext(t::text)) FROM orders t"
                : "SELECT SUM(CRC32(CONCAT_WS('|', " + String.join(", ", OrdersTable.COLUMNS) + "))) FROM orders";
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(q)) {
            rs.next();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The keys of the planted differences, by kind. */
    private record Planted(Set<Long> missing, Set<Long> extra, Set<Long> differing) {
    }

    /**
     * 100 scattered keys: a third deleted from the target (missing), a third deleted from the source
     * (so the target's row is extra), the rest updated in the target (differing columns).
     */
    private Planted plant(String source, String target, BenchSchema schema) throws SQLException {
        Random random = new Random(42);
        Set<Long> keys = new LinkedHashSet<>();
        while (keys.size() < PLANTED) {
            keys.add(1 + (long) (random.nextDouble() * data.rows));
        }
        List<Long> all = new ArrayList<>(keys);
        Planted p = new Planted(new HashSet<>(all.subList(0, 33)), new HashSet<>(all.subList(33, 66)),
                new HashSet<>(all.subList(66, PLANTED)));
        update(target, "DELETE FROM orders WHERE " + schema.targetKey() + " = ?", p.missing());
        update(source, "DELETE FROM orders WHERE id = ?", p.extra());
        update(target, "UPDATE orders SET status = 'changed', " + schema.targetTotal() + " = " + schema.targetTotal() + " + 1 WHERE "
                + schema.targetKey() + " = ?", p.differing());
        return p;
    }

    private static void update(String url, String sql, Set<Long> keys) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); PreparedStatement ps = c.prepareStatement(sql)) {
            for (long k : keys) {
                ps.setLong(1, k);
                ps.executeUpdate();
            }
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** What a verification reported: counts by kind and the differences it listed. */
    private record Found(long missing, long extra, long differing, List<Listed> listed) {
    }

    /** One listed difference: kind, key, the service's columns that differ. */
    private record Listed(VerifyReport.Kind kind, long id, List<String> columns) {
    }

    private static Found report(VerifyReport r) {
        return new Found(r.missingInTarget(), r.extraInTarget(), r.differing(), r.samples().stream()
                .map(d -> new Listed(d.kind(), ((Number) d.key().get(0)).longValue(), d.columns())).toList());
    }

    /** The report {@code decant verify --json} printed. */
    private static Found report(JsonNode r) {
        List<Listed> listed = new ArrayList<>();
        for (JsonNode d : r.path("differences")) {
            List<String> columns = new ArrayList<>();
            d.path("columns").forEach(c -> columns.add(c.asText()));
            listed.add(new Listed(VerifyReport.Kind.valueOf(d.path("kind").asText().toUpperCase(Locale.ROOT)),
                    d.path("key").path(0).asLong(), columns));
        }
        return new Found(r.path("missingInTarget").asLong(), r.path("extraInTarget").asLong(), r.path("differing").asLong(), listed);
    }

    private static void check(Found r, Planted p, BenchSchema schema) {
        List<String> wrong = new ArrayList<>();
        if (r.missing() != p.missing().size() || r.extra() != p.extra().size() || r.differing() != p.differing().size()) {
            wrong.add("counts " + r.missing() + "/" + r.extra() + "/" + r.differing() + " instead of "
                    + p.missing().size() + "/" + p.extra().size() + "/" + p.differing().size());
        }
        List<String> changed = List.of(schema.targetTotal(), "status");
        for (Listed d : r.listed()) {
            Set<Long> expected = switch (d.kind()) {
                case MISSING_IN_TARGET -> p.missing();
                case EXTRA_IN_TARGET -> p.extra();
                case DIFFERING_COLUMNS -> p.differing();
            };
            if (!expected.contains(d.id())) {
                wrong.add("false positive " + d.kind() + " at " + Key.of(d.id()));
            }
            if (d.kind() == VerifyReport.Kind.DIFFERING_COLUMNS && !d.columns().equals(changed)) {
                wrong.add("key " + d.id() + " named columns " + d.columns() + " instead of " + changed);
            }
        }
        if (r.listed().size() != PLANTED) {
            wrong.add(r.listed().size() + " differences listed instead of " + PLANTED);
        }
        if (!wrong.isEmpty()) {
            throw new DecantException(ErrorCode.FAILURE, "verify did not find exactly the planted differences: "
                    + String.join("; ", wrong));
        }
    }

    /**
     * A baseline, then {@code decant verify orders --restart} in a fresh JVM, as a user runs it; checks
     * its report (clean, or exactly the {@code planted} differences); prints both and returns them.
     */
    /** A run in a fresh JVM: the baseline just before it, and its time from JVM start to exit and the engine's own, in seconds. */
    private record FreshRun(double baseline, double seconds, double engine) {
        void print(PrintWriter out, String what, double bestBaseline, String target) {
            out.printf(Locale.ROOT, "  first run in a fresh JVM, %s `decant verify` %.2f s from JVM start to exit (the verification"
                            + " %.2f s, the rest %.2f s), ratio %.2fx to the baseline just before it (%.2f s), %.2fx to the best"
                            + " baseline (target <= %s)%n", what, seconds, engine, seconds - engine, seconds / baseline, baseline,
                    seconds / bestBaseline, target);
        }
    }

    private FreshRun coldRun(PrintWriter out, Path config, String source, String target, Planted planted, BenchSchema schema)
            throws Exception {
        double b = baseline(source, target);
        FreshJvm.Run r = FreshJvm.decant(List.of("verify", "orders", "--config", config.toString(), "--restart", "--json",
                "--workers", Integer.toString(workers), "--show", Integer.toString(PLANTED * 2)));
        int expectedExit = planted == null ? 0 : 1;
        if (r.exitCode() != expectedExit) {
            throw new DecantException(ErrorCode.FAILURE, "decant verify in a fresh JVM exited with " + r.exitCode() + " instead of "
                    + expectedExit + ": " + r.err().strip() + r.out().strip());
        }
        JsonNode report = r.json();
        if (planted == null) {
            if (!report.path("clean").asBoolean() || report.path("rowsCompared").asLong() != data.rows) {
                throw new DecantException(ErrorCode.FAILURE, "decant verify of identical tables in a fresh JVM reported "
                        + report.path("differing").asLong() + " differing over " + report.path("rowsCompared").asLong() + " rows");
            }
        } else {
            check(report(report), planted, schema);
        }
        double engine = r.engineSeconds();
        String line = String.format(Locale.ROOT, "first run in a fresh JVM, %s: baseline %.2f s, `decant verify` %.2f s from JVM"
                        + " start to exit (the verification %.2f s, the rest %.2f s), ratio %.2fx (target <= %s)",
                planted == null ? "identical" : PLANTED + " differences, all found, no false positives", b, r.seconds(), engine,
                r.seconds() - engine, r.seconds() / b, planted == null ? identicalTarget() : "2.50x");
        out.println(line);
        out.flush();
        return new FreshRun(b, r.seconds(), engine);
    }

    /** The migration {@code orders}; with an endpoint, {@code orders_http} of the same tables, the target reached through it. */
    private String config(String source, String target, BenchEndpoint endpoint, BenchSchema schema) {
        String migration = "    source: { store: legacy, table: orders, key: [id] }\n"
                + "    target: { store: %s, table: orders, key: [" + schema.targetKey() + "] }\n"
                + schema.columnsYaml()
                + "    verify: { chunk-rows: " + chunkRows + ", recheck-delay: " + recheckDelayMillis + "ms }\n";
        return "control: legacy\n"
                + "stores:\n"
                + "  legacy:\n    url: " + source + "\n    pool-size: " + (workers + 4) + "\n"
                + "  orders:\n    url: " + target + "\n    pool-size: " + (workers + 4) + "\n"
                + (endpoint == null ? "" : endpoint.storeYaml("orders_api", workers + 4))
                + "migrations:\n"
                + "  orders:\n" + migration.formatted("orders")
                + (endpoint == null ? "" : "  " + HTTP_MIGRATION + ":\n" + migration.formatted("orders_api"));
    }
}
