package io.decant.it.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decant.jdbc.TestStores;
import io.decant.jdbc.driver.JdbcStoreConnection;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.spi.Key;
import io.decant.store.CanonicalText;
import io.decant.store.HashColumn;
import io.decant.store.KeyRangeDigest;
import io.decant.store.KeySpan;
import io.decant.store.RangeHasher;
import io.decant.store.TableRef;
import io.decant.store.ValueKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The row hashes two stores may agree on: the portable MD5 that every engine computes alike (and
 * alike to the Java reference), the SHA-256 that PostgreSQL and MariaDB compute alike (a mixed pair
 * uses it), and PostgreSQL's native hash, which two PostgreSQL stores use instead — each of which
 * must see every difference the MD5 sees.
 */
class RowHashChoiceIT {
    private static final String NATIVE = "postgresql-hashtextextended";
    private static final String SHA256 = "sha256";
    private static final List<String> COLUMNS = List.of("id", "name", "amount");
    private static final List<HashColumn> HASHED = List.of(new HashColumn("id", ValueKind.INTEGER),
            new HashColumn("name", ValueKind.TEXT), new HashColumn("amount", ValueKind.DECIMAL));
    private static final TableRef ITEMS = new TableRef("s", "items", List.of("id"), COLUMNS, Optional.empty());

    private static Database pgA;
    private static Database pgB;
    private static JdbcStoreConnection a;
    private static JdbcStoreConnection b;
    private static JdbcStoreConnection maria;

    @BeforeAll
    static void open() {
        pgA = TestStores.freshDatabase(Engine.POSTGRES);
        pgB = TestStores.freshDatabase(Engine.POSTGRES);
        Database mariaDb = TestStores.freshDatabase(Engine.MARIADB);
        for (Database db : List.of(pgA, pgB)) {
            db.execute("CREATE TABLE items (id bigint PRIMARY KEY, name text, amount numeric(10,2))");
            db.execute("INSERT INTO items SELECT g, 'item ' || g, g / 4.0 FROM generate_series(1, 2000) g");
        }
        mariaDb.execute("CREATE TABLE items (id bigint PRIMARY KEY, name text, amount decimal(10,2))");
        a = TestStores.open("a", pgA, 2);
        b = TestStores.open("b", pgB, 2);
        maria = TestStores.open("maria", mariaDb, 2);
    }

    @AfterAll
    static void close() {
        a.close();
        b.close();
        maria.close();
    }

    @Test
    void everyEngineComputesThePortableHashLikeTheJavaReference() {
        long reference = CanonicalText.hash(RangeHasher.PROBE_TEXT);
        assertThat(a.rangeHasher(ITEMS).probe(RangeHasher.PORTABLE_ROW_HASH)).isEqualTo(reference);
        assertThat(maria.rangeHasher(ITEMS).probe(RangeHasher.PORTABLE_ROW_HASH)).isEqualTo(reference);
    }

    @Test
    void postgresqlAndMariadbComputeTheSha256AlikeAndLikeJava() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(RangeHasher.PROBE_TEXT.getBytes(StandardCharsets.UTF_8));
        long reference = ByteBuffer.wrap(digest, 0, 8).getLong();
        assertThat(a.rangeHasher(ITEMS).probe(SHA256)).isEqualTo(reference);
        assertThat(maria.rangeHasher(ITEMS).probe(SHA256)).isEqualTo(reference);
        assertThat(reference).isNotEqualTo(CanonicalText.hash(RangeHasher.PROBE_TEXT));
    }

    @Test
    void onlyPostgresqlOffersItsNativeHashAndTwoServersOfItAgreeOnTheProbe() {
        RangeHasher onA = a.rangeHasher(ITEMS);
        RangeHasher onMaria = maria.rangeHasher(ITEMS);
        assertThat(onA.rowHashFunctions()).containsExactly(NATIVE, SHA256, RangeHasher.PORTABLE_ROW_HASH);
        assertThat(onMaria.rowHashFunctions()).containsExactly(SHA256, RangeHasher.PORTABLE_ROW_HASH);
        assertThat(onA.probe(NATIVE)).isEqualTo(b.rangeHasher(ITEMS).probe(NATIVE))
                .isNotEqualTo(onA.probe(RangeHasher.PORTABLE_ROW_HASH));
        assertThatThrownBy(() -> onMaria.withRowHash(NATIVE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(NATIVE);
    }

    @Test
    void theNativeHashSeesEveryDifferenceTheMd5Sees() {
        pgB.execute("UPDATE items SET amount = amount + 0.01 WHERE id = 700");
        pgB.execute("UPDATE items SET name = 'ITEM 1300' WHERE id = 1300");
        pgB.execute("UPDATE items SET name = NULL WHERE id = 1500");
        try {
            List<Key> cuts = List.of(Key.of(500L), Key.of(1000L), Key.of(1400L));
            for (String function : List.of(NATIVE, SHA256, RangeHasher.PORTABLE_ROW_HASH)) {
                RangeHasher onA = a.rangeHasher(ITEMS).withRowHash(function);
                RangeHasher onB = b.rangeHasher(ITEMS).withRowHash(function);
                List<KeyRangeDigest> left = onA.digests(KeySpan.ALL, cuts, HASHED);
                List<KeyRangeDigest> right = onB.digests(KeySpan.ALL, cuts, HASHED);
                assertThat(left.get(0)).as(function + ": rows 1-500 are equal").isEqualTo(right.get(0));
                for (int part = 1; part < 4; part++) {
                    assertThat(left.get(part)).as(function + ": part " + part + " holds a difference").isNotEqualTo(right.get(part));
                    assertThat(left.get(part).rows()).isEqualTo(right.get(part).rows());
                }
                Map<Key, Long> hashesA = new HashMap<>();
                Map<Key, Long> hashesB = new HashMap<>();
                onA.rowHashes(KeySpan.ALL, HASHED, hashesA::put);
                onB.rowHashes(KeySpan.ALL, HASHED, hashesB::put);
                assertThat(hashesA).hasSize(2000);
                List<Key> differing = hashesA.keySet().stream().filter(k -> !hashesA.get(k).equals(hashesB.get(k)))
                        .sorted((x, y) -> Long.compare((Long) x.get(0), (Long) y.get(0))).toList();
                assertThat(differing).as(function).containsExactly(Key.of(700L), Key.of(1300L), Key.of(1500L));
            }
            // the two functions give different hashes: the choice changes what the databases compute
            assertThat(a.rangeHasher(ITEMS).withRowHash(NATIVE).digest(KeySpan.ALL, HASHED))
                    .isNotEqualTo(a.rangeHasher(ITEMS).digest(KeySpan.ALL, HASHED));
        } finally {
            pgB.execute("UPDATE items SET amount = 700 / 4.0 WHERE id = 700");
            pgB.execute("UPDATE items SET name = 'item ' || id WHERE id IN (1300, 1500)");
        }
    }
}
