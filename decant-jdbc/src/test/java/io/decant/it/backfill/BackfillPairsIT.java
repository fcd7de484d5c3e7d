package io.decant.it.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.BackfillOptions;
import io.decant.BackfillResult;
import io.decant.jdbc.testing.TestDatabases.Engine;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every engine pair copies the type list (timestamps with and without zone, decimals, booleans,
 * text, bytes, JSON, UUID) with renamed and dropped columns, NULLs included, on a composite key.
 */
class BackfillPairsIT {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"POSTGRES,POSTGRES", "MARIADB,POSTGRES", "POSTGRES,MARIADB", "MARIADB,MARIADB"})
    void everyEnginePairCopiesTheTypeListWithNullsOnACompositeKey(Engine from, Engine to) throws Exception {
        try (BackfillFixture f = new BackfillFixture(from, to)) {
            f.legacy.execute(f.postgres(f.legacy)
                    ? "CREATE TABLE items (region varchar(8) NOT NULL, id bigint NOT NULL, made timestamp(6), paid_at timestamptz,"
                    + " amount numeric(14,4), active boolean, label varchar(40), payload bytea, doc jsonb, ref uuid,"
                    + " obsolete text, PRIMARY KEY (region, id))"
                    : "CREATE TABLE items (region varchar(8) NOT NULL, id bigint NOT NULL, made datetime(6), paid_at timestamp(6) NULL,"
                    + " amount decimal(14,4), active boolean, label varchar(40), payload longblob, doc json, ref uuid,"
                    + " obsolete text, PRIMARY KEY (region, id))");
            f.target.execute(f.postgres(f.target)
                    ? "CREATE TABLE items2 (region varchar(8) NOT NULL, item_id bigint NOT NULL, made_at timestamptz, paid_at timestamp(6),"
                    + " amount numeric(14,4), active boolean, title text, payload bytea, doc jsonb, ref uuid, PRIMARY KEY (region, item_id))"
                    : "CREATE TABLE items2 (region varchar(8) NOT NULL, item_id bigint NOT NULL, made_at datetime(6), paid_at datetime(6),"
                    + " amount decimal(14,4), active boolean, title text, payload longblob, doc json, ref uuid, PRIMARY KEY (region, item_id))");
            StringBuilder insert = new StringBuilder("INSERT INTO items VALUES ");
            for (int i = 1; i <= 250; i++) {
                String region = i % 3 == 0 ? "eu" : i % 3 == 1 ? "us" : "ap";
                if (i > 1) {
                    insert.append(", ");
                }
                if (i % 10 == 0) {
                    insert.append("('").append(region).append("', ").append(i)
                            .append(", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
                    continue;
                }
                String blob = f.postgres(f.legacy) ? "'\\x00ff10" + String.format("%02x", i % 256) + "'" : "x'00ff10" + String.format("%02x", i % 256) + "'";
                insert.append("('").append(region).append("', ").append(i)
                        .append(", '2024-03-0").append(1 + i % 9).append(" 12:34:56.123456', '2024-03-0").append(1 + i % 9)
                        .append(" 01:02:03.5', ").append(i).append(".1250, ").append(i % 2 == 0 ? "true" : "false")
                        .append(", 'tab\\there ü ").append(i).append("', ").append(blob)
                        .append(", '{\"n\": ").append(i).append(", \"s\": \"x\"}', '")
                        .append(String.format("00000000-0000-0000-0000-%012d", i)).append("', 'gone')");
            }
            f.legacy.execute(insert.toString());
            f.open("""
                    source: { store: legacy, table: items, key: [region, id] }
                    target: { store: orders, table: items2, key: [region, item_id] }
                    columns: { region: region, item_id: id, made_at: made, paid_at: paid_at, amount: amount, active: active, title: label, payload: payload, doc: doc, ref: ref }
                    backfill: { chunk-rows: 40, workers: 3 }
                    """, null);
            f.toDualWrite();

            BackfillResult result = f.decant.backfill("orders", BackfillOptions.defaults(), null);

            assertThat(result.completed()).isTrue();
            assertThat(result.rowsTotal()).isEqualTo(250);
            assertThat(BackfillFixture.rows(f.target, "items2",
                    List.of("region", "item_id", "made_at", "paid_at", "amount", "active", "title", "payload", "doc", "ref"),
                    List.of("region", "item_id")))
                    .hasSize(250)
                    .containsExactlyElementsOf(BackfillFixture.rows(f.legacy, "items",
                            List.of("region", "id", "made", "paid_at", "amount", "active", "label", "payload", "doc", "ref"),
                            List.of("region", "id")));
        }
    }
}
