package io.decant.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.jdbc.driver.JdbcStoreConnection;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.spi.Key;
import io.decant.store.BackfillStore;
import io.decant.store.TableRef;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The chunk boundaries the backfill's plan walks ({@code BackfillStore.keyBoundaries}: PostgreSQL in
 * one recursive statement, MariaDB one statement per step) against an independent answer: every
 * {@code step}-th key past the bound, numbered by {@code ROW_NUMBER()} over the key order — for a
 * gapped bigint key, a composite key whose text part sorts by the column's collation, a walk that
 * starts after a key and stops at {@code max}, and tables with fewer rows than a step.
 */
class KeyBoundariesIT {
    @ParameterizedTest
    @EnumSource(Engine.class)
    void aGappedSingleColumnKeyIsWalkedInSteps(Engine engine) throws SQLException {
        try (Database db = TestStores.freshDatabase(engine); JdbcStoreConnection s = TestStores.open("s", db, 2)) {
            db.execute("CREATE TABLE t (id bigint PRIMARY KEY, x int)");
            db.execute(insertAll("INSERT INTO t VALUES ", IntStream.rangeClosed(1, 1000).mapToObj(i -> "(" + (i * 3L + i % 7) + ", " + i + ")")
                    .toList()));
            BackfillStore b = s.backfill();
            TableRef t = new TableRef("s", "t", List.of("id"), List.of("id", "x"), Optional.empty());

            List<Key> all = b.keyBoundaries(t, Optional.empty(), 7, 500);
            assertThat(texts(all)).isEqualTo(expected(db, "SELECT id FROM t", "id", null, 7, 500)).hasSize(142);

            Key from = all.get(9);
            assertThat(texts(b.keyBoundaries(t, Optional.of(from), 7, 5)))
                    .isEqualTo(expected(db, "SELECT id FROM t", "id", "id > " + from.get(0), 7, 5)).hasSize(5)
                    .first().isEqualTo(texts(List.of(all.get(10))).get(0));
            assertThat(b.keyBoundaries(t, Optional.of(all.get(141)), 7, 500)).as("fewer than a step left").isEmpty();
            assertThat(b.keyBoundaries(t, Optional.empty(), 1001, 500)).as("a step past the table").isEmpty();
            db.execute("DELETE FROM t");
            assertThat(b.keyBoundaries(t, Optional.empty(), 1, 500)).as("an empty table").isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aCompositeKeyWithTextIsWalkedInItsCollationOrder(Engine engine) throws SQLException {
        try (Database db = TestStores.freshDatabase(engine); JdbcStoreConnection s = TestStores.open("s", db, 2)) {
            db.execute("CREATE TABLE t (a int NOT NULL, b varchar(20) NOT NULL, x int, PRIMARY KEY (a, b))");
            List<String> rows = new ArrayList<>();
            String[] words = {"apple", "Banana", "cherry", "Date", "_under", "éclair", "zeta", "Zulu"};
            for (int a = 1; a <= 40; a++) {
                for (String w : words) {
                    rows.add("(" + a + ", '" + w + a % 3 + "', " + a + ")");
                }
            }
            db.execute(insertAll("INSERT INTO t VALUES ", rows));
            BackfillStore b = s.backfill();
            TableRef t = new TableRef("s", "t", List.of("a", "b"), List.of("a", "b", "x"), Optional.empty());

            List<Key> all = b.keyBoundaries(t, Optional.empty(), 11, 500);
            assertThat(texts(all)).isEqualTo(expected(db, "SELECT a, b FROM t", "a, b", null, 11, 500)).hasSize(320 / 11);
            Key from = all.get(3);
            assertThat(texts(b.keyBoundaries(t, Optional.of(from), 11, 4))).hasSize(4)
                    .isEqualTo(texts(all.subList(4, 8)));
        }
    }

    private static String insertAll(String prefix, List<String> rows) {
        return prefix + String.join(", ", rows);
    }

    /** Every {@code step}-th row of {@code select} (ordered by {@code order}) past {@code where}, at most {@code max}, as text. */
    private static List<String> expected(Database db, String select, String order, String where, int step, int max)
            throws SQLException {
        String from = select.replace("SELECT ", "SELECT ROW_NUMBER() OVER (ORDER BY " + order + ") AS rn, ")
                + (where == null ? "" : " WHERE " + where);
        List<String> keys = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM (" + from + ") n WHERE MOD(rn, " + step + ") = 0 ORDER BY rn")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next() && keys.size() < max) {
                List<String> parts = new ArrayList<>();
                for (int i = 2; i <= columns; i++) {
                    parts.add(rs.getString(i));
                }
                keys.add(String.join("|", parts));
            }
        }
        return keys;
    }

    private static List<String> texts(List<Key> keys) {
        List<String> out = new ArrayList<>();
        for (Key k : keys) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < k.size(); i++) {
                parts.add(String.valueOf(k.get(i)));
            }
            out.add(String.join("|", parts));
        }
        return out;
    }
}
