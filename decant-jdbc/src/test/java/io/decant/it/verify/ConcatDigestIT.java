package io.decant.it.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.jdbc.TestStores;
import io.decant.jdbc.dialect.MariaDbDialect;
import io.decant.jdbc.driver.JdbcStoreConnection;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.jdbc.verify.JdbcRangeHasher;
import io.decant.jdbc.verify.MariaDbHashSql;
import io.decant.spi.Key;
import io.decant.store.HashColumn;
import io.decant.store.KeyRangeDigest;
import io.decant.store.KeySpan;
import io.decant.store.RangeHasher;
import io.decant.store.TableRef;
import io.decant.store.ValueKind;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The part digest PostgreSQL and MariaDB agree on for a mixed pair ({@code sha256-concat}): one
 * SHA-256 over a part's row texts in key order. Both engines give the same digest for the same rows
 * (NULLs, empty texts, texts holding the separators, multi-byte characters, fractions of seconds),
 * a changed row changes its part's digest only, it is offered only for tables whose key sorts alike
 * and whose rows are short, and a part MariaDB cuts short is never taken as equal.
 */
class ConcatDigestIT {
    private static final String CONCAT = "sha256-concat";
    private static final int ROWS = 3000;
    private static final List<String> COLUMNS = List.of("id", "name", "amount", "at", "paid");
    private static final List<HashColumn> HASHED = List.of(new HashColumn("id", ValueKind.INTEGER),
            new HashColumn("name", ValueKind.TEXT), new HashColumn("amount", ValueKind.DECIMAL),
            new HashColumn("at", ValueKind.TIMESTAMP), new HashColumn("paid", ValueKind.BOOLEAN));
    private static final TableRef LINES = new TableRef("s", "entries", List.of("id"), COLUMNS, Optional.empty());
    private static final List<Key> CUTS = IntStream.rangeClosed(1, 5).mapToObj(i -> Key.of(i * 500L)).toList();

    private static Database pgDb;
    private static Database mariaDb;
    private static Database mariaDb2;
    private static JdbcStoreConnection pg;
    private static JdbcStoreConnection maria;
    private static JdbcStoreConnection maria2;

    @BeforeAll
    static void open() throws SQLException {
        pgDb = TestStores.freshDatabase(Engine.POSTGRES);
        mariaDb = TestStores.freshDatabase(Engine.MARIADB);
        mariaDb2 = TestStores.freshDatabase(Engine.MARIADB);
        pgDb.execute("CREATE TABLE entries (id bigint PRIMARY KEY, name varchar(40), amount numeric(10,2), at timestamp(6),"
                + " paid boolean)", "CREATE TABLE notes (id bigint PRIMARY KEY, body text)");
        for (Database db : List.of(mariaDb, mariaDb2)) {
            db.execute("CREATE TABLE entries (id bigint PRIMARY KEY, name varchar(40), amount decimal(10,2), at datetime(6),"
                    + " paid boolean) DEFAULT CHARSET=utf8mb4", "CREATE TABLE codes (code varchar(20) PRIMARY KEY, n int)");
        }
        for (Database db : List.of(pgDb, mariaDb, mariaDb2)) {
            fill(db);
        }
        pg = TestStores.open("pg", pgDb, 2);
        maria = TestStores.open("maria", mariaDb, 2);
        maria2 = TestStores.open("maria2", mariaDb2, 2);
    }

    /** The same rows in every database, bound as values: a few of each awkward kind of text. */
    private static void fill(Database db) throws SQLException {
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO entries (id, name, amount, at, paid) VALUES (?, ?, ?, ?, ?)")) {
            for (long id = 1; id <= ROWS; id++) {
                ps.setLong(1, id);
                String name = id % 7 == 0 ? null : id % 11 == 0 ? "" : id % 13 == 0 ? "a|b\nc" : id % 17 == 0 ? "décant € 😀"
                        : "line " + id;
                ps.setString(2, name);
                if (id % 5 == 0) {
                    ps.setNull(3, Types.DECIMAL);
                } else {
                    ps.setBigDecimal(3, BigDecimal.valueOf(id).divide(BigDecimal.valueOf(4)));
                }
                ps.setObject(4, LocalDateTime.of(2026, 1, 1, 0, 0).plusSeconds(id).plusNanos(id % 3 == 0 ? 0 : id * 1000 % 1_000_000_000));
                ps.setBoolean(5, id % 2 == 0);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @AfterAll
    static void close() {
        pg.close();
        maria.close();
        maria2.close();
    }

    @Test
    void offeredOnlyForAnIntegerKeyAndShortRows() {
        assertThat(pg.rangeHasher(LINES).rowHashFunctions()).contains(CONCAT);
        assertThat(maria.rangeHasher(LINES).rowHashFunctions()).containsExactly(CONCAT, "sha256", RangeHasher.PORTABLE_ROW_HASH);
        TableRef notes = new TableRef("s", "notes", List.of("id"), List.of("id", "body"), Optional.empty());
        assertThat(pg.rangeHasher(notes).rowHashFunctions()).as("an unbounded text column").doesNotContain(CONCAT)
                .contains("sha256");
        TableRef codes = new TableRef("s", "codes", List.of("code"), List.of("code", "n"), Optional.empty());
        assertThat(maria.rangeHasher(codes).rowHashFunctions()).as("a text key sorts by collation").doesNotContain(CONCAT)
                .contains("sha256");
    }

    @Test
    void postgresqlAndMariadbDigestEveryPartAlikeAndOneChangedRowChangesItsPartOnly() {
        RangeHasher onPg = pg.rangeHasher(LINES).withRowHash(CONCAT);
        RangeHasher onMaria = maria.rangeHasher(LINES).withRowHash(CONCAT);
        List<KeyRangeDigest> left = onPg.digests(KeySpan.ALL, CUTS, HASHED);
        assertThat(left).hasSize(6).allSatisfy(d -> assertThat(d.rows()).isEqualTo(500));
        assertThat(onMaria.digests(KeySpan.ALL, CUTS, HASHED)).isEqualTo(left);
        // a different computation from the XOR of the rows' SHA-256s, whose rows hash alike
        assertThat(pg.rangeHasher(LINES).withRowHash("sha256").digests(KeySpan.ALL, CUTS, HASHED)).doesNotContainAnyElementsOf(left);
        assertThat(rowHashes(onPg)).isEqualTo(rowHashes(maria.rangeHasher(LINES).withRowHash("sha256")));

        mariaDb.execute("UPDATE entries SET name = 'line 1234 ' WHERE id = 1234");
        try {
            List<KeyRangeDigest> right = onMaria.digests(KeySpan.ALL, CUTS, HASHED);
            for (int part = 0; part < 6; part++) {
                if (part == 2) {
                    assertThat(right.get(part)).as("the part of key 1234").isNotEqualTo(left.get(part));
                } else {
                    assertThat(right.get(part)).as("part " + part).isEqualTo(left.get(part));
                }
            }
        } finally {
            mariaDb.execute("UPDATE entries SET name = 'line 1234' WHERE id = 1234");
        }
    }

    @Test
    void aPartCutShortIsNeverTakenAsEqualAndItsRowsAreCounted() {
        RangeHasher cutting = new JdbcRangeHasher("maria2", maria2.database().dataSource(), new MariaDbDialect(),
                new MariaDbHashSql(300), LINES).withRowHash(CONCAT);
        RangeHasher alsoCutting = new JdbcRangeHasher("maria", maria.database().dataSource(), new MariaDbDialect(),
                new MariaDbHashSql(300), LINES).withRowHash(CONCAT);
        List<KeyRangeDigest> left = cutting.digests(KeySpan.ALL, CUTS, HASHED);
        List<KeyRangeDigest> right = alsoCutting.digests(KeySpan.ALL, CUTS, HASHED);
        for (int part = 0; part < 6; part++) {
            assertThat(left.get(part).rows()).isEqualTo(500);
            assertThat(left.get(part)).as("two copies of the same rows, both cut short: compared row by row")
                    .isNotEqualTo(right.get(part));
        }
        // a span short enough to concatenate whole is digested as usual
        KeySpan few = new KeySpan(Optional.of(Key.of(10L)), false, Optional.of(Key.of(12L)));
        assertThat(cutting.digests(few, List.of(), HASHED)).isEqualTo(alsoCutting.digests(few, List.of(), HASHED))
                .isEqualTo(pg.rangeHasher(LINES).withRowHash(CONCAT).digests(few, List.of(), HASHED));
    }

    private static Map<Key, Long> rowHashes(RangeHasher hasher) {
        return RowHashes.of(hasher, HASHED, ROWS);
    }
}
