package io.decant.jdbc.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.control.ControlStore;
import io.decant.control.Direction;
import io.decant.control.Intent;
import io.decant.control.KeyFence;
import io.decant.control.KeyFill;
import io.decant.control.PendingKey;
import io.decant.jdbc.TestStores;
import io.decant.jdbc.driver.JdbcStoreConnection;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.spi.Key;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The control store's side of inserts with database-generated keys on each engine: pending inserts
 * (intents without a key), naming their keys against the key fence, sweeping those of a gone
 * instance and resolving them by a verification, and the fence's conditional restore.
 */
class PendingInsertsIT {
    private static final String M = "orders";

    private static long pending(ControlStore c, Direction d, String instance) {
        return c.intents().insert(List.of(new Intent(0, M, null, d, instance, null)))[0];
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void keysAreNamedOnTheirGeneratorsSideOfTheFenceAndAPendingInsertOfAGoneInstanceWaitsForAVerification(Engine engine) {
        try (Database db = TestStores.freshDatabase(engine); JdbcStoreConnection s = TestStores.open("control", db, 4)) {
            ControlStore c = s.control();
            c.migrateSchema();
            c.phases().register(M);
            long a = pending(c, Direction.LEGACY_TO_NEW, "i1");
            long b = pending(c, Direction.LEGACY_TO_NEW, "i1");
            long n = pending(c, Direction.NEW_TO_LEGACY, "i1");
            assertThat(c.intents().count(M)).isEqualTo(3);
            assertThat(c.intents().writeInFlight(M, Key.of(5L), Direction.NEW_TO_LEGACY, Duration.ofHours(1)))
                    .as("a pending insert names no key").isFalse();

            c.keyFences().set(M, new KeyFence(1000, true, OptionalLong.of(900), null));
            assertThat(c.keyFences().fence(M)).hasValueSatisfying(f -> {
                assertThat(f.boundary()).isEqualTo(1000);
                assertThat(f.belowNext()).hasValue(900);
                assertThat(f.setAt()).isNotNull();
            });
            List<KeyFill> fills = c.intents().fillKeys(M, List.of(new PendingKey(a, Key.of(999L), Direction.LEGACY_TO_NEW, false),
                    new PendingKey(b, Key.of(1000L), Direction.LEGACY_TO_NEW, false),
                    new PendingKey(n, Key.of(1000L), Direction.NEW_TO_LEGACY, false)));
            assertThat(fills).extracting(KeyFill::outcome).containsExactly(KeyFill.Outcome.FILLED, KeyFill.Outcome.FENCED,
                    KeyFill.Outcome.FILLED);
            assertThat(fills.get(1).fence().boundary()).isEqualTo(1000);
            // the fenced key's intent points from the new store, whose generator owns it
            assertThat(c.intents().stale(M, Duration.ofSeconds(1), 100)).filteredOn(i -> i.id() == b).singleElement()
                    .satisfies(i -> {
                        assertThat(i.key()).isEqualTo(Key.of(1000L));
                        assertThat(i.direction()).isEqualTo(Direction.NEW_TO_LEGACY);
                    });
            assertThat(c.intents().fillKeys(M, List.of(new PendingKey(a, Key.of(998L), Direction.LEGACY_TO_NEW, false))))
                    .extracting(KeyFill::outcome).as("named already").containsExactly(KeyFill.Outcome.SWEPT);

            // a pending insert of an instance that is not registered (gone): swept, not journaled, until a verification
            long gone = pending(c, Direction.LEGACY_TO_NEW, "gone-instance");
            List<Intent> stale = c.intents().stale(M, Duration.ofSeconds(1), 100);
            assertThat(stale).extracting(Intent::id).contains(gone);
            assertThat(stale).filteredOn(i -> i.id() == gone).singleElement().satisfies(i -> assertThat(i.key()).isNull());
            c.intents().resolveStale(M, stale.stream().filter(i -> i.id() == gone).toList(), Duration.ofSeconds(1));
            assertThat(c.intents().unverifiedInserts(M)).isEqualTo(1);
            assertThat(c.journal().depth(M)).isZero();
            assertThat(c.intents().stale(M, Duration.ofSeconds(1), 100)).extracting(Intent::id).doesNotContain(gone);
            assertThat(c.intents().fillKeys(M, List.of(new PendingKey(gone, Key.of(5L), Direction.LEGACY_TO_NEW, false))))
                    .extracting(KeyFill::outcome).as("a swept pending insert cannot be named").containsExactly(KeyFill.Outcome.SWEPT);
            assertThat(c.intents().resolveVerifiedInserts(M, c.now().minusSeconds(60))).as("a verification from before").isZero();
            assertThat(c.intents().resolveVerifiedInserts(M, c.now().plusSeconds(1))).isEqualTo(1);
            assertThat(c.intents().unverifiedInserts(M)).isZero();

            // the instance's own resolution: with the key it knows, journaled; without, dropped
            long known = pending(c, Direction.LEGACY_TO_NEW, "i1");
            long unknown = pending(c, Direction.LEGACY_TO_NEW, "i1");
            c.intents().resolve(M, List.of(new Intent(known, M, Key.of(42L), Direction.LEGACY_TO_NEW, null, null),
                    new Intent(unknown, M, null, Direction.LEGACY_TO_NEW, null, null)));
            assertThat(c.journal().entry(M, Key.of(42L))).hasValueSatisfying(e ->
                    assertThat(e.direction()).isEqualTo(Direction.LEGACY_TO_NEW));
            assertThat(c.intents().unverifiedInserts(M)).isZero();
            assertThat(c.intents().count(M)).as("the three named intents of the first inserts").isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aHandOverThatDidNotHappenPutsTheEarlierFenceBackUnlessAnotherOneFollowed(Engine engine) {
        try (Database db = TestStores.freshDatabase(engine); JdbcStoreConnection s = TestStores.open("control", db, 2)) {
            ControlStore c = s.control();
            c.migrateSchema();
            KeyFence mine = new KeyFence(100, true, OptionalLong.empty(), null);
            c.keyFences().set(M, mine);
            c.keyFences().restore(M, mine, Optional.empty());
            assertThat(c.keyFences().fence(M)).isEmpty();

            KeyFence earlier = new KeyFence(50, false, OptionalLong.of(40), null);
            c.keyFences().set(M, earlier);
            c.keyFences().set(M, mine);
            KeyFence theirs = new KeyFence(200, true, OptionalLong.of(150), null);
            c.keyFences().set(M, theirs);
            c.keyFences().restore(M, mine, Optional.of(earlier));
            assertThat(c.keyFences().fence(M)).hasValueSatisfying(f -> assertThat(f.boundary()).isEqualTo(200));
            c.keyFences().restore(M, theirs, Optional.of(earlier));
            assertThat(c.keyFences().fence(M)).hasValueSatisfying(f -> {
                assertThat(f.boundary()).isEqualTo(50);
                assertThat(f.newAbove()).isFalse();
                assertThat(f.belowNext()).hasValue(40);
            });
        }
    }
}
