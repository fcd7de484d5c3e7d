package io.decant.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.jdbc.testing.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code decant demo} end to end, in process, with small settings, against the test servers: the
 * whole journey runs through the real engines under load with its faults, and the independent
 * proof holds.
 */
class DemoIT {

    @Test
    void demoWalksEveryPhaseUnderLoadAndItsProofHoldsOnPostgres() {
        Run run = demo("--postgres-url", DemoServers.postgresAdminUrl());

        assertThat(run.exitCode).as(run.output).isZero();
        assertProofHolds(run);
        assertThat(run.output)
                .contains("LEGACY_ONLY -> DUAL_WRITE", "DUAL_WRITE -> SHADOW_READ", "SHADOW_READ -> READ_NEW",
                        "READ_NEW -> NEW_ONLY", "phase RETIRED")
                .contains("guard ok     backfill-complete", "guard ok     verify-clean", "guard ok     shadow-evidence",
                        "guard ok     journal-empty", "guard ok     barrier-acknowledged")
                .contains("Fault: the orders service is unreachable", "Fault: a writer dies between the two writes")
                .contains("their intent records stay; the instance journals them itself")
                .containsPattern("decant repair orders: [1-9][0-9,]* keys repaired, 0 failed")
                .containsPattern("repair journal: [1-9][0-9,]* keys waiting");
    }

    @Test
    void demoWithTheMonolithOnMariaDbProvesTheSame() {
        Run run = demo("--postgres-url", DemoServers.postgresAdminUrl(), "--legacy", "mariadb",
                "--mariadb-url", DemoServers.mariadbAdminUrl());

        assertThat(run.exitCode).as(run.output).isZero();
        assertProofHolds(run);
        assertThat(run.output).contains("MariaDB database decant_demo_monolith_");
    }

    @Test
    void demoRefusesMariaDbAsLegacyWithoutItsUrl() {
        Run run = run("demo", "--legacy", "mariadb");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.errors).contains("--legacy mariadb needs --mariadb-url");
    }

    private static void assertProofHolds(Run run) {
        assertThat(run.output)
                .contains("ok: every acknowledged write is present with its last value, deleted keys are absent")
                .contains("legacy orders: 0 rows: ok, the legacy rows are gone")
                .contains("ok: identical to the legacy rows before retire")
                .contains("PROOF HOLDS")
                .doesNotContain("PROOF FAILED");
    }

    private static Run demo(String... extra) {
        List<String> args = new ArrayList<>(List.of("demo", "--rows", "5000", "--duration", "8s", "--instances", "2",
                "--writers", "3", "--readers", "2", "--shadow-samples", "300"));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = DemoCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private record Run(int exitCode, String output, String errors) {
    }

    /** Admin URLs of the test servers, from which the demo creates (and drops) its own databases. */
    static final class DemoServers {
        private DemoServers() {
        }

        static String postgresAdminUrl() {
            return adminUrl(TestDatabases.postgres().createDatabase(), "postgres");
        }

        static String mariadbAdminUrl() {
            return adminUrl(TestDatabases.mariadb().createDatabase(), "");
        }

        private static String adminUrl(TestDatabases.Database probe, String adminDatabase) {
            String base = probe.url().substring(0, probe.url().lastIndexOf('/') + 1);
            StringBuilder url = new StringBuilder(base).append(adminDatabase);
            String sep = "?";
            if (probe.user() != null) {
                url.append(sep).append("user=").append(probe.user());
                sep = "&";
            }
            if (probe.password() != null) {
                url.append(sep).append("password=").append(probe.password());
            }
            return url.toString();
        }
    }
}
