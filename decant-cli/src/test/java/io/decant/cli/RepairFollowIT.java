package io.decant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.Decant;
import io.decant.Migration;
import io.decant.config.DecantConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code repair --follow} repairs keys as they arrive and, on Ctrl-C, stops cleanly with its totals. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RepairFollowIT {
    @TempDir
    Path dir;

    @Test
    void followRepairsAJournaledKeyAndStopsCleanlyOnCtrlC() throws Exception {
        OrdersFixture fixture = OrdersFixture.create(dir);
        Path config = fixture.write("decant.yaml", fixture.yaml());
        assertThat(Cli.run("init", "--config", config.toString()).exitCode()).isZero();
        assertThat(Cli.run("advance", "orders", "--config", config.toString()).exitCode()).isZero();

        // a dual write whose second write fails: the call succeeds and the key is journaled legacy → new
        try (Decant decant = Decant.open(DecantConfig.load(config))) {
            Migration orders = decant.migration("orders");
            orders.write(1001L, () -> fixture.legacy.execute(
                    "INSERT INTO orders VALUES (1001, 7, 4200, 'PAID', TIMESTAMP '2026-02-01 12:00:00')"), () -> {
                        throw new IllegalStateException("service unavailable");
                    });
        }
        assertThat(serviceHasOrder(fixture, 1001)).isFalse();

        LauncherJar.Running repair = LauncherJar.start(dir, "repair", "orders", "--follow");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!repair.errSoFar().contains("repair orders  1 rows") && repair.process().isAlive()
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Cli.Result stopped = repair.stop();

        assertThat(stopped.err()).contains("repair orders  1 rows");
        assertThat(stopped.out()).isEqualTo("orders: repaired 1 keys, resolved 0 stale intents, 0 failed\n");
        assertThat(serviceHasOrder(fixture, 1001)).isTrue();
    }

    private static boolean serviceHasOrder(OrdersFixture fixture, long id) throws Exception {
        try (Connection c = fixture.service.connect();
             PreparedStatement ps = c.prepareStatement("SELECT total_cents FROM orders WHERE order_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) == 4200;
            }
        }
    }
}
