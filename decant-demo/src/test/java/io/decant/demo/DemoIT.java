package io.decant.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.jdbc.testing.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code decant demo} end to end, in process, with small settings, against the test servers: the
 * whole journey runs through the real engines under load with its faults, and the independent
 * proof holds — with the service's database reached directly, and with the service a separate
 * process reached only through its API ({@code --service-api}).
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
    void demoWithTheServiceBehindItsApiInASeparateProcessProvesTheSameAndLeavesNothingBehind() throws Exception {
        String admin = DemoServers.postgresAdminUrl();
        Run run = demo("--postgres-url", admin, "--service-api");

        assertThat(run.exitCode).as(run.output).isZero();
        assertProofHolds(run);
        assertThat(run.output)
                .contains("The orders service: a separate process that owns its database")
                .containsPattern("orders:\\n +url: http://127\\.0\\.0\\.1:[0-9]+\\n +pool-size: 6\\n +token: \\$\\{ORDERS_DECANT_TOKEN\\}")
                .contains("via NDJSON chunk loads over HTTP")
                .contains("LEGACY_ONLY -> DUAL_WRITE", "READ_NEW -> NEW_ONLY", "phase RETIRED")
                .contains("guard ok     backfill-complete", "guard ok     verify-clean", "guard ok     shadow-evidence")
                .containsPattern("decant repair orders: [1-9][0-9,]* keys repaired, 0 failed");
        // the service process and the demo's databases are gone
        java.util.regex.Matcher pid = java.util.regex.Pattern.compile("started as process ([0-9]+)").matcher(run.output);
        assertThat(pid.find()).as(run.output).isTrue();
        assertThat(ProcessHandle.of(Long.parseLong(pid.group(1))).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
        java.util.regex.Matcher db = java.util.regex.Pattern.compile("service: PostgreSQL database (decant_demo_service_[0-9a-f]+)")
                .matcher(run.output);
        assertThat(db.find()).isTrue();
        try (Connection c = DriverManager.getConnection(admin);
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
            ps.setString(1, db.group(1));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).as("database " + db.group(1)).isZero();
            }
        }
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
