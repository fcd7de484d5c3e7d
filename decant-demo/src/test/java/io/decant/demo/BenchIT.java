package io.decant.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Tiny runs of the benchmarks against the test servers, each in databases of its own: the realistic
 * mapping, the run in a fresh JVM, and the network delay work end to end (the figures are not
 * looked at).
 */
class BenchIT {
    private final String prefix = "decant_t_bench_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);

    @Test
    void backfillOnTheRealisticMappingReportsAColdProcessBesideTheWarmRuns() {
        Run r = run("bench", "backfill", "--rows", "3000", "--runs", "1", "--chunk-rows", "1000", "--db-prefix", prefix,
                "--postgres-url", DemoIT.DemoServers.postgresAdminUrl());

        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(r.out).contains("realistic schema", "run 1: baseline", "best of 1:")
                .containsPattern("first run in a fresh JVM: baseline [0-9.]+ s, `decant backfill` [0-9.]+ s from JVM start to exit"
                        + " \\(the backfill [0-9.]+ s, the rest [0-9.]+ s; binary COPY pipe")
                .as("the retyped mapping reaches the service's types by casts in the source SELECT: the binary pipe")
                .contains("decant backfill (binary COPY pipe");
    }

    @Test
    void verifyOnTheRealisticMappingFindsThePlantedDifferencesInAColdProcessToo() {
        Run r = run("bench", "verify", "--rows", "3000", "--runs", "1", "--chunk-rows", "1000", "--db-prefix", prefix,
                "--postgres-url", DemoIT.DemoServers.postgresAdminUrl());

        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(r.out).contains("realistic schema", "first run in a fresh JVM, identical: baseline",
                "first run in a fresh JVM, 100 differences, all found, no false positives",
                "33 missing, 33 extra, 34 differing, all found");
    }

    @Test
    void verifyFromMariaDbOnTheRealisticMappingFindsThePlantedDifferences() {
        Run r = run("bench", "verify", "--pair", "mariadb-pg", "--rows", "3000", "--runs", "1", "--chunk-rows", "1000",
                "--no-cold-run", "--db-prefix", prefix, "--postgres-url", DemoIT.DemoServers.postgresAdminUrl(),
                "--mariadb-url", DemoIT.DemoServers.mariadbAdminUrl());

        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(r.out).contains("mariadb-pg, realistic schema", "33 missing, 33 extra, 34 differing, all found")
                .doesNotContain("fresh JVM");
    }

    @Test
    void readsThroughANetworkDelayAreComparedAndTheRouteIsRemovedAfterwards() throws Exception {
        Run r = run("bench", "dual-write", "--only", "reads", "--threads", "2", "--seconds", "1", "--rounds", "1", "--warmup", "0",
                "--keys", "500", "--netem-delay", "2ms", "--db-prefix", prefix, "--postgres-url", DemoIT.DemoServers.postgresAdminUrl());

        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(r.out).contains("every connection of the callers and of Decant goes through", "(round trip +2000 us)",
                "shadow read, 2 threads", "0 mismatched, 0 errored");
        String direct = between(r.out, "median of 200: ", " us direct");
        String delayed = between(r.out, " us direct, ", " us through it");
        assertThat(Double.parseDouble(delayed)).isGreaterThan(Double.parseDouble(direct) + 1500);
        assertThat(namespaces()).doesNotContain("decant-netem-" + ProcessHandle.current().pid());
    }

    private static String between(String text, String before, String after) {
        int from = text.indexOf(before) + before.length();
        return text.substring(from, text.indexOf(after, from));
    }

    /** The network namespaces on this machine ('ip netns list'), or nothing where ip is not installed. */
    private static String namespaces() throws Exception {
        try {
            Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out.toLowerCase(Locale.ROOT);
        } catch (java.io.IOException noIp) {
            return "";
        }
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = DemoCli.commandLine();
        cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
