package io.decant.it.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.decant.BackfillOptions;
import io.decant.BackfillResult;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.VerifyOptions;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A realistic mapping between two PostgreSQL databases — an integer widened, a decimal given more
 * digits, {@code text} into {@code varchar(n)}, an integer into {@code numeric}, a zone-less
 * {@code timestamp} of a Berlin store into {@code timestamptz} — travels the binary {@code COPY}
 * pipe with the casts in the source {@code SELECT}, and arrives as the row path would write it
 * (checked against the legacy database's own conversion, a daylight saving gap included). And
 * {@code init} finds the values a narrower target column cannot hold before any row is copied,
 * on both engines, changing nothing.
 */
class CastPipeIT {
    private static final String MAPPING = """
            source: { store: legacy, table: orders, key: [id] }
            target: { store: orders, table: orders_v2, key: [order_id] }
            columns: { order_id: id, customer: customer_id, total_amount: total, status: status, placed_at: created_at, ref: ref }
            backfill: { chunk-rows: 70, workers: 2 }
            """;

    @org.junit.jupiter.api.Test
    void aRetypedMappingTakesTheBinaryPipeAndArrivesAsTheRowPathWouldWriteIt() throws Exception {
        try (BackfillFixture f = new BackfillFixture(Engine.POSTGRES, Engine.POSTGRES)) {
            f.legacy.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id integer, total numeric(12,2), status text,"
                    + " created_at timestamp(6), ref integer, note text)");
            f.target.execute("CREATE TABLE orders_v2 (order_id bigint PRIMARY KEY, customer bigint, total_amount numeric(14,2),"
                    + " status varchar(20), placed_at timestamptz, ref numeric(10,0))");
            f.legacy.execute("INSERT INTO orders SELECT g, CASE WHEN g % 11 = 0 THEN NULL WHEN g % 2 = 0 THEN 2147483647 - g ELSE -g END,"
                    + " (g * 37 % 100000) / 100.0 - 400, CASE WHEN g % 13 = 0 THEN NULL ELSE 'status ' || (g % 7) || ' é' END,"
                    + " CASE WHEN g % 17 = 0 THEN NULL ELSE timestamp '2026-03-28 20:00:00.000001' + g * interval '7 minutes 3 seconds' END,"
                    + " -2147483648 + g, 'dropped' FROM generate_series(1, 500) g");
            // the hour that does not exist in Berlin (the spring change), and the one that exists twice
            f.legacy.execute("INSERT INTO orders VALUES (1001, 1, 1.00, 'gap', '2026-03-29 02:30:00', 1, 'x'),"
                    + " (1002, 2, 2.00, 'overlap', '2026-10-25 02:30:00', 2, 'x')");
            f.open(MAPPING, null);
            reopenWithBerlinLegacy(f);
            f.toDualWrite();

            BackfillResult result = f.decant.backfill("orders", BackfillOptions.defaults(), null);

            assertThat(result.method()).as("how the rows travelled").startsWith("binary COPY pipe");
            assertThat(result.rowsTotal()).isEqualTo(502);
            String legacyAsTarget = "SELECT id, customer_id::text, total::text, status, to_char((created_at AT TIME ZONE 'Europe/Berlin')"
                    + " AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'), ref::text FROM orders ORDER BY id";
            String target = "SELECT order_id, customer::text, total_amount::text, status, to_char(placed_at AT TIME ZONE 'UTC',"
                    + " 'YYYY-MM-DD HH24:MI:SS.US'), ref::text FROM orders_v2 ORDER BY order_id";
            List<List<String>> expected = rows(f.legacy, legacyAsTarget);
            assertThat(rows(f.target, target)).hasSize(502).containsExactlyElementsOf(expected);
            assertThat(expected).as("PostgreSQL's own rule for the gap and the overlap")
                    .contains(List.of("1001", "1", "1.00", "gap", "2026-03-29 01:30:00.000000", "1"))
                    .contains(List.of("1002", "2", "2.00", "overlap", "2026-10-25 01:30:00.000000", "2"));
            assertThat(f.decant.verify("orders", VerifyOptions.defaults(), null).differences())
                    .as("verification hashes the values the pipe wrote as the legacy ones").isZero();
        }
    }

    @ParameterizedTest(name = "from {0}")
    @EnumSource(Engine.class)
    void initFindsTheValuesANarrowerTargetColumnCannotHoldAndChangesNothing(Engine legacyEngine) throws Exception {
        try (BackfillFixture f = new BackfillFixture(legacyEngine, Engine.POSTGRES)) {
            boolean pg = legacyEngine == Engine.POSTGRES;
            f.legacy.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, total " + (pg ? "numeric" : "decimal")
                    + "(12,3), status " + (pg ? "text" : "varchar(64)") + ", created_at " + (pg ? "timestamp" : "datetime")
                    + "(6), ref bigint)");
            f.target.execute("CREATE TABLE orders_v2 (order_id bigint PRIMARY KEY, customer integer, total_amount numeric(8,2),"
                    + " status varchar(10), placed_at timestamptz, ref numeric(10,0))");
            f.legacy.execute("INSERT INTO orders VALUES (1, 5, 1.250, 'paid', NULL, 7), (2, NULL, NULL, NULL, NULL, NULL),"
                    // 11 characters; a bigint past int4; 3 decimals; 7 digits before the point; 11 digits
                    + " (3, 3000000000, 1.255, 'in delivery', NULL, 12345678901), (4, -3000000000, 1234567.000, 'paid', NULL, 1),"
                    + " (5, 1, 999999.996, 'cancelled!!', NULL, -12345678901)");
            f.open(MAPPING, null);

            DecantException refused = catchThrowableOfType(DecantException.class, () -> f.decant.init());

            assertThat(refused).isNotNull();
            assertThat(refused.code()).isEqualTo(ErrorCode.BAD_CONFIG);
            assertThat(String.join("\n", refused.details()))
                    .contains("2 rows of source table `orders` hold a value in `status` longer than 10 characters,"
                            + " which target column `orders_v2.status` (varchar(10)) cannot hold")
                    .contains("2 rows of source table `orders` hold a value in `customer_id` outside -2147483648 … 2147483647")
                    .contains("2 rows of source table `orders` hold a value in `total` with more than 2 digits after the point")
                    // 1234567.000 has 7 digits before the point; 999999.996 rounds to 1000000.00
                    .contains("2 rows of source table `orders` hold a value in `total` of absolute value 1000000 or more")
                    .contains("2 rows of source table `orders` hold a value in `ref` of absolute value 10000000000 or more")
                    .contains("widen the target column, fix those rows, or register a row-mapper");
            assertThat(refused.details()).hasSize(5);
            assertThat(tablesNamedDecant(f.legacy)).as("init changed nothing").isEmpty();

            f.legacy.execute("DELETE FROM orders WHERE id >= 3");
            f.decant.init();
        }
    }

    /** The fixture's stores have no zone; the legacy one here writes Berlin wall times. */
    private static void reopenWithBerlinLegacy(BackfillFixture f) throws Exception {
        f.decant.close();
        String yaml = java.nio.file.Files.readString(f.configFile).replaceFirst("(  legacy:\n    url: [^\n]+\n)",
                "$1    time-zone: Europe/Berlin\n");
        java.nio.file.Files.writeString(f.configFile, yaml);
        f.decant = io.decant.Decant.open(io.decant.config.DecantConfig.load(f.configFile));
    }

    private static List<List<String>> rows(Database db, String sql) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i) == null ? "∅" : rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    private static List<String> tablesNamedDecant(Database db) throws SQLException {
        String sql = db.engine() == Engine.POSTGRES
                ? "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'decant%' AND table_schema NOT IN"
                + " ('pg_catalog', 'information_schema')"
                : "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'decant%' AND table_schema = DATABASE()";
        List<String> names = new ArrayList<>();
        for (List<String> row : rows(db, sql)) {
            names.add(row.get(0));
        }
        return names;
    }
}
