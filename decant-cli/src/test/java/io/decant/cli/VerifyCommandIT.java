package io.decant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code decant verify} end to end on real databases: exit 0 when clean, 1 with differences (listed
 * by kind, named columns, {@code --json} for scripts), {@code --keys} and {@code --from/--to}
 * restrict it, {@code --repair} fixes the differences, and bad arguments exit 2.
 */
class VerifyCommandIT {
    @TempDir
    Path dir;

    private Path setUp() {
        OrdersFixture f = OrdersFixture.create(dir);
        Path config = f.write("decant.yaml", f.yaml() + "    verify: { recheck-delay: 100ms, chunk-rows: 16 }\n");
        assertThat(Cli.run("--config", config.toString(), "init").exitCode()).isZero();
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= 50; i++) {
            rows.append(i > 1 ? ", " : "").append("(").append(i).append(", ").append(i % 97).append(", ").append(i * 100)
                    .append(", 'NEW', TIMESTAMP '2026-01-01 00:00:00')");
        }
        f.service.execute("INSERT INTO orders (order_id, customer, total_cents, status, updated_at) VALUES " + rows);
        fixture = f;
        return config;
    }

    private OrdersFixture fixture;

    @Test
    void verifyExitsZeroWhenCleanAndOneListingEachPersistentDifference() throws Exception {
        Path config = setUp();
        Cli.Result clean = Cli.run("--config", config.toString(), "verify", "orders");
        assertThat(clean.exitCode()).as(clean.toString()).isZero();
        assertThat(clean.out()).contains("compared 50 rows").contains("result: clean");
        assertThat(clean.err()).doesNotContain("pool-size");

        // more workers than the default pool of 8 connections: said, not refused
        Cli.Result crowded = Cli.run("--config", config.toString(), "verify", "orders", "--workers", "9");
        assertThat(crowded.exitCode()).as(crowded.toString()).isZero();
        assertThat(crowded.err()).contains("9 workers share the 8 connections of store 'legacy'")
                .contains("set stores.legacy.pool-size to 11 or more").contains("set stores.service.pool-size to 10 or more");

        fixture.service.execute("DELETE FROM orders WHERE order_id = 7", "UPDATE orders SET status = 'PAID' WHERE order_id = 9",
                "INSERT INTO orders VALUES (99, 1, 1, 'X', TIMESTAMP '2026-01-01 00:00:00')");
        Cli.Result text = Cli.run("--config", config.toString(), "verify", "orders");
        assertThat(text.exitCode()).as(text.toString()).isEqualTo(1);
        assertThat(text.out()).contains("missing in target  [7]").contains("differing          [9]  status")
                .contains("extra in target    [99]").contains("result: 3 persistent differences remain");

        Cli.Result json = Cli.run("--config", config.toString(), "verify", "orders", "--json");
        assertThat(json.exitCode()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertThat(report.get("clean").asBoolean()).isFalse();
        assertThat(report.get("missingInTarget").asLong()).isEqualTo(1);
        assertThat(report.get("extraInTarget").asLong()).isEqualTo(1);
        assertThat(report.get("differing").asLong()).isEqualTo(1);
        assertThat(report.get("fullTable").asBoolean()).isTrue();
        assertThat(report.get("differences").get(1).get("columns").get(0).asText()).isEqualTo("status");
        assertThat(report.get("differences").get(1).get("key").get(0).asLong()).isEqualTo(9);
    }

    @Test
    void keysAndRangesRestrictTheComparisonAndRepairMakesItClean() throws Exception {
        Path config = setUp();
        fixture.service.execute("DELETE FROM orders WHERE order_id = 7", "UPDATE orders SET total_cents = 1 WHERE order_id = 40");
        Path keys = dir.resolve("keys.txt");
        Files.writeString(keys, "# keys to check\n7\n[8]\n10\n");
        Cli.Result listed = Cli.run("--config", config.toString(), "verify", "orders", "--keys", keys.toString());
        assertThat(listed.exitCode()).as(listed.toString()).isEqualTo(1);
        assertThat(listed.out()).contains("compared 3 rows").contains("missing in target  1").contains("not full-table evidence");

        Cli.Result range = Cli.run("--config", config.toString(), "verify", "orders", "--from", "10", "--to", "39");
        assertThat(range.exitCode()).as(range.toString()).isZero();
        assertThat(range.out()).contains("compared 30 rows");

        Cli.Result repaired = Cli.run("--config", config.toString(), "verify", "orders", "--repair");
        assertThat(repaired.exitCode()).as(repaired.toString()).isZero();
        assertThat(repaired.out()).contains("repaired 2 of 2").contains("result: clean after repair");
        Cli.Result after = Cli.run("--config", config.toString(), "verify", "orders");
        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(after.out()).contains("differing columns  0");
    }

    @Test
    void badKeysExitTwoNamingTheProblem() {
        Path config = setUp();
        Cli.Result tooMany = Cli.run("--config", config.toString(), "verify", "orders", "--from", "[1,2]");
        assertThat(tooMany.exitCode()).isEqualTo(2);
        assertThat(tooMany.err()).contains("--from").contains("has 2 values but the key has 1 columns");

        Cli.Result both = Cli.run("--config", config.toString(), "verify", "orders", "--keys", "k.txt", "--to", "3");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("either --keys or --from/--to");

        Cli.Result missing = Cli.run("--config", config.toString(), "verify", "orders", "--keys", dir.resolve("none.txt").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot read");

        Cli.Result unknown = Cli.run("--config", config.toString(), "verify", "nope");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown migration 'nope'");
    }
}
