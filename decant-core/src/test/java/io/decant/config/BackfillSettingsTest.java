package io.decant.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decant.DecantException;
import io.decant.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackfillSettingsTest {
    @TempDir
    Path dir;

    private DecantConfig load(String backfill) throws IOException {
        Path file = dir.resolve("decant.yaml");
        Files.writeString(file, """
                stores:
                  legacy: { url: "jdbc:postgresql://127.0.0.1:5432/shop" }
                  orders: { url: "jdbc:postgresql://127.0.0.1:5432/orders" }
                migrations:
                  orders:
                    source: { store: legacy, table: orders, key: [id] }
                    target: { store: orders, table: orders, key: [id] }
                    backfill: %s
                """.formatted(backfill));
        return DecantConfig.load(file);
    }

    @Test
    void theLoadBackOffIsOffUnlessConfigured() throws IOException {
        BackfillSettings plain = load("{ chunk-rows: 5000, workers: 2 }").migration("orders").backfill();
        assertThat(plain.backsOff()).isFalse();

        BackfillSettings s = load("{ max-source-load: 32, max-source-lag: 10s }").migration("orders").backfill();
        assertThat(s.maxSourceLoad()).isEqualTo(32);
        assertThat(s.maxSourceLag()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.backsOff()).isTrue();
        assertThat(s.withWorkers(4).maxSourceLag()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aNegativeLoadLimitIsBadConfigNamingTheKey() {
        assertThatThrownBy(() -> load("{ max-source-load: -1 }"))
                .isInstanceOfSatisfying(DecantException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_CONFIG))
                .hasMessageContaining("backfill.max-source-load");
        assertThatThrownBy(() -> load("{ max-source-lag: soon }"))
                .isInstanceOfSatisfying(DecantException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_CONFIG))
                .hasMessageContaining("max-source-lag");
    }
}
