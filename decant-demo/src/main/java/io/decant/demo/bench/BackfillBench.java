package io.decant.demo.bench;

import io.decant.AdvanceRequest;
import io.decant.BackfillOptions;
import io.decant.BackfillResult;
import io.decant.Decant;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.Phase;
import io.decant.ProgressListener;
import io.decant.cli.DecantVersion;
import io.decant.config.BackfillSettings;
import io.decant.config.DecantConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code decant bench backfill}: creates the legacy {@code orders} table in a source database and the
 * service's table ({@link BenchSchema}: realistic by default) in a target database, then per run times
 * (a) the baseline pipe into an empty table of the legacy table's shape beside it and (b) Decant's
 * backfill of the same rows into the empty service's table (through the real engine: phase check,
 * planning, leases and checkpoints in the control store), and prints both times and the ratio; the
 * best of each over the runs decides. First, unless {@code --no-cold-run}, {@code decant backfill} runs
 * once in a fresh JVM, as a user runs it, timed from JVM start to exit against a baseline run just
 * before it, and reported apart.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true, versionProvider = DecantVersion.class,
        header = "Time the backfill against a raw COPY pipe between the same databases.",
        description = {"Pairs: pg-pg (baseline: binary COPY TO STDOUT piped into COPY FROM STDIN) and mariadb-pg"
                + " (baseline: one streaming SELECT into text COPY FROM STDIN). Server URLs default to"
                + " DECANT_BENCH_POSTGRES_URL / DECANT_BENCH_MARIADB_URL, else the local servers; PostgreSQL falls"
                + " back to an embedded server. The databases decant_bench_src and decant_bench_dst are"
                + " recreated on those servers and dropped at the end. The service's table is realistic unless --schema identical:"
                + " columns renamed, note dropped, others retyped (integer -> bigint, numeric(12,2) -> numeric(14,2), text ->"
                + " varchar(20), timestamp -> timestamptz); the baseline pipes into a table of the legacy table's shape. Unless"
                + " --no-cold-run, the first figure is `decant backfill` run once in a fresh JVM (JVM start to exit), as a user"
                + " runs it; the runs after it are in this JVM. With --target http each run also times the backfill into"
                + " the same target database through decant-service's endpoint (in this process) and prints the ratio HTTP path /"
                + " JDBC path."})
public final class BackfillBench implements Callable<Integer> {
    /** The migration of the HTTP path ({@code --target http}): the same tables, the target reached through the endpoint. */
    static final String HTTP_MIGRATION = "orders_http";

    @Spec
    private CommandSpec spec;

    @Mixin
    private BenchPairOptions data;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "2", description = "Backfill workers (default ${DEFAULT-VALUE}).")
    private int workers;

    @Option(names = "--chunk-rows", paramLabel = "N", description = "Backfill chunk size (default: the configuration's, "
            + BackfillSettings.DEFAULT_CHUNK_ROWS + ").")
    private int chunkRows = BackfillSettings.DEFAULT_CHUNK_ROWS;

    @Override
    public Integer call() throws Exception {
        data.check(1);
        PrintWriter out = spec.commandLine().getOut();
        try (BenchServers servers = new BenchServers()) {
            BenchPairOptions.Servers ends = data.servers(servers, out);
            String pgServer = ends.target();
            String sourceServer = ends.source();
            String source = BenchServers.freshDatabase(sourceServer, data.dbPrefix + "_src");
            String target = BenchServers.freshDatabase(pgServer, data.dbPrefix + "_dst");
            Path config = Files.createTempFile("decant-bench", ".yaml");
            BenchSchema schema = data.benchSchema();
            try {
                out.printf(Locale.ROOT, "bench backfill %s, %s schema: creating %,d rows in %s; load average %.2f%n", data.pair,
                        data.schema, data.rows, BenchServers.redact(source), DualWriteBench.loadAverage());
                out.flush();
                OrdersTable.create(source, data.rows, schema);
                OrdersTable.recreateEmpty(target, schema);
                OrdersTable.checkpoint(source);
                OrdersTable.checkpoint(target);
                try (BenchEndpoint endpoint = data.overHttp() ? new BenchEndpoint(target, schema.targetKey(), 2 * workers + 4) : null) {
                    Files.writeString(config, config(source, target, endpoint, schema));
                    try (Decant decant = Decant.open(DecantConfig.load(config))) {
                        decant.init();
                        toDualWrite(decant, "orders");
                        if (endpoint != null) {
                            toDualWrite(decant, HTTP_MIGRATION);
                            out.println("bench backfill: the HTTP path reaches " + BenchServers.redact(target) + " through the "
                                    + endpoint.describe());
                        }
                        measure(out, decant, source, target, endpoint != null, config, schema);
                    }
                }
            } finally {
                Files.deleteIfExists(config);
                BenchServers.dropDatabase(sourceServer, data.dbPrefix + "_src");
                BenchServers.dropDatabase(pgServer, data.dbPrefix + "_dst");
            }
        }
        return 0;
    }

    private static void toDualWrite(Decant decant, String migration) {
        decant.advance(migration, new AdvanceRequest(Optional.of(Phase.DUAL_WRITE), Duration.ofSeconds(10), false, null, "bench"));
    }

    /** The runs: the baseline pipe, the backfill, and with {@code overHttp} the backfill through the endpoint. */
    private void measure(PrintWriter out, Decant decant, String source, String target, boolean overHttp, Path config,
                         BenchSchema schema) throws Exception {
        FreshRun cold = data.coldRun ? coldRun(out, config, source, target, schema) : null;
        double bestPipe = Double.MAX_VALUE;
        double bestDecant = Double.MAX_VALUE;
        double bestHttp = Double.MAX_VALUE;
        String method = "";
        String httpMethod = "";
        for (int run = 1; run <= data.runs; run++) {
            double pipe = pipe(source, target, schema);
            OrdersTable.recreateEmpty(target, schema);
            OrdersTable.checkpoint(target);
            HeapWatch.Report heap;
            long t1 = System.nanoTime();
            BackfillResult r;
            try (HeapWatch watch = new HeapWatch()) {
                r = decant.backfill("orders", BackfillOptions.defaults().withRestart(true).withWorkers(workers),
                        ProgressListener.NONE);
                heap = watch.report();
            }
            double backfill = (System.nanoTime() - t1) / 1e9;
            check(OrdersTable.count(target), "the backfill");
            method = r.method();
            out.printf(Locale.ROOT, "run %d: baseline %.2f s, decant backfill %.2f s (%d chunks, %d merged, %d redone), ratio %.2fx;"
                            + " backfill heap: %s%n", run, pipe, backfill, r.chunksCopied(), r.chunksMerged(),
                    r.chunksRedone(), backfill / pipe, heap.describe());
            out.flush();
            bestPipe = Math.min(bestPipe, pipe);
            bestDecant = Math.min(bestDecant, backfill);
            if (overHttp) {
                OrdersTable.recreateEmpty(target, schema);
                OrdersTable.checkpoint(target);
                long t2 = System.nanoTime();
                BackfillResult h = decant.backfill(HTTP_MIGRATION, BackfillOptions.defaults().withRestart(true).withWorkers(workers),
                        ProgressListener.NONE);
                double http = (System.nanoTime() - t2) / 1e9;
                check(OrdersTable.count(target), "the backfill over HTTP");
                httpMethod = h.method();
                out.printf(Locale.ROOT, "run %d: HTTP path %.2f s (%d chunks, %d merged, %d redone), ratio %.2fx to the baseline;"
                                + " HTTP path / JDBC path %.2fx%n", run, http, h.chunksCopied(), h.chunksMerged(), h.chunksRedone(),
                        http / pipe, http / backfill);
                out.flush();
                bestHttp = Math.min(bestHttp, http);
            }
        }
        out.printf(Locale.ROOT, "best of %d: baseline (%s) %.2f s, decant backfill (%s, %d workers, chunks of %d)"
                        + " %.2f s, ratio %.2fx (target <= 1.50x)%n", data.runs,
                data.fromMariaDb() ? "streaming SELECT into COPY FROM" : "binary COPY TO | COPY FROM", bestPipe,
                method, workers, chunkRows, bestDecant, bestDecant / bestPipe);
        if (cold != null) {
            out.printf(Locale.ROOT, "first run in a fresh JVM: `decant backfill` %.2f s from JVM start to exit (the backfill %.2f s,"
                            + " the rest %.2f s), ratio %.2fx to the baseline just before it (%.2f s), %.2fx to the best baseline"
                            + " (target <= 1.50x)%n", cold.seconds(), cold.engine(), cold.seconds() - cold.engine(),
                    cold.seconds() / cold.baseline(), cold.baseline(), cold.seconds() / bestPipe);
        }
        if (overHttp) {
            out.printf(Locale.ROOT, "best of %d: HTTP path (%s, decant-service endpoint in this process) %.2f s, ratio %.2fx"
                    + " to the baseline; HTTP path / JDBC path %.2fx (target <= 3.00x)%n", data.runs, httpMethod, bestHttp,
                    bestHttp / bestPipe, bestHttp / bestDecant);
        }
        out.flush();
    }

    /** The baseline: the legacy table piped whole into an empty table of its shape in the target database; seconds. */
    private double pipe(String source, String target, BenchSchema schema) throws Exception {
        OrdersTable.recreatePipeTable(target, schema);
        OrdersTable.checkpoint(target);
        long t0 = System.nanoTime();
        long piped = data.fromMariaDb() ? CopyPipe.mariadbToPostgres(source, target, OrdersTable.PIPE_TABLE)
                : CopyPipe.postgresToPostgres(source, target, OrdersTable.PIPE_TABLE);
        double seconds = (System.nanoTime() - t0) / 1e9;
        check(piped, "the baseline");
        OrdersTable.drop(target, OrdersTable.PIPE_TABLE);
        return seconds;
    }

    /**
     * A baseline, then {@code decant backfill orders --restart} in a fresh JVM into the empty service's
     * table, as a user runs it; prints both and returns them.
     */
    /** A run in a fresh JVM: the baseline just before it, and its time from JVM start to exit and the engine's own, in seconds. */
    private record FreshRun(double baseline, double seconds, double engine) {
    }

    private FreshRun coldRun(PrintWriter out, Path config, String source, String target, BenchSchema schema) throws Exception {
        double pipe = pipe(source, target, schema);
        OrdersTable.recreateEmpty(target, schema);
        OrdersTable.checkpoint(target);
        FreshJvm.Run r = FreshJvm.decant(List.of("backfill", "orders", "--config", config.toString(), "--restart", "--json",
                "--workers", Integer.toString(workers)));
        if (r.exitCode() != 0) {
            throw new DecantException(ErrorCode.FAILURE, "decant backfill in a fresh JVM exited with " + r.exitCode() + ": "
                    + r.err().strip());
        }
        check(OrdersTable.count(target), "the backfill in a fresh JVM");
        double engine = r.engineSeconds();
        String line = String.format(Locale.ROOT, "first run in a fresh JVM: baseline %.2f s, `decant backfill` %.2f s from JVM"
                        + " start to exit (the backfill %.2f s, the rest %.2f s; %s), ratio %.2fx (target <= 1.50x)", pipe,
                r.seconds(), engine, r.seconds() - engine, r.json().path("method").asText(), r.seconds() / pipe);
        out.println(line);
        out.flush();
        return new FreshRun(pipe, r.seconds(), engine);
    }

    private void check(long copied, String what) {
        if (copied != data.rows) {
            throw new DecantException(ErrorCode.FAILURE, what + " copied " + copied + " rows, expected " + data.rows);
        }
    }

    /** The migration {@code orders} into the target database; with an endpoint, {@code orders_http} into the same table through it. */
    private String config(String source, String target, BenchEndpoint endpoint, BenchSchema schema) {
        String migration = "    source: { store: legacy, table: orders, key: [id], version: updated_at }\n"
                + "    target: { store: %s, table: orders, key: [" + schema.targetKey() + "] }\n"
                + schema.columnsYaml()
                + "    backfill: { chunk-rows: " + chunkRows + ", workers: " + workers + " }\n";
        return "control: legacy\n"
                + "stores:\n"
                + "  legacy:\n    url: " + source + "\n"
                + "  orders:\n    url: " + target + "\n"
                + (endpoint == null ? "" : endpoint.storeYaml("orders_api", workers + 2))
                + "migrations:\n"
                + "  orders:\n" + migration.formatted("orders")
                + (endpoint == null ? "" : "  " + HTTP_MIGRATION + ":\n" + migration.formatted("orders_api"));
    }
}
