package io.decant.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decant.DecantException;
import io.decant.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The configuration reader's strictness: duplicate keys, aliases, numbers, sizes, file kinds, encodings. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ConfigFileTest {
    static final String VALID = """
            stores:
              legacy: { url: "jdbc:postgresql://127.0.0.1:5432/shop" }
              orders: { url: "jdbc:postgresql://127.0.0.1:5432/orders" }
            migrations:
              orders:
                source: { store: legacy, table: orders, key: [id] }
                target: { store: orders, table: orders, key: [id] }
            """;

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("decant.yaml"), text);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> refused(String yaml) throws IOException {
        Path file = write(yaml);
        return assertThatThrownBy(() -> ConfigFile.read(file, Map.of("COL", "customer_id")))
                .isInstanceOfSatisfying(DecantException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_CONFIG))
                .hasMessageContaining(file.toString());
    }

    @Test
    void theValidFileLoads() throws IOException {
        assertThat(ConfigFile.read(write(VALID), Map.of()).migrations()).containsKey("orders");
    }

    @Test
    void aKeySequenceIsReadOnEitherTableAndMustBeAnIdentifierOfASingleColumnKey() throws IOException {
        MigrationConfig m = ConfigFile.read(write(VALID.replace("key: [id] }\n    target",
                "key: [id], key-sequence: shop.orders_seq }\n    target")), Map.of()).migration("orders");
        assertThat(m.source().keySequence()).contains("shop.orders_seq");
        assertThat(m.target().keySequence()).isEmpty();
        refused(VALID.replace("table: orders, key: [id] }\n    target", "table: orders, key: [id], key-sequence: \"x;y\" }"
                + "\n    target")).hasMessageContaining("key-sequence");
        refused(VALID.replace("key: [id] }\n    target", "key: [id, n], key-sequence: s }\n    target"))
                .hasMessageContaining("a generated key is a single column");
    }

    @Test
    void aDuplicateStoreIsRefusedNamingTheKeyAndBothLines() throws IOException {
        refused(VALID.replace("stores:\n", "stores:\n  legacy: { url: \"jdbc:postgresql://127.0.0.1:5432/other\" }\n"))
                .hasMessageContaining("duplicate key 'legacy' in stores on lines 2 and 3");
    }

    @Test
    void aDuplicateTopLevelOrNestedKeyIsRefused() throws IOException {
        refused(VALID + "stores:\n  x: { url: \"jdbc:postgresql://h/x\" }\n")
                .hasMessageContaining("duplicate key 'stores' at the top level on lines 1 and 8");
        refused(VALID.replace("key: [id] }\n    target", "key: [id], table: orders2 }\n    target"))
                .hasMessageContaining("duplicate key 'table' in migrations.orders.source on lines 6 and 6");
    }

    @Test
    void integersPastTheIntRangeAreRefusedNotWrapped() throws IOException {
        refused(VALID + "    backfill: { workers: 4294967297 }\n")
                .hasMessageContaining("migrations.orders.backfill.workers: 4294967297 is out of range");
        refused(VALID + "    backfill: { chunk-rows: 4294967396 }\n")
                .hasMessageContaining("migrations.orders.backfill.chunk-rows: 4294967396 is out of range");
        refused(VALID.replace("shop\" }", "shop\", pool-size: 4294967304 }"))
                .hasMessageContaining("stores.legacy.pool-size: 4294967304 is out of range");
        refused(VALID + "    backfill: { max-rows-per-second: 99999999999999999999 }\n")
                .hasMessageContaining("max-rows-per-second: 99999999999999999999 is out of range");
    }

    @Test
    void aliasesAreRefused() throws IOException {
        refused(VALID.replace("source: { store: legacy,", "source: { store: &s legacy,")
                .replace("target: { store: orders,", "target: { store: *s,"))
                .hasMessageContaining("line 7: the alias *s is not supported");
    }

    @Test
    void environmentVariablesAreSubstitutedInColumnsAndKeys() throws IOException {
        DecantConfig c = ConfigFile.read(write(VALID.replace("key: [id] }\n    target", "key: [id] }\n    columns: { id: id, customer: \"${COL}\" }\n    target")),
                Map.of("COL", "customer_id"));
        assertThat(c.migration("orders").columns()).containsEntry("customer", "customer_id");
    }

    @Test
    void aServiceStoreTakesItsBearerTokenFromTheEnvironmentAndNeverPrintsIt() throws IOException {
        String token = "svc-token-0123456789abcdef";
        String yaml = VALID.replace("orders: { url: \"jdbc:postgresql://127.0.0.1:5432/orders\" }",
                "orders: { url: \"https://orders.internal:8443/api\", token: \"${ORDERS_TOKEN}\" }");
        StoreConfig s = ConfigFile.read(write(yaml), Map.of("ORDERS_TOKEN", token)).store("orders");
        assertThat(s.isHttp()).isTrue();
        assertThat(s.url()).isEqualTo("https://orders.internal:8443/api");
        assertThat(s.password()).isEqualTo(token);
        assertThat(s.toString()).doesNotContain(token);
        refused(yaml.replace("token: \"${ORDERS_TOKEN}\"", "password: pw, token: tk")).hasMessageContaining("not both");
        refused(VALID.replace("shop\" }", "shop\", token: abc }")).hasMessageContaining("only a service's store");
        refused(VALID.replace("jdbc:postgresql://127.0.0.1:5432/shop", "ftp://shop")).hasMessageContaining("http://");
    }

    @Test
    void aDatabaseStoreTakesATimeZoneRegionOrOffsetAndAnythingElseIsRefused() throws IOException {
        assertThat(ConfigFile.read(write(VALID), Map.of()).stores().get("legacy").timeZoneIsUtc()).as("UTC by default").isTrue();
        String berlin = VALID.replace("shop\" }", "shop\", time-zone: Europe/Berlin }");
        assertThat(ConfigFile.read(write(berlin), Map.of()).stores().get("legacy").timeZone()).isEqualTo(java.time.ZoneId.of("Europe/Berlin"));
        String offset = VALID.replace("shop\" }", "shop\", time-zone: \"+02:00\" }");
        assertThat(ConfigFile.read(write(offset), Map.of()).stores().get("legacy").timeZone()).isEqualTo(java.time.ZoneOffset.ofHours(2));
        assertThat(ConfigFile.read(write(VALID.replace("shop\" }", "shop\", time-zone: Etc/UTC }")), Map.of()).stores().get("legacy")
                .timeZoneIsUtc()).as("Etc/UTC is UTC").isTrue();
        refused(VALID.replace("shop\" }", "shop\", time-zone: Mars/Olympus }"))
                .hasMessageContaining("stores.legacy.time-zone: 'Mars/Olympus' is not a time zone");
        refused(VALID.replace("shop\" }", "shop\", time-zone: \"Europe/Berlin'; DROP TABLE x --\" }"))
                .hasMessageContaining("stores.legacy.time-zone").hasMessageContaining("is not a time zone");
        refused(VALID.replace("\"jdbc:postgresql://127.0.0.1:5432/orders\" }", "\"http://127.0.0.1:8080\", time-zone: Europe/Berlin }"))
                .hasMessageContaining("stores.orders.time-zone: a service's store reads and writes its own values");
    }

    @Test
    void aServiceStoreTakesAReadTimeoutAndADatabaseRefusesIt() throws IOException {
        String yaml = VALID.replace("orders: { url: \"jdbc:postgresql://127.0.0.1:5432/orders\" }",
                "orders: { url: \"https://orders.internal:8443\", token: tk, read-timeout: 90s }");
        assertThat(ConfigFile.read(write(yaml), Map.of()).store("orders").readTimeout()).isEqualTo(java.time.Duration.ofSeconds(90));
        assertThat(ConfigFile.read(write(VALID), Map.of()).store("orders").readTimeout()).isEqualTo(StoreConfig.DEFAULT_READ_TIMEOUT);
        refused(yaml.replace("90s", "soon")).hasMessageContaining("stores.orders.read-timeout").hasMessageContaining("not a duration");
        refused(yaml.replace("90s", "0s")).hasMessageContaining("stores.orders.read-timeout").hasMessageContaining("out of range");
        refused(VALID.replace("shop\" }", "shop\", read-timeout: 5s }")).hasMessageContaining("stores.legacy.read-timeout")
                .hasMessageContaining("only a service's store");
    }

    @Test
    void aHugeValueIsRefusedQuickly() throws IOException {
        refused(VALID + "# " + "x".repeat(ConfigFileText.MAX_BYTES) + "\n").hasMessageContaining("is larger than 256 KiB");
        refused(VALID + "    row-mapper: \"" + "y".repeat(StrictYaml.MAX_VALUE_CHARS + 10) + "\"\n")
                .hasMessageContaining("line 8: a value of 65546 characters is longer than the 64 KiB a value may have");
        refused(VALID + "    row-mapper: \"" + "z".repeat(ConfigFileText.MAX_BYTES - VALID.length() - 40) + "\"\n")
                .hasMessageContaining("is longer than the 64 KiB");

    }

    @Test
    void aDeviceADirectoryAndAFifoAreRefusedWithoutReading() throws Exception {
        assertThatThrownBy(() -> ConfigFile.read(Path.of("/dev/zero"), Map.of()))
                .hasMessageContaining("/dev/zero is not a regular file");
        assertThatThrownBy(() -> ConfigFile.read(dir, Map.of())).hasMessageContaining("is a directory, not a file");
        Path fifo = dir.resolve("fifo.yaml");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).as("mkfifo").isTrue();
        assertThatThrownBy(() -> ConfigFile.read(fifo, Map.of())).hasMessageContaining("is not a regular file");
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedNamingTheByteAndLine() throws IOException {
        byte[] latin1 = (VALID + "# caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
        Path file = Files.write(dir.resolve("latin1.yaml"), latin1);
        assertThatThrownBy(() -> ConfigFile.read(file, Map.of()))
                .hasMessageContaining("is not UTF-8 text: byte 0xE9 at offset " + (latin1.length - 2) + " (line 8)");
    }

    @Test
    void anUnreadableFileSaysPermissionDenied() {
        Path file = dir.resolve("secret.yaml");
        assertThat(ConfigFileText.unreadable(file, new AccessDeniedException(file.toString())))
                .hasMessage("configuration file " + file + " cannot be read: permission denied; give this user read access to it");
    }

    @Test
    void legacyDefaultsAreReadAsTextWithDecimalsKeptExactAndEnvironmentSubstituted() throws IOException {
        DecantConfig c = ConfigFile.read(write(VALID + """
                    legacy-defaults:
                      created_at: now
                      channel: ${COL}
                      amount: 12.10
                      priority: 3
                      gift: false
                      placed_on: 2024-01-31
                """), Map.of("COL", "monolith"));
        assertThat(c.migration("orders").legacyDefaults()).containsExactly(Map.entry("created_at", "now"),
                Map.entry("channel", "monolith"), Map.entry("amount", "12.10"), Map.entry("priority", "3"),
                Map.entry("gift", "false"), Map.entry("placed_on", "2024-01-31"));
    }

    @Test
    void aLegacyDefaultThatIsNotAScalarIsRefused() throws IOException {
        refused(VALID + "    legacy-defaults: { created_at: [1, 2] }\n")
                .hasMessageContaining("migrations.orders.legacy-defaults.created_at: expected a value");
        refused(VALID + "    legacy-defaults: { created_at: ~ }\n")
                .hasMessageContaining("migrations.orders.legacy-defaults.created_at: expected a value");
        refused(VALID + "    legacy-defaults: [created_at]\n")
                .hasMessageContaining("migrations.orders.legacy-defaults: expected a mapping");
    }
}
