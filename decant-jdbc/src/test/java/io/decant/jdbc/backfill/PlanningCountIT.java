package io.decant.jdbc.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.jdbc.TestStores;
import io.decant.jdbc.driver.JdbcStoreConnection;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.spi.Key;
import io.decant.store.BackfillStore;
import io.decant.store.KeyRange;
import io.decant.store.TableRef;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The backfill plan's row count of its open-ended tail ({@link BackfillStore#countRows}) on both
 * engines: it counts the rows of its key range and stops at its limit, so planning a huge table
 * never counts more than one chunk's rows. (The source of a backfill is always a database store; a
 * store behind a service's API is only ever its target, and the store protocol has no range count.)
 */
class PlanningCountIT {
    private static final int ROWS = 5000;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aRangeCountStopsAtItsLimitAndKeepsToItsRange(Engine engine) {
        Database db = TestStores.freshDatabase(engine);
        db.execute("CREATE TABLE orders (id bigint PRIMARY KEY, note varchar(20))",
                engine == Engine.POSTGRES
                        ? "INSERT INTO orders SELECT g, 'n' FROM generate_series(1, " + ROWS + ") g"
                        : "INSERT INTO orders SELECT seq, 'n' FROM seq_1_to_" + ROWS);
        TableRef orders = new TableRef("legacy", "orders", List.of("id"), List.of("id", "note"), Optional.empty());
        try (JdbcStoreConnection store = TestStores.open("legacy", db, 2)) {
            BackfillStore backfill = store.backfill();

            assertThat(backfill.countRows(orders, range(null, null), ROWS + 1)).as("the whole table, under the limit").isEqualTo(ROWS);
            assertThat(backfill.countRows(orders, range(null, null), 200)).as("the whole table, limit 200").isEqualTo(200);
            assertThat(backfill.countRows(orders, range(1000L, null), 200)).as("an open-ended tail, limit 200").isEqualTo(200);
            assertThat(backfill.countRows(orders, range(ROWS - 10L, null), 200)).as("a short tail").isEqualTo(10);
            assertThat(backfill.countRows(orders, range(100L, 350L), 1000)).as("keys 101..350").isEqualTo(250);
            assertThat(backfill.countRows(orders, range(100L, 350L), 1)).as("keys 101..350, limit 1").isEqualTo(1);
            assertThat(backfill.countRows(orders, range((long) ROWS, null), 200)).as("past the last key").isZero();
        }
    }

    private static KeyRange range(Long after, Long upTo) {
        return new KeyRange(Optional.ofNullable(after).map(Key::of), Optional.ofNullable(upTo).map(Key::of));
    }
}
