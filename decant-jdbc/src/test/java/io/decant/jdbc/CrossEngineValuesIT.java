package io.decant.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.jdbc.driver.JdbcStoreConnection;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.spi.Key;
import io.decant.spi.Row;
import io.decant.store.TableRef;
import io.decant.store.TableStore;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Any row of portable kinds copied PostgreSQL → MariaDB → PostgreSQL keeps its normalized values. */
class CrossEngineValuesIT {
    private static final List<String> COLUMNS = List.of("id", "amount", "ratio", "flag", "name", "created", "day", "at", "payload");
    private static final AtomicLong IDS = new AtomicLong();
    private static JdbcStoreConnection pg;
    private static JdbcStoreConnection maria;
    private static TableStore pgTable;
    private static TableStore mariaTable;

    @BeforeContainer
    static void open() {
        Database pgDb = TestStores.freshDatabase(Engine.POSTGRES);
        pgDb.execute("CREATE TABLE v (id bigint PRIMARY KEY, amount numeric(14,2), ratio double precision, flag boolean,"
                + " name varchar(40), created timestamp(6), day date, at time(6), payload bytea)");
        Database mariaDb = TestStores.freshDatabase(Engine.MARIADB);
        mariaDb.execute("CREATE TABLE v (id bigint PRIMARY KEY, amount decimal(14,2), ratio double, flag boolean,"
                + " name varchar(40), created datetime(6), day date, at time(6), payload varbinary(64))");
        pg = TestStores.open("pg", pgDb, 2);
        maria = TestStores.open("maria", mariaDb, 2);
        pgTable = pg.table(new TableRef("pg", "v", List.of("id"), COLUMNS, Optional.empty()));
        mariaTable = maria.table(new TableRef("maria", "v", List.of("id"), COLUMNS, Optional.empty()));
    }

    @AfterContainer
    static void close() {
        pg.close();
        maria.close();
    }

    @Property(tries = 60)
    void aRowSurvivesTheRoundTripBetweenEngines(@ForAll("rows") Map<String, Object> values) {
        Map<String, Object> withId = new LinkedHashMap<>(values);
        long id = IDS.incrementAndGet();
        withId.put("id", id);
        Row row = new Row(withId);

        pgTable.upsert(row);
        Row fromPg = pgTable.fetch(Key.of(id)).orElseThrow();
        mariaTable.upsert(fromPg);
        Row fromMaria = mariaTable.fetch(Key.of(id)).orElseThrow();
        pgTable.upsert(new Row(Map.of("id", id)));
        pgTable.upsert(fromMaria);
        Row back = pgTable.fetch(Key.of(id)).orElseThrow();

        for (String c : COLUMNS) {
            assertThat(fromPg.get(c)).as("%s read from PostgreSQL", c).isEqualTo(row.get(c));
            assertThat(fromMaria.get(c)).as("%s read from MariaDB", c).isEqualTo(row.get(c));
            assertThat(back.get(c)).as("%s read back from PostgreSQL", c).isEqualTo(row.get(c));
        }
    }

    @Provide
    Arbitrary<Map<String, Object>> rows() {
        Arbitrary<BigDecimal> amount = Arbitraries.bigDecimals().between(new BigDecimal("-999999999999.99"),
                new BigDecimal("999999999999.99")).ofScale(2).injectNull(0.1);
        Arbitrary<Double> ratio = Arbitraries.doubles().between(-1e15, 1e15).injectNull(0.1);
        Arbitrary<Boolean> flag = Arbitraries.of(true, false).injectNull(0.1);
        Arbitrary<String> name = Arbitraries.strings().withCharRange(' ', '\uD7FF').ofMaxLength(40).injectNull(0.1);
        Arbitrary<LocalDateTime> created = Arbitraries.longs().between(
                LocalDateTime.of(1000, 1, 1, 0, 0).toEpochSecond(java.time.ZoneOffset.UTC) * 1_000_000,
                LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(java.time.ZoneOffset.UTC) * 1_000_000)
                .map(us -> LocalDateTime.of(1970, 1, 1, 0, 0).plus(us, ChronoUnit.MICROS)).injectNull(0.1);
        Arbitrary<LocalDate> day = Arbitraries.longs().between(LocalDate.of(1000, 1, 1).toEpochDay(), LocalDate.of(9999, 12, 31).toEpochDay())
                .map(LocalDate::ofEpochDay).injectNull(0.1);
        Arbitrary<LocalTime> at = Arbitraries.longs().between(0, 86_400L * 1_000_000 - 1)
                .map(us -> LocalTime.ofNanoOfDay(us * 1000)).injectNull(0.1);
        Arbitrary<byte[]> payload = Arbitraries.bytes().array(byte[].class).ofMaxSize(64).injectNull(0.1);
        return Combinators.combine(amount, ratio, flag, name, created, day, at, payload).as((a, r, f, n, c, d, t, p) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("amount", a);
            m.put("ratio", r);
            m.put("flag", f);
            m.put("name", n);
            m.put("created", c);
            m.put("day", d);
            m.put("at", t);
            m.put("payload", p);
            return m;
        });
    }
}
