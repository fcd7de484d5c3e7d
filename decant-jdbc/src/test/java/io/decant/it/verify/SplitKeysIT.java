package io.decant.it.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.jdbc.TestStores;
import io.decant.jdbc.driver.JdbcStoreConnection;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.spi.Key;
import io.decant.store.KeySpan;
import io.decant.store.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cuts of a key range are every n-th key in key order, on each engine: PostgreSQL counts the
 * range in one streamed query, MariaDB a page of cuts at a time (the pages must neither skip nor
 * repeat a cut, however the range ends against a page).
 */
class SplitKeysIT {
    private static final TableRef SINGLE = new TableRef("s", "single_keys", List.of("id"), List.of("id", "v"), Optional.empty());
    private static final TableRef COMPOSITE = new TableRef("s", "composite_keys", List.of("region", "n"), List.of("region", "n", "v"),
            Optional.empty());

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Engine engine : List.of(Engine.POSTGRES, Engine.MARIADB)) {
            for (int every : List.of(1, 7, 10, 64, 100, 1000)) {
                out.add(Arguments.of(engine, every));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, every {1}th key")
    @MethodSource("cases")
    void theCutsAreEveryNthKeyOfTheRange(Engine engine, int every) {
        Database db = TestStores.freshDatabase(engine);
        db.execute("CREATE TABLE single_keys (id bigint PRIMARY KEY, v int)");
        db.execute("CREATE TABLE composite_keys (region varchar(8), n int, v int, PRIMARY KEY (region, n))");
        List<Key> single = new ArrayList<>();
        List<Key> composite = new ArrayList<>();
        StringBuilder s = new StringBuilder();
        StringBuilder c = new StringBuilder();
        for (int i = 1; i <= 1600; i++) {
            long id = 3L * i; // gaps between keys
            single.add(Key.of(id));
            s.append(s.length() == 0 ? "" : ", ").append("(").append(id).append(", ").append(i).append(")");
        }
        for (String region : List.of("eu", "us")) {
            for (int n = 1; n <= 800; n++) {
                composite.add(Key.of(region, n));
                c.append(c.length() == 0 ? "" : ", ").append("('").append(region).append("', ").append(n).append(", ").append(n).append(")");
            }
        }
        db.execute("INSERT INTO single_keys (id, v) VALUES " + s);
        db.execute("INSERT INTO composite_keys (region, n, v) VALUES " + c);
        try (JdbcStoreConnection store = TestStores.open("s", db, 2)) {
            assertThat(cuts(store, SINGLE, KeySpan.ALL, every)).isEqualTo(everyNth(single, every));
            assertThat(cuts(store, COMPOSITE, KeySpan.ALL, every)).isEqualTo(everyNth(composite, every));
            // a range: after key 300 (exclusive) up to 4200 (inclusive): ids 303..4200
            KeySpan range = new KeySpan(Optional.of(Key.of(300L)), false, Optional.of(Key.of(4200L)));
            List<Key> inRange = single.stream().filter(k -> (Long) k.get(0) > 300 && (Long) k.get(0) <= 4200).toList();
            assertThat(cuts(store, SINGLE, range, every)).isEqualTo(everyNth(inRange, every));
            KeySpan regionUs = new KeySpan(Optional.of(Key.of("us", 1)), true, Optional.empty());
            List<Key> us = composite.subList(800, 1600);
            assertThat(cuts(store, COMPOSITE, regionUs, every)).isEqualTo(everyNth(us, every));
        }
    }

    private static List<Key> cuts(JdbcStoreConnection store, TableRef table, KeySpan within, int every) {
        List<Key> out = new ArrayList<>();
        store.rangeHasher(table).splitKeys(within, every, out::add);
        return out;
    }

    private static List<Key> everyNth(List<Key> keys, int every) {
        List<Key> out = new ArrayList<>();
        for (int i = every - 1; i < keys.size(); i += every) {
            out.add(keys.get(i));
        }
        return out;
    }
}
