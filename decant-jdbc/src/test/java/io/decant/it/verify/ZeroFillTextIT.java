package io.decant.it.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.jdbc.TestStores;
import io.decant.jdbc.driver.JdbcStoreConnection;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.spi.Key;
import io.decant.store.HashColumn;
import io.decant.store.KeySpan;
import io.decant.store.RangeHasher;
import io.decant.store.TableRef;
import io.decant.store.ValueKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MariaDB's {@code ZEROFILL} integers (a legacy schema's {@code int(5) zerofill}) render as the
 * number, as PostgreSQL's integers do, not as their padded display text, whether compared as numbers
 * or as text (a service that keeps the code in a text column): the rows hash alike.
 */
class ZeroFillTextIT {
    private static final List<String> COLUMNS = List.of("id", "code", "big", "small");
    private static final List<HashColumn> HASHED = List.of(new HashColumn("id", ValueKind.INTEGER),
            new HashColumn("code", ValueKind.INTEGER), new HashColumn("big", ValueKind.DECIMAL),
            new HashColumn("small", ValueKind.INTEGER));
    private static final TableRef PADDED = new TableRef("s", "padded", List.of("id"), COLUMNS, Optional.empty());
    private static final String ROWS = "(1, 42, 18446744073709551615, 7), (2, NULL, 0, 255), (3, 99999, 1, NULL)";

    private static Database pgDb;
    private static Database mariaDb;
    private static JdbcStoreConnection pg;
    private static JdbcStoreConnection maria;

    @BeforeAll
    static void open() {
        pgDb = TestStores.freshDatabase(Engine.POSTGRES);
        mariaDb = TestStores.freshDatabase(Engine.MARIADB);
        pgDb.execute("CREATE TABLE padded (id bigint PRIMARY KEY, code integer, big numeric(20), small smallint)",
                "INSERT INTO padded VALUES " + ROWS);
        mariaDb.execute("CREATE TABLE padded (id bigint PRIMARY KEY, code int(5) zerofill, big bigint unsigned zerofill,"
                + " small tinyint unsigned zerofill)", "INSERT INTO padded VALUES " + ROWS);
        pg = TestStores.open("pg", pgDb, 2);
        maria = TestStores.open("maria", mariaDb, 2);
    }

    @AfterAll
    static void close() {
        pg.close();
        maria.close();
    }

    @Test
    void aZeroFilledIntegerHashesAsItsNumber() {
        for (String function : List.of("sha256-concat", "sha256", RangeHasher.PORTABLE_ROW_HASH)) {
            RangeHasher onPg = pg.rangeHasher(PADDED).withRowHash(function);
            RangeHasher onMaria = maria.rangeHasher(PADDED).withRowHash(function);
            assertThat(onMaria.digests(KeySpan.ALL, List.of(), HASHED)).as(function)
                    .isEqualTo(onPg.digests(KeySpan.ALL, List.of(), HASHED));
            assertThat(rowHashes(onMaria)).as(function).isEqualTo(rowHashes(onPg));
        }
    }

    @Test
    void aZeroFilledIntegerComparedAsTextIsItsNumbersText() {
        List<HashColumn> asText = List.of(new HashColumn("id", ValueKind.INTEGER), new HashColumn("code", ValueKind.TEXT),
                new HashColumn("big", ValueKind.TEXT), new HashColumn("small", ValueKind.TEXT));
        for (String function : List.of("sha256-concat", "sha256", RangeHasher.PORTABLE_ROW_HASH)) {
            RangeHasher onPg = pg.rangeHasher(PADDED).withRowHash(function);
            RangeHasher onMaria = maria.rangeHasher(PADDED).withRowHash(function);
            assertThat(onMaria.digests(KeySpan.ALL, List.of(), asText)).as(function)
                    .isEqualTo(onPg.digests(KeySpan.ALL, List.of(), asText));
            assertThat(RowHashes.of(onMaria, asText, 3)).as(function).isEqualTo(RowHashes.of(onPg, asText, 3));
        }
    }

    private static Map<Key, Long> rowHashes(RangeHasher hasher) {
        return RowHashes.of(hasher, HASHED, 3);
    }
}
