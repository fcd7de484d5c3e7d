package io.decant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A password given through {@code ${ENV}} never appears in any output: normal output, JSON,
 * errors, or a failure's stack trace. Runs the real jar so the variable is really in the environment.
 */
class SecretsIT {
    private static final String SECRET = "Zebra-s3cr3t-4711";
    private static final Map<String, String> ENV = Map.of("DECANT_TEST_LEGACY_PASSWORD", SECRET);

    @TempDir
    Path dir;

    private OrdersFixture fixture;
    private final List<Cli.Result> results = new ArrayList<>();

    @BeforeEach
    void configuration() {
        fixture = OrdersFixture.create(dir);
        // the test server trusts local connections, so the password is sent but not checked
        fixture.write("decant.yaml", fixture.yaml("${DECANT_TEST_LEGACY_PASSWORD}"));
    }

    private Cli.Result run(String... args) {
        Cli.Result r = LauncherJar.run(dir, ENV, args);
        results.add(r);
        return r;
    }

    @Test
    void thePasswordAppearsInNoOutputOfAnyCommand() {
        assertThat(run("init").exitCode()).isZero();
        assertThat(run("status").exitCode()).isZero();
        assertThat(run("status", "orders", "--json").exitCode()).isZero();
        assertThat(run("advance", "orders", "--to", "DUAL_WRITE", "--json").exitCode()).isZero();
        assertThat(run("rollback", "orders", "--to", "LEGACY_ONLY", "--reason", "secrets test", "--verbose").exitCode()).isZero();
        assertThat(run("status", "invoices", "--verbose").exitCode()).isEqualTo(2);
        assertThat(run("advance", "orders", "--to", "SHADOW_READ", "--verbose").exitCode()).isEqualTo(3);

        assertThat(results).allSatisfy(r -> assertThat(r.all()).doesNotContain(SECRET));
    }

    @Test
    void thePasswordAppearsInNoErrorWhenAStoreCannotBeReached() {
        String unreachable = fixture.yaml("${DECANT_TEST_LEGACY_PASSWORD}")
                .replaceFirst("url: jdbc:postgresql://[^/]+/", "url: jdbc:postgresql://127.0.0.1:1/");
        fixture.write("decant.yaml", unreachable);

        Cli.Result plain = run("init");
        Cli.Result verbose = run("status", "orders", "--json", "--verbose");

        assertThat(plain.exitCode()).as(plain.toString()).isNotZero();
        assertThat(verbose.exitCode()).as(verbose.toString()).isNotZero();
        assertThat(results).allSatisfy(r -> assertThat(r.all()).doesNotContain(SECRET));
    }

    @Test
    void thePasswordAppearsInNoConfigurationError() {
        fixture.write("decant.yaml", fixture.yaml("${DECANT_TEST_LEGACY_PASSWORD}") + "    speed: " + SECRET + "\n");
        Cli.Result unknownKey = run("init");
        fixture.write("decant.yaml", fixture.yaml("${DECANT_TEST_LEGACY_PASSWORD}")
                .replaceFirst("url: jdbc:postgresql:", "url: jdbc:oracle:thin:password=\\${DECANT_TEST_LEGACY_PASSWORD}:"));
        Cli.Result badUrl = run("init", "--verbose");

        assertThat(unknownKey.exitCode()).isEqualTo(2);
        assertThat(badUrl.exitCode()).isEqualTo(2);
        assertThat(results).allSatisfy(r -> assertThat(r.all()).doesNotContain(SECRET));
    }
}
