package io.decant.it.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.jdbc.TestStores;
import io.decant.jdbc.driver.JdbcStoreConnection;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.spi.Key;
import io.decant.store.HashColumn;
import io.decant.store.KeyRangeDigest;
import io.decant.store.KeySpan;
import io.decant.store.RangeHasher;
import io.decant.store.TableRef;
import io.decant.store.ValueKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A row of more columns than one PostgreSQL function call takes (100 arguments): PostgreSQL joins
 * its text in groups, and the text is the same as MariaDB's, row by row and part by part; a value
 * changed in a late column changes its row's hash.
 */
class WideRowTextIT {
    private static final int VALUE_COLUMNS = 230;
    private static final int ROWS = 400;
    private static final List<String> COLUMNS = columns();
    private static final List<HashColumn> HASHED = COLUMNS.stream()
            .map(c -> new HashColumn(c, c.startsWith("d") ? ValueKind.DECIMAL : ValueKind.INTEGER)).toList();
    private static final TableRef WIDE = new TableRef("s", "wide", List.of("id"), COLUMNS, Optional.empty());
    private static final List<Key> CUTS = List.of(Key.of(100L), Key.of(200L), Key.of(300L));

    private static Database pgDb;
    private static Database mariaDb;
    private static JdbcStoreConnection pg;
    private static JdbcStoreConnection maria;

    private static List<String> columns() {
        List<String> c = new ArrayList<>(List.of("id"));
        IntStream.rangeClosed(1, VALUE_COLUMNS).forEach(i -> c.add((i % 3 == 0 ? "d" : "c") + i));
        return List.copyOf(c);
    }

    @BeforeAll
    static void open() throws SQLException {
        pgDb = TestStores.freshDatabase(Engine.POSTGRES);
        mariaDb = TestStores.freshDatabase(Engine.MARIADB);
        pgDb.execute("CREATE TABLE wide (id bigint PRIMARY KEY, " + valueColumns("numeric(12,3)") + ")");
        // MariaDB's row size limit: most of these are NOT NULL integers, the rest nullable decimals
        mariaDb.execute("CREATE TABLE wide (id bigint PRIMARY KEY, " + valueColumns("decimal(12,3)") + ") DEFAULT CHARSET=utf8mb4");
        fill(pgDb);
        fill(mariaDb);
        pg = TestStores.open("pg", pgDb, 2);
        maria = TestStores.open("maria", mariaDb, 2);
    }

    private static String valueColumns(String decimal) {
        return COLUMNS.subList(1, COLUMNS.size()).stream()
                .map(c -> c + (c.startsWith("d") ? " " + decimal : " integer NOT NULL")).collect(Collectors.joining(", "));
    }

    private static void fill(Database db) throws SQLException {
        String markers = COLUMNS.stream().map(c -> "?").collect(Collectors.joining(", "));
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO wide (" + String.join(", ", COLUMNS) + ") VALUES (" + markers + ")")) {
            for (long id = 1; id <= ROWS; id++) {
                ps.setLong(1, id);
                for (int i = 1; i <= VALUE_COLUMNS; i++) {
                    if (i % 3 != 0) {
                        ps.setLong(i + 1, id * i - 1000);
                    } else if ((id + i) % 7 == 0) {
                        ps.setNull(i + 1, Types.DECIMAL);
                    } else {
                        ps.setBigDecimal(i + 1, java.math.BigDecimal.valueOf(id * i, 2));
                    }
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @AfterAll
    static void close() {
        pg.close();
        maria.close();
    }

    @Test
    void postgresqlJoinsAWideRowInGroupsToMariadbsText() {
        for (String function : List.of("sha256-concat", "sha256", RangeHasher.PORTABLE_ROW_HASH)) {
            RangeHasher onPg = pg.rangeHasher(WIDE).withRowHash(function);
            RangeHasher onMaria = maria.rangeHasher(WIDE).withRowHash(function);
            List<KeyRangeDigest> left = onPg.digests(KeySpan.ALL, CUTS, HASHED);
            assertThat(left).as(function).hasSize(4).allSatisfy(d -> assertThat(d.rows()).isEqualTo(100));
            assertThat(onMaria.digests(KeySpan.ALL, CUTS, HASHED)).as(function).isEqualTo(left);
            assertThat(rowHashes(onPg)).as(function).isEqualTo(rowHashes(onMaria));
        }
    }

    @Test
    void aValueChangedInALateColumnChangesItsRowHash() {
        RangeHasher onPg = pg.rangeHasher(WIDE).withRowHash("sha256");
        Map<Key, Long> before = rowHashes(onPg);
        pgDb.execute("UPDATE wide SET c" + (VALUE_COLUMNS - 1) + " = c" + (VALUE_COLUMNS - 1) + " + 1 WHERE id = 250");
        try {
            Map<Key, Long> after = rowHashes(onPg);
            assertThat(after.get(Key.of(250L))).isNotEqualTo(before.get(Key.of(250L)));
            after.remove(Key.of(250L));
            before.remove(Key.of(250L));
            assertThat(after).isEqualTo(before);
        } finally {
            pgDb.execute("UPDATE wide SET c" + (VALUE_COLUMNS - 1) + " = c" + (VALUE_COLUMNS - 1) + " - 1 WHERE id = 250");
        }
    }

    private static Map<Key, Long> rowHashes(RangeHasher hasher) {
        return RowHashes.of(hasher, HASHED, ROWS);
    }
}
