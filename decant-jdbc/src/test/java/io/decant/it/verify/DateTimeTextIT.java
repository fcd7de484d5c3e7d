package io.decant.it.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.jdbc.TestStores;
import io.decant.jdbc.driver.JdbcStoreConnection;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.spi.Key;
import io.decant.store.CanonicalText;
import io.decant.store.HashColumn;
import io.decant.store.KeySpan;
import io.decant.store.TableRef;
import io.decant.store.ValueKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Date-times of 0, 3 and 6 fractional digits hash in MariaDB (whose text of a column of known digits
 * is its cast, trimmed) as in PostgreSQL and in the Java reference: whole seconds at midnight (zeros
 * that are not a fraction), fractions with trailing zeros, full microseconds, NULL.
 */
class DateTimeTextIT {
    private static final List<HashColumn> HASHED = List.of(new HashColumn("id", ValueKind.INTEGER),
            new HashColumn("s0", ValueKind.TIMESTAMP), new HashColumn("s3", ValueKind.TIMESTAMP),
            new HashColumn("s6", ValueKind.TIMESTAMP));
    private static final TableRef STAMPS = new TableRef("s", "stamps", List.of("id"), List.of("id", "s0", "s3", "s6"),
            Optional.empty());
    private static final List<LocalDateTime> VALUES = List.of(LocalDateTime.of(2026, 1, 1, 0, 0),
            LocalDateTime.of(2026, 1, 1, 10, 0, 0, 120_000_000), LocalDateTime.of(1999, 12, 31, 23, 59, 59, 123_456_000),
            LocalDateTime.of(2026, 6, 1, 12, 30, 0, 100_000), LocalDateTime.of(2026, 6, 1, 12, 30, 10, 0));

    private static JdbcStoreConnection pg;
    private static JdbcStoreConnection maria;

    @BeforeAll
    static void open() throws SQLException {
        Database pgDb = TestStores.freshDatabase(Engine.POSTGRES);
        Database mariaDb = TestStores.freshDatabase(Engine.MARIADB);
        pgDb.execute("CREATE TABLE stamps (id bigint PRIMARY KEY, s0 timestamp(0), s3 timestamp(3), s6 timestamp(6) NOT NULL)");
        mariaDb.execute("CREATE TABLE stamps (id bigint PRIMARY KEY, s0 datetime, s3 datetime(3), s6 datetime(6) NOT NULL)");
        for (Database db : List.of(pgDb, mariaDb)) {
            try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO stamps VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < VALUES.size(); i++) {
                    LocalDateTime v = VALUES.get(i);
                    ps.setLong(1, i + 1);
                    ps.setObject(2, i == 4 ? null : v.withNano(0));
                    ps.setObject(3, v.withNano(v.getNano() / 1_000_000 * 1_000_000));
                    ps.setObject(4, v);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        pg = TestStores.open("pg", pgDb, 1);
        maria = TestStores.open("maria", mariaDb, 1);
    }

    @AfterAll
    static void close() {
        pg.close();
        maria.close();
    }

    @Test
    void mariadbPostgresqlAndJavaHashEveryPrecisionAlike() {
        Map<Key, Long> expected = new HashMap<>();
        for (int i = 0; i < VALUES.size(); i++) {
            LocalDateTime v = VALUES.get(i);
            List<String> texts = List.of(CanonicalText.encode(i + 1L, ValueKind.INTEGER),
                    CanonicalText.encode(i == 4 ? null : v.withNano(0), ValueKind.TIMESTAMP),
                    CanonicalText.encode(v.withNano(v.getNano() / 1_000_000 * 1_000_000), ValueKind.TIMESTAMP),
                    CanonicalText.encode(v, ValueKind.TIMESTAMP));
            expected.put(Key.of(i + 1L), CanonicalText.hash(CanonicalText.row(texts)));
        }
        for (JdbcStoreConnection store : List.of(pg, maria)) {
            Map<Key, Long> hashed = new HashMap<>();
            store.rangeHasher(STAMPS).rowHashes(KeySpan.ALL, HASHED, hashed::put);
            assertThat(hashed).as(store.productVersion()).isEqualTo(expected);
        }
    }
}
