package io.decant.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.config.DecantConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoConfigTest {
    private static final DemoSettings SETTINGS = new DemoSettings(1000, 2, 2, 1, Duration.ofSeconds(8), false,
            Optional.empty(), Optional.empty(), true, 7, 321, Path.of("."));

    @Test
    void thePrintedYamlLoadsBackIntoTheSameConfiguration(@TempDir Path dir) throws Exception {
        DecantConfig config = DemoConfig.of("jdbc:postgresql://127.0.0.1:5432/monolith", "postgres", null,
                "jdbc:postgresql://127.0.0.1:5432/service", "postgres", null, SETTINGS);
        Path file = dir.resolve("decant.yaml");
        Files.writeString(file, DemoConfig.yaml(config));

        DecantConfig loaded = DecantConfig.load(file);

        assertThat(loaded.control()).isEqualTo(config.control());
        assertThat(loaded.stores()).isEqualTo(config.stores());
        assertThat(loaded.migrations()).isEqualTo(config.migrations());
        assertThat(loaded.instances()).isEqualTo(config.instances());
    }

    @Test
    void thePrintedYamlNeverShowsAPassword() {
        DecantConfig config = DemoConfig.of("jdbc:postgresql://127.0.0.1:5432/monolith", "app", "s3cret-legacy",
                "jdbc:postgresql://127.0.0.1:5432/service?password=s3cret-url", "app", "s3cret-service", SETTINGS);

        String yaml = DemoConfig.yaml(config);

        assertThat(yaml).doesNotContain("s3cret").contains("password: ${LEGACY_DB_PASSWORD}");
    }

    @Test
    void theMappingRenamesColumnsAndLeavesTheDroppedOneOut() {
        DecantConfig config = DemoConfig.of("jdbc:postgresql://h/m", null, null, "jdbc:postgresql://h/s", null, null, SETTINGS);

        var orders = config.migration(DemoConfig.MIGRATION);

        assertThat(orders.columns()).containsEntry("order_id", "id").containsEntry("customer", "customer_id")
                .containsEntry("placed_at", "created_at").doesNotContainValue("legacy_flags");
        assertThat(orders.shadow().minSamples()).isEqualTo(321);
        assertThat(orders.source().version()).contains("updated_at");
    }
}
