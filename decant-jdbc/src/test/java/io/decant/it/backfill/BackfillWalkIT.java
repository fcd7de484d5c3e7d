package io.decant.it.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.BackfillOptions;
import io.decant.BackfillResult;
import io.decant.jdbc.testing.TestDatabases.Engine;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A plan that starts with its first chunks and an open-ended tail, walked on by the worker that holds
 * it while the others copy: after the run the chunks stored in the control store (read with plain
 * SQL) cover the key space end to end without overlap, each done, as many as the key holds chunks,
 * and the target holds exactly the source's rows.
 */
class BackfillWalkIT {
    private static final int ROWS = 4321;
    private static final int CHUNK_ROWS = 10;

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"POSTGRES,POSTGRES", "MARIADB,MARIADB"})
    void theWalkedChunksCoverTheKeyEndToEndAndEveryRowIsCopied(Engine from, Engine to) throws Exception {
        try (BackfillFixture f = new BackfillFixture(from, to)) {
            f.legacy.execute("CREATE TABLE items (id bigint PRIMARY KEY, label varchar(40))");
            f.target.execute("CREATE TABLE items (id bigint PRIMARY KEY, label varchar(40))");
            f.legacy.execute("INSERT INTO items VALUES " + IntStream.rangeClosed(1, ROWS)
                    .mapToObj(i -> "(" + (i * 7L + i % 5) + ", 'item " + i + "')").collect(Collectors.joining(", ")));
            f.open("""
                    source: { store: legacy, table: items, key: [id] }
                    target: { store: orders, table: items, key: [id] }
                    backfill: { chunk-rows: %d, workers: 3 }
                    """.formatted(CHUNK_ROWS), null);
            f.toDualWrite();

            BackfillResult result = f.decant.backfill("orders", BackfillOptions.defaults(), null);

            int chunks = (ROWS + CHUNK_ROWS - 1) / CHUNK_ROWS;
            assertThat(result.completed()).isTrue();
            assertThat(result.rowsCopied()).isEqualTo(ROWS);
            assertThat(result.chunksTotal()).isEqualTo(chunks);
            assertThat(BackfillFixture.rows(f.target, "items", List.of("id", "label"), List.of("id")))
                    .hasSize(ROWS)
                    .containsExactlyElementsOf(BackfillFixture.rows(f.legacy, "items", List.of("id", "label"), List.of("id")));
            List<long[]> ranges = new ArrayList<>(); // {after or MIN, up to or MAX}
            try (Connection c = f.legacy.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT after_key, up_to_key, state, rows_copied FROM decant_backfill_lease"
                         + " WHERE migration = 'orders'")) {
                while (rs.next()) {
                    assertThat(rs.getString(3)).isEqualTo("done");
                    assertThat(rs.getLong(4)).isBetween(1L, (long) CHUNK_ROWS);
                    ranges.add(new long[] {bound(rs.getString(1), Long.MIN_VALUE), bound(rs.getString(2), Long.MAX_VALUE)});
                }
            }
            ranges.sort(Comparator.comparingLong(r -> r[0]));
            assertThat(ranges).hasSize(chunks);
            assertThat(ranges.get(0)[0]).isEqualTo(Long.MIN_VALUE);
            for (int i = 1; i < ranges.size(); i++) {
                assertThat(ranges.get(i)[0]).as("chunk %d starts where the one before ends", i).isEqualTo(ranges.get(i - 1)[1]);
            }
            assertThat(ranges.get(ranges.size() - 1)[1]).isEqualTo(Long.MAX_VALUE);
        }
    }

    /** A stored bound, a JSON array of the key's one value ({@code [42]}), or {@code open} when none. */
    private static long bound(String json, long open) {
        return json == null ? open : Long.parseLong(json.replaceAll("[\\[\\]\" ]", ""));
    }
}
