package io.decant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.decant.Decant;
import io.decant.config.DecantConfig;
import io.decant.jdbc.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core commands end to end against a real PostgreSQL pair. */
class CommandsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private OrdersFixture fixture;
    private String config;

    @BeforeEach
    void databases() {
        fixture = OrdersFixture.create(dir);
        config = fixture.write("decant.yaml", fixture.yaml()).toString();
    }

    private Cli.Result decant(String... args) {
        String[] withConfig = new String[args.length + 2];
        withConfig[0] = "--config";
        withConfig[1] = config;
        System.arraycopy(args, 0, withConfig, 2, args.length);
        return Cli.run(withConfig);
    }

    private static JsonNode json(Cli.Result r) throws Exception {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return JSON.readTree(r.out());
    }

    @Test
    void initStatusAdvanceRollbackAndARefusedAdvance() throws Exception {
        Cli.Result init = decant("init");
        assertThat(init.exitCode()).as(init.toString()).isZero();
        assertThat(init.out()).contains("orders: registered", "LEGACY_ONLY");

        JsonNode status = json(decant("status", "--json"));
        assertThat(status.path("migration").asText()).isEqualTo("orders");
        assertThat(status.path("phase").asText()).isEqualTo("LEGACY_ONLY");

        Cli.Result advance = decant("advance", "orders");
        assertThat(advance.exitCode()).as(advance.toString()).isZero();
        assertThat(advance.out()).contains("orders: LEGACY_ONLY -> DUAL_WRITE", "ok     stores-reachable", "ok     target-schema");

        JsonNode dual = json(decant("status", "orders", "--json"));
        assertThat(dual.path("phase").asText()).isEqualTo("DUAL_WRITE");
        assertThat(dual.path("version").asLong()).isGreaterThan(status.path("version").asLong());

        Cli.Result rollback = decant("rollback", "orders", "--to", "legacy-only", "--reason", "testing rollback");
        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        assertThat(rollback.out()).contains("orders: DUAL_WRITE -> LEGACY_ONLY");
        assertThat(json(decant("status", "--json")).path("phase").asText()).isEqualTo("LEGACY_ONLY");

        assertThat(decant("advance", "orders", "--wait", "5s").exitCode()).isZero();
        String controlBefore = fixture.snapshot();
        Cli.Result refused = decant("advance", "orders", "--to", "SHADOW_READ");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(3);
        assertThat(refused.err()).startsWith("decant: ").contains("backfill-complete");
        assertThat(fixture.snapshot()).as("a refused advance changes nothing").isEqualTo(controlBefore);

        Cli.Result human = decant("status");
        assertThat(human.exitCode()).isZero();
        assertThat(human.out()).contains("orders  DUAL_WRITE", "backfill      not run", "journal       0 keys",
                "testing rollback");
    }

    @Test
    void aForcedAdvanceIsAuditedWithItsReason() throws Exception {
        assertThat(decant("init").exitCode()).isZero();
        assertThat(decant("advance", "orders").exitCode()).isZero();

        Cli.Result forced = decant("advance", "orders", "--force", "--reason", "backfill checked by hand");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(forced.out()).contains("DUAL_WRITE -> SHADOW_READ", "FORCED", "FAILED ");

        JsonNode status = json(decant("status", "--json"));
        assertThat(status.path("phase").asText()).isEqualTo("SHADOW_READ");
        JsonNode newest = status.path("audit").get(0);
        assertThat(newest.path("forced").asBoolean()).isTrue();
        assertThat(newest.path("reason").asText()).isEqualTo("backfill checked by hand");
        assertThat(newest.path("actor").asText()).startsWith(System.getProperty("user.name") + "@");
    }

    @Test
    void mariaDbCanBeTheLegacyAndTheControlStore() throws Exception {
        fixture = OrdersFixture.create(dir, TestDatabases.Engine.MARIADB);
        config = fixture.write("maria.yaml", fixture.yaml()).toString();

        Cli.Result init = decant("init");
        assertThat(init.exitCode()).as(init.toString()).isZero();
        assertThat(fixture.controlTables()).isNotEmpty().allSatisfy(t -> assertThat(t).startsWith(fixture.legacy.name() + ":"));
        assertThat(json(decant("status", "--json")).path("phase").asText()).isEqualTo("LEGACY_ONLY");

        Cli.Result advance = decant("advance", "orders", "--to", "dual_write");
        assertThat(advance.exitCode()).as(advance.toString()).isZero();
        assertThat(json(decant("status", "orders", "--json")).path("phase").asText()).isEqualTo("DUAL_WRITE");

        Cli.Result rollback = decant("rollback", "orders", "--to", "LEGACY_ONLY", "--reason", "mariadb round trip", "--json");
        assertThat(json(rollback).path("to").asText()).isEqualTo("LEGACY_ONLY");
        JsonNode audit = json(decant("status", "--json")).path("audit");
        assertThat(audit.findValuesAsText("reason")).contains("mariadb round trip");
    }

    @Test
    void statusShowsALibraryInstanceAndAdvanceNamesItWhenItLags() throws Exception {
        // the instance heartbeats every second but reads the phase only every ten minutes: a laggard
        config = fixture.write("decant.yaml", fixture.yaml()
                + "instances: { heartbeat: 1s, phase-poll: 10m, dead-after: 30s }\n").toString();
        assertThat(decant("init").exitCode()).isZero();
        assertThat(decant("advance", "orders").exitCode()).isZero();

        try (Decant library = Decant.open(DecantConfig.load(Path.of(config)))) {
            library.migration("orders");

            Cli.Result human = decant("status", "orders");
            assertThat(human.out()).contains("instances     1 live, 0 dead", library.instanceId(), "DUAL_WRITE v2", "live");
            JsonNode instance = json(decant("status", "--json")).path("instances").get(0);
            assertThat(instance.path("instanceId").asText()).isEqualTo(library.instanceId());
            assertThat(instance.path("live").asBoolean()).isTrue();

            Cli.Result lagging = decant("advance", "orders", "--force", "--reason", "barrier test", "--wait", "2s");
            assertThat(lagging.exitCode()).as(lagging.toString()).isEqualTo(5);
            assertThat(lagging.err()).startsWith("decant: ").contains(library.instanceId());
        }
    }

    @Test
    void repairOfAnEmptyJournalSucceeds() {
        assertThat(decant("init").exitCode()).isZero();

        Cli.Result r = decant("repair", "orders");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("orders: repaired 0 keys, resolved 0 stale intents, 0 failed");
    }

    @Test
    void statusWithSeveralMigrationsListsThemAll() throws Exception {
        String two = fixture.yaml() + "  orders_copy:\n"
                + "    source: { store: legacy, table: orders, key: [id] }\n"
                + "    target: { store: service, table: orders_copy, key: [id] }\n";
        fixture.service.execute("CREATE TABLE orders_copy (id BIGINT PRIMARY KEY, customer_id BIGINT, total_cents BIGINT,"
                + " status VARCHAR(20), updated_at TIMESTAMP)");
        config = fixture.write("decant.yaml", two).toString();
        assertThat(decant("init").exitCode()).isZero();

        JsonNode all = json(decant("status", "--json"));

        assertThat(all.path("migrations")).hasSize(2);
        assertThat(all.path("migrations").findValuesAsText("migration")).containsExactly("orders", "orders_copy");
    }
}
