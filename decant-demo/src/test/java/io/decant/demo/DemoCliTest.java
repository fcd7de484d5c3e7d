package io.decant.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The command line {@code ./decant} runs: decant-cli's commands with {@code demo} and {@code bench} added. */
class DemoCliTest {

    @Test
    void rootHelpListsTheDemoAndTheBenchmarksBesideTheBuiltInCommands() {
        Result r = run("--help");

        assertThat(r.exitCode).isZero();
        assertThat(r.out).contains("  demo ", "  bench ", "  init ", "  verify ", "  serve ", "Exit codes:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "bench", "bench backfill", "bench verify", "bench dual-write"})
    void theAddedCommandsHaveHelpAndInheritTheCommonOptions(String command) {
        Result r = run((command + " --help").split(" "));

        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(r.out).contains("Usage: decant " + command, "--help", "--version", "--config=FILE", "--verbose");
    }

    @Test
    void anUnknownBenchmarkPairIsBadUsage() {
        Result r = run("bench", "backfill", "--pair", "oracle-pg");

        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).contains("decant: --pair: 'oracle-pg' is not a benchmark pair; use pg-pg or mariadb-pg");
    }

    @ParameterizedTest
    @ValueSource(strings = {"backfill", "verify"})
    void anUnknownTargetPathIsBadUsage(String bench) {
        Result r = run("bench", bench, "--target", "grpc");

        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).contains("decant: --target: 'grpc' is not a target path; use jdbc or http");
    }

    @ParameterizedTest
    @ValueSource(strings = {"backfill", "verify"})
    void anUnknownSchemaIsBadUsage(String bench) {
        Result r = run("bench", bench, "--schema", "same");

        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).contains("decant: --schema: 'same' is not a benchmark schema; use realistic or identical");
    }

    @ParameterizedTest
    @ValueSource(strings = {"backfill", "verify"})
    void theTableBenchmarksDefaultToTheRealisticSchemaWithAColdRun(String bench) {
        Result r = run("bench", bench, "--help");

        assertThat(r.out).contains("--schema=SCHEMA", "--[no-]cold-run");
        assertThat(r.out.replaceAll("\\s+", " ")).contains("identical (a copy of the legacy table; default realistic)");
    }

    @Test
    void aNetworkDelayThatIsNoDelayIsBadUsage() {
        Result r = run("bench", "dual-write", "--netem-delay", "1s");

        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).contains("--netem-delay: '1s' is not a delay; write it like 1ms or 500us");
    }

    @Test
    void aDatabasePrefixThatIsNoPlainNameIsBadUsage() {
        Result r = run("bench", "dual-write", "--db-prefix", "x; DROP");

        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).contains("--db-prefix: 'x; DROP' is not a plain database name");
    }

    @Test
    void aBadDemoOptionIsBadUsage() {
        Result r = run("demo", "--rows", "0");

        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).contains("--rows, --instances and --writers must be at least 1");
    }

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = DemoCli.commandLine();
        cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
