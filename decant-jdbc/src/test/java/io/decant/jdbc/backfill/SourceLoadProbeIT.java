package io.decant.jdbc.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.jdbc.TestStores;
import io.decant.jdbc.driver.JdbcStoreConnection;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.store.SourceLoad;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The back-off's load probe on both engines: a statement running elsewhere on the server is counted. */
class SourceLoadProbeIT {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aStatementRunningOnTheServerCountsAsLoad(Engine engine) throws Exception {
        Database db = TestStores.freshDatabase(engine);
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try (JdbcStoreConnection store = TestStores.open("legacy", db, 2); Connection busy = db.connect()) {
            SourceLoad idle = store.backfill().measureLoad();
            assertThat(idle.runningStatements()).isPresent();
            assertThat(idle.runningStatements().getAsLong()).isNotNegative();
            // no standby on the test servers: nothing to measure
            assertThat(idle.replicationLag()).isEmpty();

            String sleep = engine == Engine.POSTGRES ? "SELECT pg_sleep(3)" : "SELECT SLEEP(3)";
            Future<?> running = runner.submit(() -> {
                try (Statement s = busy.createStatement()) {
                    s.execute(sleep);
                }
                return null;
            });
            long seen = 0;
            for (int i = 0; i < 100 && seen == 0 && !running.isDone(); i++) {
                Thread.sleep(20);
                seen = store.backfill().measureLoad().runningStatements().orElse(0);
            }
            running.get(30, TimeUnit.SECONDS);
            assertThat(seen).as("statements running while one sleeps on the server").isPositive();
        } finally {
            runner.shutdownNow();
        }
    }
}
