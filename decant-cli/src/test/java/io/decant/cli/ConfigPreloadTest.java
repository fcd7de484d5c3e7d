package io.decant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.config.DecantConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigPreloadTest {
    private static final String CONFIG = """
            control: legacy
            stores:
              legacy: { url: "jdbc:postgresql://localhost/legacy" }
              orders: { url: "jdbc:postgresql://localhost/orders" }
            migrations:
              orders:
                source: { store: legacy, table: orders, key: [id] }
                target: { store: orders, table: orders, key: [id] }
            """;

    @TempDir
    Path dir;

    @AfterEach
    void nothingLeftBehind() {
        ConfigPreload.take(dir.resolve("decant.yaml"));
    }

    @Test
    void theFileReadAheadIsTheFileTheCommandReadsAndIsTakenOnce() throws IOException {
        Path file = Files.writeString(dir.resolve("decant.yaml"), CONFIG);

        ConfigPreload.start(new String[] {"status", "--config", file.toString(), "--json"});

        assertThat(ConfigPreload.take(dir.resolve("other.yaml"))).as("another file").isEmpty();
        assertThat(ConfigPreload.take(file)).hasValueSatisfying(c -> {
            assertThat(c).isEqualTo(DecantConfig.load(file));
            assertThat(c.migration("orders").target().store()).isEqualTo("orders");
        });
        assertThat(ConfigPreload.take(file)).as("taken once").isEmpty();
    }

    @Test
    void aFileThatDoesNotReadIsLeftToTheCommandsOwnLoad() throws IOException {
        Path file = Files.writeString(dir.resolve("decant.yaml"), "control: [");

        ConfigPreload.start(new String[] {"--config=" + file, "verify", "orders"});

        assertThat(ConfigPreload.take(file)).isEmpty();
        Cli.Result r = Cli.run("verify", "orders", "--config", file.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(file.getFileName().toString());
    }

    @Test
    void nothingIsReadAheadForHelpForNoCommandOrFromAnythingButARegularFile() throws IOException {
        Path file = Files.writeString(dir.resolve("decant.yaml"), CONFIG);
        for (String[] args : new String[][] {{"status", "--help", "--config", file.toString()},
                {"--config", file.toString()}, {"--version", "--config", file.toString()}}) {
            ConfigPreload.start(args);

            assertThat(ConfigPreload.take(file)).as(String.join(" ", args)).isEmpty();
        }
        ConfigPreload.start(new String[] {"status", "--config", dir.toString()});
        assertThat(ConfigPreload.take(dir)).as("a directory").isEmpty();
    }

    @Test
    void theConfigFileIsTheLastConfigOptionInEitherForm() {
        assertThat(ConfigOption.pathIn(new String[] {"--config", "a.yaml", "status", "--config=b.yaml"})).isEqualTo(Path.of("b.yaml"));
        assertThat(ConfigOption.pathIn(new String[] {"--config=a.yaml", "status", "--config", "c.yaml"})).isEqualTo(Path.of("c.yaml"));
        assertThat(ConfigOption.pathIn(new String[] {"status"})).isEqualTo(new ConfigOption().path());
    }
}
