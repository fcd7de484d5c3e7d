package io.decant.it.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.jdbc.TestStores;
import io.decant.jdbc.driver.JdbcStoreConnection;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.spi.Key;
import io.decant.spi.Row;
import io.decant.store.CanonicalText;
import io.decant.store.HashColumn;
import io.decant.store.KeyRangeDigest;
import io.decant.store.KeySpan;
import io.decant.store.RangeHasher;
import io.decant.store.TableRef;
import io.decant.store.TableStore;
import io.decant.store.ValueKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The canonical text of every value kind hashes identically in PostgreSQL, in MariaDB and in the
 * Java reference ({@link CanonicalText}): random rows are written to both engines, then the row
 * hashes the databases compute are compared with each other and with the reference computed from
 * the generated values and from the values read back (the recheck path).
 */
class CanonicalHashPropertyIT {
    private static final List<String> COLUMNS = List.of("id", "i", "d", "b", "t", "ts", "tz", "dt", "bin", "u");
    private static final List<HashColumn> HASHED = List.of(
            new HashColumn("id", ValueKind.INTEGER), new HashColumn("i", ValueKind.INTEGER),
            new HashColumn("d", ValueKind.DECIMAL), new HashColumn("b", ValueKind.BOOLEAN),
            new HashColumn("t", ValueKind.TEXT), new HashColumn("ts", ValueKind.TIMESTAMP),
            new HashColumn("tz", ValueKind.TIMESTAMP), new HashColumn("dt", ValueKind.DATE),
            new HashColumn("bin", ValueKind.BYTES), new HashColumn("u", ValueKind.UUID));
    private static final TableRef VALS = new TableRef("s", "vals", List.of("id"), COLUMNS, Optional.empty());

    private static JdbcStoreConnection pg;
    private static JdbcStoreConnection maria;

    @BeforeContainer
    static void createTables() {
        var pgDb = TestStores.freshDatabase(Engine.POSTGRES);
        pgDb.execute("CREATE TABLE vals (id bigint PRIMARY KEY, i integer, d numeric(12,2), b boolean, t text,"
                + " ts timestamp(6), tz timestamptz, dt date, bin bytea, u uuid)");
        var mariaDb = TestStores.freshDatabase(Engine.MARIADB);
        mariaDb.execute("CREATE TABLE vals (id bigint PRIMARY KEY, i int, d decimal(14,4), b tinyint(1), t text,"
                + " ts datetime(6), tz timestamp(6) NULL DEFAULT NULL, dt date, bin blob, u uuid) DEFAULT CHARSET=utf8mb4");
        pg = TestStores.open("pg", pgDb, 2);
        maria = TestStores.open("maria", mariaDb, 2);
    }

    @AfterContainer
    static void close() {
        pg.close();
        maria.close();
    }

    record Values(Integer i, BigDecimal d, Boolean b, String t, LocalDateTime ts, Instant tz, LocalDate dt, byte[] bin, UUID u) {
        Row row(long id) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("i", i);
            m.put("d", d);
            m.put("b", b);
            m.put("t", t);
            m.put("ts", ts);
            m.put("tz", tz);
            m.put("dt", dt);
            m.put("bin", bin);
            m.put("u", u == null ? null : u.toString());
            return new Row(m);
        }
    }

    @Property(tries = 40)
    void everyKindHashesAlikeInPostgresMariaDbAndJava(@ForAll("rows") List<Values> rows) {
        pg.table(VALS).count();
        clear();
        Map<Key, Long> expected = new HashMap<>();
        long xor = 0;
        for (int n = 0; n < rows.size(); n++) {
            Row row = rows.get(n).row(n + 1);
            pg.table(VALS).upsert(row);
            maria.table(VALS).upsert(row);
            long h = javaHash(row);
            expected.put(Key.of(n + 1L), h);
            xor ^= h;
        }
        for (JdbcStoreConnection store : List.of(pg, maria)) {
            RangeHasher hasher = store.rangeHasher(VALS);
            Map<Key, Long> hashed = new HashMap<>();
            hasher.rowHashes(KeySpan.ALL, HASHED, hashed::put);
            assertThat(hashed).as("row hashes computed in %s", store.productVersion()).isEqualTo(expected);
            Map<Key, Long> readBack = new HashMap<>();
            hasher.rows(KeySpan.ALL, COLUMNS, r -> readBack.put(Key.of(r.get("id")), javaHash(r)));
            assertThat(readBack).as("Java hashes of the rows read back from %s", store.productVersion()).isEqualTo(expected);
            assertThat(hasher.digest(KeySpan.ALL, HASHED)).isEqualTo(new KeyRangeDigest(rows.size(), xor));
        }
    }

    private static void clear() {
        TableStore p = pg.table(VALS);
        TableStore m = maria.table(VALS);
        for (long id = 1; id <= 40; id++) {
            p.delete(Key.of(id));
            m.delete(Key.of(id));
        }
    }

    private static long javaHash(Row row) {
        List<String> texts = new ArrayList<>();
        for (HashColumn c : HASHED) {
            texts.add(CanonicalText.encode(row.get(c.column()), c.encodeAs()));
        }
        return CanonicalText.hash(CanonicalText.row(texts));
    }

    @Provide
    Arbitrary<List<Values>> rows() {
        Arbitrary<Integer> ints = Arbitraries.integers().injectNull(0.1);
        Arbitrary<BigDecimal> decimals = Arbitraries.longs().between(-999_999_999_999L, 999_999_999_999L)
                .map(l -> BigDecimal.valueOf(l, 2)).injectNull(0.1);
        Arbitrary<Boolean> bools = Arbitraries.of(true, false).injectNull(0.1);
        Arbitrary<String> texts = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('\u0001', '\uD7FF').ofMaxLength(30),
                Arbitraries.strings().withChars("|:N\\ \t'\"0.-é€").ofMaxLength(8),
                Arbitraries.of("", "N", "3:abc", "|", "😀 emoji", "trailing  ")).injectNull(0.1);
        Arbitrary<LocalDateTime> timestamps = Arbitraries.longs()
                .between(LocalDateTime.of(1000, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC) * 1_000_000L,
                        LocalDateTime.of(9999, 12, 31, 23, 59).toEpochSecond(ZoneOffset.UTC) * 1_000_000L)
                .map(us -> LocalDateTime.ofEpochSecond(Math.floorDiv(us, 1_000_000L), (int) Math.floorMod(us, 1_000_000L) * 1000, ZoneOffset.UTC))
                .injectNull(0.1);
        Arbitrary<Instant> instants = Arbitraries.longs()
                .between(86_400L * 1_000_000L, 2_145_000_000L * 1_000_000L)
                .map(us -> Instant.ofEpochSecond(us / 1_000_000L, (us % 1_000_000L) * 1000)).injectNull(0.1);
        Arbitrary<LocalDate> dates = Arbitraries.longs().between(LocalDate.of(1000, 1, 1).toEpochDay(), LocalDate.of(9999, 12, 31).toEpochDay())
                .map(LocalDate::ofEpochDay).injectNull(0.1);
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(24).injectNull(0.1);
        Arbitrary<UUID> uuids = Arbitraries.create(UUID::randomUUID).injectNull(0.1);
        Arbitrary<Values> values = Combinators.combine(ints, decimals, bools, texts, timestamps, instants, dates, bytes)
                .as((i, d, b, t, ts, tz, dt, bin) -> new Values(i, d, b, t, ts, tz, dt, bin, null))
                .flatMap(v -> uuids.map(u -> new Values(v.i(), v.d(), v.b(), v.t(), v.ts(), v.tz(), v.dt(), v.bin(), u)));
        return values.list().ofMinSize(1).ofMaxSize(40);
    }
}
