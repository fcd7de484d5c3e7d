package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.Phase;
import io.decant.config.MigrationConfig;
import io.decant.control.ControlStore;
import io.decant.control.Direction;
import io.decant.control.JournalEntry;
import io.decant.control.JournalOrigin;
import io.decant.driver.StoreConnection;
import io.decant.internal.repair.Repairer;
import io.decant.internal.repair.TableMapping;
import io.decant.it.TwoStores.Order;
import io.decant.it.TwoStores.Topology;
import io.decant.jdbc.driver.JdbcStoreDriver;
import io.decant.spi.Key;
import io.decant.spi.Row;
import io.decant.store.ColumnInfo;
import io.decant.store.TableRef;
import io.decant.store.TableStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The model's finding E against the real stores: a repair copies in the direction it claimed, but the
 * key may be journaled again — in the other direction, by an acknowledged write — between its claim
 * and its copy. The interleaving is forced: the writer's whole call runs inside the repair's first
 * read of the key. Here a lagging instance's NEW_ONLY write (new store := 2, journaled new → legacy)
 * lands after the repair claimed a legacy → new entry (legacy holds 1 from an acknowledged write whose
 * new-store write failed). Copying the claimed direction would put legacy's 1 over the acknowledged 2.
 * Also the second half of the fix: a write that lands in the store copied into after the repair read
 * it makes the compare-and-set copy miss.
 */
class RepairAgainstReJournalingIT {
    private static final long KEY = 17;

    static List<Topology> topologies() {
        return TwoStores.crossTopologies();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void aKeyJournaledAgainInTheOtherDirectionAfterTheClaimIsNotCopiedTheClaimedWay(Topology topology) {
        try (TwoStores fx = new TwoStores(topology); Setup s = new Setup(fx)) {
            fx.legacy.upsert(new Order(KEY, 7, 100, "ONE"));
            fx.target.upsert(new Order(KEY, 7, 50, "ZERO"));
            ControlStore control = fx.control();
            control.journal().enqueue(TwoStores.MIGRATION, List.of(Key.of(KEY)), Direction.LEGACY_TO_NEW, JournalOrigin.SECOND_WRITE_FAILED);
            JournalEntry claimed = control.journal().claim(TwoStores.MIGRATION, "w", 10, Duration.ofMinutes(1)).get(0);
            // the writer's whole NEW_ONLY call, inside the repair's first read of the key
            s.beforeFirstTargetFetch.set(() -> {
                control.journal().enqueue(TwoStores.MIGRATION, List.of(Key.of(KEY)), Direction.NEW_TO_LEGACY, JournalOrigin.NEW_ONLY_WRITE);
                control.journal().undefer(TwoStores.MIGRATION);
                fx.target.upsert(new Order(KEY, 7, 200, "TWO"));
            });

            assertThat(s.repairer.copy(claimed.key(), claimed.direction(), claimed.certain(), claimed)).isTrue();
            control.journal().complete(claimed);

            assertThat(fx.target.find(KEY)).as("the acknowledged NEW_ONLY write").hasValueSatisfying(o -> assertThat(o.status()).isEqualTo("TWO"));
            List<JournalEntry> again = control.journal().claim(TwoStores.MIGRATION, "w", 10, Duration.ofMinutes(1));
            assertThat(again).as("released, in its new direction").singleElement()
                    .satisfies(e -> assertThat(e.direction()).isEqualTo(Direction.NEW_TO_LEGACY));
            assertThat(s.repairer.copy(again.get(0).key(), again.get(0).direction(), again.get(0).certain(), again.get(0))).isTrue();
            assertThat(fx.legacy.find(KEY)).hasValueSatisfying(o -> assertThat(o.status()).isEqualTo("TWO"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void aWriteThatLandsInTheStoreCopiedIntoAfterTheReadMakesTheCopyMiss(Topology topology) {
        try (TwoStores fx = new TwoStores(topology); Setup s = new Setup(fx)) {
            fx.legacy.upsert(new Order(KEY, 7, 100, "ONE"));
            fx.target.upsert(new Order(KEY, 7, 50, "ZERO"));
            // a write to the new store lands right after the repair read it (no intent: e.g. an async one)
            s.afterFirstTargetFetch.set(() -> fx.target.upsert(new Order(KEY, 7, 300, "THREE")));

            Optional<Row> read = s.target.fetch(Key.of(KEY)); // runs the write right after reading
            boolean replaced = s.target.replace(Key.of(KEY), read, s.legacy.fetch(Key.of(KEY)).map(s.mapping.mapper()::toTarget));

            assertThat(replaced).as("the copy missed: the new store changed since it was read").isFalse();
            assertThat(fx.target.find(KEY)).hasValueSatisfying(o -> assertThat(o.status()).isEqualTo("THREE"));
            assertThat(s.target.replace(Key.of(KEY), Optional.empty(), s.legacy.fetch(Key.of(KEY)).map(s.mapping.mapper()::toTarget)))
                    .as("an insert expecting no row finds one").isFalse();
            fx.target.delete(KEY);
            assertThat(s.target.replace(Key.of(KEY), Optional.empty(), s.legacy.fetch(Key.of(KEY)).map(s.mapping.mapper()::toTarget)))
                    .isTrue();
            assertThat(fx.target.find(KEY)).hasValueSatisfying(o -> assertThat(o.status()).isEqualTo("ONE"));
        }
    }

    /** A Repairer over the fixture's tables, with hooks around the target's first fetch. */
    private static final class Setup implements AutoCloseable {
        final AtomicReference<Runnable> beforeFirstTargetFetch = new AtomicReference<>();
        final AtomicReference<Runnable> afterFirstTargetFetch = new AtomicReference<>();
        final StoreConnection legacyConnection;
        final StoreConnection targetConnection;
        final TableMapping mapping;
        final TableStore legacy;
        final TableStore target;
        final Repairer repairer;

        Setup(TwoStores fx) {
            fx.open().init();
            fx.walkTo(Phase.NEW_ONLY);
            MigrationConfig m = fx.config().migrations().get(TwoStores.MIGRATION);
            legacyConnection = new JdbcStoreDriver().connect(fx.legacyStore);
            targetConnection = new JdbcStoreDriver().connect(fx.targetStore);
            mapping = TableMapping.of(m, m.columns(), null);
            legacy = legacyConnection.table(mapping.source());
            target = new Hooked(targetConnection.table(mapping.target()), beforeFirstTargetFetch, afterFirstTargetFetch);
            repairer = new Repairer(fx.control(), mapping, legacy, target, "w", Duration.ofMinutes(1), Duration.ofMinutes(5),
                    Duration.ofMillis(50));
        }

        @Override
        public void close() {
            legacyConnection.close();
            targetConnection.close();
        }
    }

    /** A table store that runs a hook once, before or after its next fetch. */
    private record Hooked(TableStore inner, AtomicReference<Runnable> before, AtomicReference<Runnable> after) implements TableStore {
        @Override
        public Optional<Row> fetch(Key key) {
            Runnable b = before.getAndSet(null);
            if (b != null) {
                b.run();
            }
            Optional<Row> row = inner.fetch(key);
            Runnable a = after.getAndSet(null);
            if (a != null) {
                a.run();
            }
            return row;
        }

        @Override
        public TableRef ref() {
            return inner.ref();
        }

        @Override
        public Optional<List<ColumnInfo>> describe() {
            return inner.describe();
        }

        @Override
        public Optional<io.decant.store.TableLocation> locate() {
            return inner.locate();
        }

        @Override
        public void ping() {
            inner.ping();
        }

        @Override
        public void upsert(Row row) {
            inner.upsert(row);
        }

        @Override
        public boolean upsertIfNotOlder(Row row, String versionColumn) {
            return inner.upsertIfNotOlder(row, versionColumn);
        }

        @Override
        public boolean replace(Key key, Optional<Row> expected, Optional<Row> replacement) {
            return inner.replace(key, expected, replacement);
        }

        @Override
        public boolean delete(Key key) {
            return inner.delete(key);
        }

        @Override
        public long count() {
            return inner.count();
        }
    }
}
