package io.decant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar runs on its own, with its manifest classpath, in the user's directory. */
class LauncherIT {
    @TempDir
    Path dir;

    @Test
    void theJarPrintsItsVersionFromTheManifest() {
        Cli.Result r = LauncherJar.run(dir, Map.of(), "--version");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("decant 0.1.0");
    }

    @Test
    void withoutAConfigurationFileItExitsTwoAndSaysWhereItLooked() {
        Cli.Result r = LauncherJar.run(dir, Map.of(), "status");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("decant: configuration file decant.yaml does not exist;"
                + " pass --config FILE or set DECANT_CONFIG\n");
    }

    @Test
    void decantYamlInTheWorkingDirectoryIsReadByDefault() {
        OrdersFixture fixture = OrdersFixture.create(dir);
        fixture.write("decant.yaml", fixture.yaml());

        Cli.Result r = LauncherJar.run(dir, Map.of(), "init");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("orders: registered");
        assertThat(fixture.controlTables()).isNotEmpty();
    }

    @Test
    void decantConfigNamesTheFileWhenThereIsNoOption() {
        OrdersFixture fixture = OrdersFixture.create(dir);
        Path file = fixture.write("elsewhere.yaml", fixture.yaml() + "colour: blue\n");

        Cli.Result r = LauncherJar.run(dir, Map.of("DECANT_CONFIG", file.toString()), "init");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("decant: " + file + ": (top level): unknown key 'colour'");
    }

    @Test
    void anUnknownOptionExitsTwoWithTheUsage() {
        Cli.Result r = LauncherJar.run(dir, Map.of(), "status", "--colour");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("decant: Unknown option: '--colour'", "Usage: decant status");
    }
}
