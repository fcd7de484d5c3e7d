package io.decant.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.jdbc.driver.JdbcStoreConnection;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.spi.Key;
import io.decant.spi.Row;
import io.decant.store.ColumnInfo;
import io.decant.store.TableRef;
import io.decant.store.TableStore;
import io.decant.store.ValueKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JdbcTableStoreIT {
    private static final String UUID_TEXT = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private record Fixture(Database db, JdbcStoreConnection store) {
        TableStore table(String table, List<String> key, List<String> columns) {
            return store.table(new TableRef(store.config().name(), table, key, columns, Optional.empty()));
        }
    }

    private Fixture fixture(Engine engine, String... ddl) {
        Database db = TestStores.freshDatabase(engine);
        db.execute(ddl);
        JdbcStoreConnection store = TestStores.open(engine == Engine.POSTGRES ? "pg" : "maria", db, 4);
        open.add(store);
        return new Fixture(db, store);
    }

    /** One column of every kind: name, PostgreSQL type, MariaDB type, expected kind. */
    private static final List<String[]> KIND_COLUMNS = List.of(
            new String[] {"id", "bigint PRIMARY KEY", "bigint PRIMARY KEY", "INTEGER"},
            new String[] {"i", "integer", "int", "INTEGER"},
            new String[] {"s", "smallint", "smallint", "INTEGER"},
            new String[] {"n", "numeric(12,2)", "decimal(12,2)", "DECIMAL"},
            new String[] {"r", "real", "float", "FLOAT"},
            new String[] {"d", "double precision", "double", "FLOAT"},
            new String[] {"b", "boolean", "boolean", "BOOLEAN"},
            new String[] {"c", "char(3)", "char(3)", "TEXT"},
            new String[] {"v", "varchar(20)", "varchar(20)", "TEXT"},
            new String[] {"t", "text", "text", "TEXT"},
            new String[] {"ts", "timestamp(6)", "datetime(6)", "TIMESTAMP"},
            new String[] {"dt", "date", "date", "DATE"},
            new String[] {"tm", "time(6)", "time(6)", "TIME"},
            new String[] {"bin", "bytea", "varbinary(64)", "BYTES"},
            new String[] {"j", "json", "json", "JSON"},
            new String[] {"u", "uuid", "uuid", "UUID"});

    private static String kindsTable(Engine engine) {
        StringBuilder sql = new StringBuilder("CREATE TABLE kinds (");
        for (int i = 0; i < KIND_COLUMNS.size(); i++) {
            String[] c = KIND_COLUMNS.get(i);
            sql.append(i == 0 ? "" : ", ").append(c[0]).append(' ').append(engine == Engine.POSTGRES ? c[1] : c[2]);
        }
        return sql.append(")").toString();
    }

    private static List<String> kindColumnNames() {
        return KIND_COLUMNS.stream().map(c -> c[0]).toList();
    }

    private static Row fullRow(long id) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", id);
        v.put("i", 2_000_000_000L);
        v.put("s", -7L);
        v.put("n", new BigDecimal("1234567890.25"));
        v.put("r", 1.1);
        v.put("d", 2.718281828459045);
        v.put("b", true);
        v.put("c", "abc");
        v.put("v", "héllo wörld");
        v.put("t", "a 'quoted' \"text\"; DROP TABLE kinds; --");
        v.put("ts", LocalDateTime.of(2024, 2, 29, 23, 59, 58, 123_456_000));
        v.put("dt", LocalDate.of(1999, 12, 31));
        v.put("tm", LocalTime.of(13, 14, 15, 654_321_000));
        v.put("bin", new byte[] {0, 1, 2, (byte) 0xff, 127});
        v.put("j", "{\"a\":1}");
        v.put("u", UUID_TEXT);
        return new Row(v);
    }

    private static Row nullRow(long id) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (String c : kindColumnNames()) {
            v.put(c, c.equals("id") ? id : null);
        }
        return new Row(v);
    }

    private static void assertSameValues(Row actual, Row expected) {
        assertThat(actual.values().keySet()).containsExactlyElementsOf(expected.values().keySet());
        for (String c : expected.values().keySet()) {
            assertThat(actual.get(c)).as("column %s", c).isEqualTo(expected.get(c));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void describeMapsEveryDatabaseTypeToItsKind(Engine engine) {
        Fixture f = fixture(engine, kindsTable(engine),
                engine == Engine.POSTGRES
                        ? "CREATE TABLE extra (id serial PRIMARY KEY, tz timestamptz, jb jsonb, other inet NOT NULL)"
                        : "CREATE TABLE extra (id int PRIMARY KEY AUTO_INCREMENT, tz timestamp(6) NULL, jb longtext, other enum('a','b') NOT NULL)");

        List<ColumnInfo> kinds = f.table("kinds", List.of("id"), List.of("id")).describe().orElseThrow();
        List<ColumnInfo> extra = f.table("extra", List.of("id"), List.of("id")).describe().orElseThrow();

        assertThat(kinds).extracting(ColumnInfo::name).containsExactlyElementsOf(kindColumnNames());
        assertThat(kinds).extracting(c -> c.kind().name())
                .containsExactlyElementsOf(KIND_COLUMNS.stream().map(c -> c[3]).toList());
        assertThat(kinds.get(0).nullable()).isFalse();
        assertThat(kinds.get(1).nullable()).isTrue();
        assertThat(extra).extracting(ColumnInfo::kind).containsExactly(ValueKind.INTEGER,
                engine == Engine.POSTGRES ? ValueKind.TIMESTAMP_TZ : ValueKind.TIMESTAMP,
                engine == Engine.POSTGRES ? ValueKind.JSON : ValueKind.TEXT,
                ValueKind.OTHER);
        assertThat(extra.get(3).nullable()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aMissingTableDescribesAsEmptyAndFailsReadsWithAClearMessage(Engine engine) {
        Fixture f = fixture(engine, "CREATE TABLE present (id bigint PRIMARY KEY)");
        TableStore missing = f.table("absent", List.of("id"), List.of("id"));

        assertThat(missing.describe()).isEmpty();
        assertThatThrownBy(() -> missing.fetch(Key.of(1)))
                .isInstanceOf(DecantException.class)
                .hasMessageContaining("absent")
                .hasMessageContaining("does not exist")
                .satisfies(e -> assertThat(((DecantException) e).code()).isEqualTo(ErrorCode.FAILURE));

        f.db().execute("CREATE TABLE absent (id bigint PRIMARY KEY)");
        assertThat(missing.describe()).isPresent();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void describeSeesSchemaChangesMadeWhileTheStoreIsOpen(Engine engine) {
        Fixture f = fixture(engine, "CREATE TABLE orders_v2 (id bigint PRIMARY KEY, status varchar(20))");
        TableStore table = f.table("orders_v2", List.of("id"), List.of("id"));
        assertThat(table.describe().orElseThrow()).extracting(ColumnInfo::name).containsExactly("id", "status");

        f.db().execute("ALTER TABLE orders_v2 DROP COLUMN status");
        assertThat(table.describe().orElseThrow()).extracting(ColumnInfo::name).containsExactly("id");

        f.db().execute("DROP TABLE orders_v2");
        assertThat(table.describe()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void everyKindRoundTripsThroughUpsertAndFetch(Engine engine) {
        Fixture f = fixture(engine, kindsTable(engine));
        TableStore table = f.table("kinds", List.of("id"), kindColumnNames());

        table.upsert(fullRow(1));
        table.upsert(nullRow(2));

        assertSameValues(table.fetch(Key.of(1)).orElseThrow(), fullRow(1));
        assertSameValues(table.fetch(Key.of(2)).orElseThrow(), nullRow(2));
        assertThat(table.fetch(Key.of(3))).isEmpty();
        assertThat(table.count()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void readValuesHaveTheNormalizedJavaTypes(Engine engine) {
        Fixture f = fixture(engine, kindsTable(engine));
        TableStore table = f.table("kinds", List.of("id"), kindColumnNames());
        table.upsert(fullRow(1));

        Row row = table.fetch(Key.of(1)).orElseThrow();

        assertThat(row.get("i")).isInstanceOf(Long.class);
        assertThat(row.get("s")).isInstanceOf(Long.class);
        assertThat(row.get("n")).isInstanceOf(BigDecimal.class);
        assertThat(row.get("r")).isInstanceOf(Double.class);
        assertThat(row.get("b")).isInstanceOf(Boolean.class);
        assertThat(row.get("ts")).isInstanceOf(LocalDateTime.class);
        assertThat(row.get("dt")).isInstanceOf(LocalDate.class);
        assertThat(row.get("tm")).isInstanceOf(LocalTime.class);
        assertThat(row.get("bin")).isInstanceOf(byte[].class);
        assertThat(row.get("j")).isInstanceOf(String.class);
        assertThat(row.get("u")).isInstanceOf(String.class);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void upsertOverwritesOnlyTheColumnsOfTheRow(Engine engine) {
        Fixture f = fixture(engine, "CREATE TABLE t (id bigint PRIMARY KEY, a varchar(10), b varchar(10))");
        TableStore table = f.table("t", List.of("id"), List.of("id", "a", "b"));
        table.upsert(new Row(Map.of("id", 1L, "a", "a1", "b", "b1")));

        table.upsert(new Row(Map.of("id", 1L, "a", "a2")));

        assertThat(table.fetch(Key.of(1)).orElseThrow().values()).containsEntry("a", "a2").containsEntry("b", "b1");
        assertThat(table.count()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void upsertIfNotOlderLeavesNewerRowsAlone(Engine engine) {
        Fixture f = fixture(engine, "CREATE TABLE t (id bigint PRIMARY KEY, v bigint, note varchar(10))",
                engine == Engine.POSTGRES
                        ? "CREATE TABLE ts (id bigint PRIMARY KEY, note varchar(10), updated_at timestamp(6))"
                        : "CREATE TABLE ts (id bigint PRIMARY KEY, note varchar(10), updated_at datetime(6))");
        TableStore table = f.table("t", List.of("id"), List.of("id", "v", "note"));

        assertThat(table.upsertIfNotOlder(row(1, 5, "first"), "v")).isTrue();
        assertThat(table.upsertIfNotOlder(row(1, 4, "older"), "v")).isFalse();
        assertThat(table.fetch(Key.of(1)).orElseThrow().values()).containsEntry("v", 5L).containsEntry("note", "first");
        assertThat(table.upsertIfNotOlder(row(1, 5, "same"), "v")).isTrue();
        assertThat(table.upsertIfNotOlder(row(1, 6, "newer"), "v")).isTrue();
        assertThat(table.fetch(Key.of(1)).orElseThrow().values()).containsEntry("v", 6L).containsEntry("note", "newer");

        f.db().execute("INSERT INTO t (id, v, note) VALUES (2, NULL, 'no version')");
        assertThat(table.upsertIfNotOlder(row(2, 1, "versioned"), "v")).isTrue();
        assertThat(table.fetch(Key.of(2)).orElseThrow().get("note")).isEqualTo("versioned");

        TableStore timed = f.table("ts", List.of("id"), List.of("id", "note", "updated_at"));
        LocalDateTime t0 = LocalDateTime.of(2025, 5, 1, 12, 0, 0, 1000);
        timed.upsert(new Row(Map.of("id", 1L, "note", "live", "updated_at", t0)));
        assertThat(timed.upsertIfNotOlder(new Row(Map.of("id", 1L, "note", "backfill", "updated_at", t0.minusNanos(1000))),
                "updated_at")).isFalse();
        assertThat(timed.fetch(Key.of(1)).orElseThrow().get("note")).isEqualTo("live");
    }

    private static Row row(long id, long version, String note) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", id);
        v.put("v", version);
        v.put("note", note);
        return new Row(v);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theVersionGuardedUpsertSqlSkipsOlderRowsOnItsOwn(Engine engine) throws Exception {
        Fixture f = fixture(engine, "CREATE TABLE t (id bigint PRIMARY KEY, note varchar(10), v bigint)");
        f.db().execute("INSERT INTO t (id, note, v) VALUES (1, 'kept', 5)");
        String sql = f.store().database().dialect().upsertIfNotOlderSql("t", List.of("id", "v", "note"), List.of("id"), "v");

        try (var c = f.db().connect(); var ps = c.prepareStatement(sql)) {
            ps.setLong(1, 1);
            ps.setLong(2, 4);
            ps.setString(3, "older");
            ps.executeUpdate();
            ps.setLong(1, 1);
            ps.setLong(2, 7);
            ps.setString(3, "newer");
            ps.executeUpdate();
        }

        TableStore table = f.table("t", List.of("id"), List.of("id", "note", "v"));
        assertThat(table.fetch(Key.of(1)).orElseThrow().values()).containsEntry("note", "newer").containsEntry("v", 7L);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void deleteRemovesTheRowAndSaysWhetherThereWasOne(Engine engine) {
        Fixture f = fixture(engine, "CREATE TABLE t (region varchar(4), id bigint, note varchar(10), PRIMARY KEY (region, id))");
        TableStore table = f.table("t", List.of("region", "id"), List.of("region", "id", "note"));
        table.upsert(new Row(Map.of("region", "eu", "id", 1L, "note", "x")));
        table.upsert(new Row(Map.of("region", "us", "id", 1L, "note", "y")));

        assertThat(table.delete(Key.of("eu", 1))).isTrue();
        assertThat(table.delete(Key.of("eu", 1))).isFalse();

        assertThat(table.fetch(Key.of("us", 1))).isPresent();
        assertThat(table.count()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void insertGeneratedLetsTheDatabaseMakeTheKeyAndReturnsIt(Engine engine) {
        String q = engine == Engine.POSTGRES ? "\"" : "`";
        String generated = engine == Engine.POSTGRES ? "bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" : "bigint AUTO_INCREMENT PRIMARY KEY";
        Fixture f = fixture(engine, "CREATE TABLE " + q + "order" + q + " (" + q + "select" + q + " " + generated + ", note varchar(10))",
                "CREATE TABLE plain (id bigint PRIMARY KEY, note varchar(10))");
        TableStore table = f.table("order", List.of("select"), List.of("select", "note"));
        table.upsert(new Row(Map.of("select", 10L, "note", "explicit")));
        if (engine == Engine.POSTGRES) { // an identity does not move past explicit keys; AUTO_INCREMENT does
            f.db().execute("ALTER TABLE \"order\" ALTER COLUMN \"select\" RESTART WITH 11");
        }

        Map<String, Object> withKey = new LinkedHashMap<>();
        withKey.put("select", null);
        withKey.put("note", "first");
        Object first = table.insertGenerated(new Row(withKey));
        Object second = table.insertGenerated(new Row(Map.of("note", "second")));

        assertThat(first).as("the key the database generated, as the key column reads").isEqualTo(11L);
        assertThat(second).isEqualTo(12L);
        assertThat(table.fetch(Key.of(11)).orElseThrow().values()).containsEntry("note", "first");
        assertThat(table.fetch(Key.of(12)).orElseThrow().values()).containsEntry("note", "second");
        TableStore plain = f.table("plain", List.of("id"), List.of("id", "note"));
        assertThatThrownBy(() -> plain.insertGenerated(new Row(Map.of("note", "x")))).isInstanceOf(DecantException.class)
                .hasMessageContaining("plain");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void reservedWordsWorkAsTableAndColumnNames(Engine engine) {
        String q = engine == Engine.POSTGRES ? "\"" : "`";
        Fixture f = fixture(engine, "CREATE TABLE " + q + "order" + q + " (" + q + "select" + q + " bigint PRIMARY KEY, "
                + q + "from" + q + " varchar(10), " + q + "group" + q + " bigint)");
        TableStore table = f.table("order", List.of("select"), List.of("select", "from", "group"));

        table.upsert(new Row(Map.of("select", 1L, "from", "here", "group", 3L)));
        table.upsert(new Row(Map.of("select", 1L, "from", "there", "group", 4L)));

        assertThat(table.fetch(Key.of(1)).orElseThrow().values()).containsEntry("from", "there").containsEntry("group", 4L);
        assertThat(table.upsertIfNotOlder(new Row(Map.of("select", 1L, "from", "old", "group", 2L)), "group")).isFalse();
        assertThat(table.describe().orElseThrow()).extracting(ColumnInfo::name).containsExactly("select", "from", "group");
        assertThat(table.delete(Key.of(1))).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void schemaQualifiedTablesAreReached(Engine engine) {
        Database db = TestStores.freshDatabase(engine);
        String schema = engine == Engine.POSTGRES ? "app" : db.name();
        if (engine == Engine.POSTGRES) {
            db.execute("CREATE SCHEMA app");
        }
        db.execute("CREATE TABLE " + schema + ".things (id bigint PRIMARY KEY, name varchar(10))");
        JdbcStoreConnection store = TestStores.open("s", db, 2);
        open.add(store);
        TableStore table = store.table(new TableRef("s", schema + ".things", List.of("id"), List.of("id", "name"), Optional.empty()));

        table.upsert(new Row(Map.of("id", 1L, "name", "one")));

        assertThat(table.describe()).isPresent();
        assertThat(table.fetch(Key.of(1)).orElseThrow().get("name")).isEqualTo("one");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void writesConvertValuesToTheTargetColumnsKind(Engine engine) {
        Fixture f = fixture(engine, engine == Engine.POSTGRES
                ? "CREATE TABLE t (id bigint PRIMARY KEY, flag_int integer, flag boolean, label text, amount_text varchar(30),"
                        + " at_local timestamp(6), at_zone timestamptz, day date)"
                : "CREATE TABLE t (id bigint PRIMARY KEY, flag_int integer, flag boolean, label text, amount_text varchar(30),"
                        + " at_local datetime(6), at_zone timestamp(6) NULL, day date)");
        TableStore table = f.table("t", List.of("id"), List.of("id", "flag_int", "flag", "label", "amount_text", "at_local", "at_zone", "day"));
        Instant instant = Instant.parse("2025-03-04T05:06:07.123456Z");
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", "42");
        v.put("flag_int", true);
        v.put("flag", 0L);
        v.put("label", 17L);
        v.put("amount_text", new BigDecimal("1E+3"));
        v.put("at_local", instant);
        v.put("at_zone", LocalDateTime.of(2025, 3, 4, 5, 6, 7, 123_456_000));
        v.put("day", LocalDateTime.of(2025, 3, 4, 23, 0));

        table.upsert(new Row(v));

        Row row = table.fetch(Key.of(42)).orElseThrow();
        assertThat(row.get("flag_int")).isEqualTo(1L);
        assertThat(row.get("flag")).isEqualTo(false);
        assertThat(row.get("label")).isEqualTo("17");
        assertThat(row.get("amount_text")).isEqualTo("1000");
        assertThat(row.get("at_local")).isEqualTo(LocalDateTime.of(2025, 3, 4, 5, 6, 7, 123_456_000));
        assertThat(row.get("at_zone")).isEqualTo(engine == Engine.POSTGRES ? instant : LocalDateTime.of(2025, 3, 4, 5, 6, 7, 123_456_000));
        assertThat(row.get("day")).isEqualTo(LocalDate.of(2025, 3, 4));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void keysAreBoundByTheKeyColumnsKind(Engine engine) {
        Fixture f = fixture(engine, engine == Engine.POSTGRES
                ? "CREATE TABLE t (id uuid PRIMARY KEY, note varchar(10))"
                : "CREATE TABLE t (id uuid PRIMARY KEY, note varchar(10))");
        TableStore table = f.table("t", List.of("id"), List.of("id", "note"));
        table.upsert(new Row(Map.of("id", UUID_TEXT, "note", "x")));

        Row row = table.fetch(Key.of(java.util.UUID.fromString(UUID_TEXT))).orElseThrow();

        assertThat(row.get("id")).isEqualTo(UUID_TEXT);
        assertThat(table.ref().keyOf(row)).isEqualTo(Key.of(UUID_TEXT));
        assertThat(table.delete(Key.of(UUID_TEXT))).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aValueThatCannotGoIntoTheColumnFailsNamingTheColumn(Engine engine) {
        Fixture f = fixture(engine, "CREATE TABLE t (id bigint PRIMARY KEY, payload " + (engine == Engine.POSTGRES ? "bytea" : "blob")
                + ", born date, uid uuid)");
        TableStore table = f.table("t", List.of("id"), List.of("id", "payload", "born", "uid"));

        assertThatThrownBy(() -> table.upsert(new Row(Map.of("id", 1L, "payload", 12L))))
                .isInstanceOf(DecantException.class)
                .hasMessageContaining("payload");
        assertThatThrownBy(() -> table.upsert(new Row(Map.of("id", 1L, "born", "31/12/1999"))))
                .isInstanceOf(DecantException.class)
                .hasMessageContaining("born");
        assertThatThrownBy(() -> table.upsert(new Row(Map.of("id", 1L, "uid", "not-a-uuid"))))
                .isInstanceOf(DecantException.class)
                .hasMessageContaining("uid");
        assertThat(table.count()).isZero();
        assertThatThrownBy(() -> table.upsert(new Row(Map.of("id", 1L, "nope", 12L))))
                .isInstanceOf(DecantException.class)
                .hasMessageContaining("nope");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void pingAnswersWhileTheStoreIsUp(Engine engine) {
        Fixture f = fixture(engine, "CREATE TABLE t (id bigint PRIMARY KEY)");
        TableStore table = f.table("t", List.of("id"), List.of("id"));
        table.ping();
        f.store().close();
        assertThatThrownBy(table::ping).isInstanceOf(DecantException.class).hasMessageContaining("store '");
    }

    // --- across engines -------------------------------------------------------------------------

    private static final String PORTABLE_PG = "CREATE TABLE portable (id bigint PRIMARY KEY, amount numeric(12,2), ratio double precision,"
            + " small real, flag boolean, name varchar(40), created timestamp(6), day date, at time(6), payload bytea, doc json,"
            + " uid uuid, n integer)";
    private static final String PORTABLE_MARIA = "CREATE TABLE portable (id bigint PRIMARY KEY, amount decimal(12,2), ratio double,"
            + " small float, flag boolean, name varchar(40), created datetime(6), day date, at time(6), payload varbinary(64),"
            + " doc json, uid uuid, n int)";
    private static final List<String> PORTABLE_COLUMNS = List.of("id", "amount", "ratio", "small", "flag", "name", "created",
            "day", "at", "payload", "doc", "uid", "n");

    private static Row portableRow(long id) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", id);
        v.put("amount", new BigDecimal("99.90"));
        v.put("ratio", 0.1 + 0.2);
        v.put("small", 3.3);
        v.put("flag", false);
        v.put("name", "Zoë 🚀");
        v.put("created", LocalDateTime.of(2023, 7, 1, 0, 0, 0, 1000));
        v.put("day", LocalDate.of(2020, 2, 29));
        v.put("at", LocalTime.of(0, 0, 0, 999_999_000));
        v.put("payload", new byte[] {9, 8, 7});
        v.put("doc", "{\"items\":[1,2],\"ok\":true}");
        v.put("uid", UUID_TEXT);
        v.put("n", null);
        return new Row(v);
    }

    @Test
    void copyingRowsBetweenPostgresAndMariaDbKeepsTheirNormalizedValues() {
        Fixture pg = fixture(Engine.POSTGRES, PORTABLE_PG);
        Fixture maria = fixture(Engine.MARIADB, PORTABLE_MARIA);
        TableStore pgTable = pg.table("portable", List.of("id"), PORTABLE_COLUMNS);
        TableStore mariaTable = maria.table("portable", List.of("id"), PORTABLE_COLUMNS);
        pgTable.upsert(portableRow(1));
        mariaTable.upsert(portableRow(2));

        Row fromPg = pgTable.fetch(Key.of(1)).orElseThrow();
        mariaTable.upsert(fromPg);
        Row fromMaria = mariaTable.fetch(Key.of(2)).orElseThrow();
        pgTable.upsert(fromMaria);

        assertSameValues(mariaTable.fetch(Key.of(1)).orElseThrow(), fromPg);
        assertSameValues(pgTable.fetch(Key.of(2)).orElseThrow(), fromMaria);
        assertSameValues(fromPg, portableRow(1));
        assertSameValues(fromMaria, portableRow(2));
    }
}
