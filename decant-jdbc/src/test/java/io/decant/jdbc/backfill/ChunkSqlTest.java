package io.decant.jdbc.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.jdbc.dialect.MariaDbDialect;
import io.decant.jdbc.dialect.PostgresDialect;
import io.decant.jdbc.engine.Engine;
import io.decant.spi.Key;
import io.decant.store.ColumnInfo;
import io.decant.store.KeyRange;
import io.decant.store.ValueKind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChunkSqlTest {
    private static final Engine POSTGRES = Engine.forUrl("jdbc:postgresql://db/orders").orElseThrow();
    private static final Engine MARIADB = Engine.forUrl("jdbc:mariadb://db/shop").orElseThrow();
    private static final List<ColumnInfo> COMPOSITE = List.of(new ColumnInfo("region", "varchar", ValueKind.TEXT, false),
            new ColumnInfo("id", "int8", ValueKind.INTEGER, false));

    @Test
    void postgresComparesCompositeKeysAsRowValues() {
        RangeSql range = new RangeSql(POSTGRES, COMPOSITE);
        assertThat(range.where(KeyRange.between(Key.of("eu", 1), Key.of("us", 9))))
                .contains("(\"region\", \"id\") > (?, ?) AND (\"region\", \"id\") <= (?, ?)");
        assertThat(range.where(KeyRange.ALL)).isEmpty();
    }

    @Test
    void mariadbExpandsCompositeKeysBehindASargableLeadingColumn() {
        RangeSql range = new RangeSql(MARIADB, COMPOSITE);
        assertThat(range.where(KeyRange.between(Key.of("eu", 1), null)))
                .contains("`region` >= ? AND (`region` > ? OR (`region` = ? AND `id` > ?))");
        assertThat(range.where(KeyRange.between(null, Key.of("us", 9))))
                .contains("`region` <= ? AND (`region` < ? OR (`region` = ? AND `id` <= ?))");
    }

    @Test
    void copyReadsItsBoundsFromTransactionSettingsSinceCopyTakesNoParameters() {
        RangeSql range = new RangeSql(POSTGRES, COMPOSITE);
        KeyRange r = KeyRange.between(Key.of("eu", 1), null);
        assertThat(range.settingsSql(r)).contains("SELECT set_config('decant.lo0', ?, true), set_config('decant.lo1', ?, true)");
        assertThat(range.whereFromSettings(r)).contains("(\"region\", \"id\") > (CAST(current_setting('decant.lo0') AS \"varchar\"),"
                + " CAST(current_setting('decant.lo1') AS \"int8\"))");
    }

    @Test
    void theMergeOverwritesOnlyWithAnEqualOrNewerVersion() {
        ChunkSql pg = new ChunkSql(new PostgresDialect(), "orders", List.of("id", "total", "updated_at"), List.of("id"),
                Optional.of("updated_at"));
        assertThat(pg.mergeFromStage("stage")).isEqualTo("INSERT INTO \"orders\" (\"id\", \"total\", \"updated_at\")"
                + " SELECT \"id\", \"total\", \"updated_at\" FROM stage ON CONFLICT (\"id\") DO UPDATE SET"
                + " \"total\" = EXCLUDED.\"total\", \"updated_at\" = EXCLUDED.\"updated_at\""
                + " WHERE \"orders\".\"updated_at\" IS NULL OR EXCLUDED.\"updated_at\" >= \"orders\".\"updated_at\"");
        ChunkSql maria = new ChunkSql(new MariaDbDialect(), "orders", List.of("id", "updated_at", "total"), List.of("id"),
                Optional.of("updated_at"));
        // the version column is assigned last, so the guard of every other column sees the stored version
        assertThat(maria.insertRows(1, true)).endsWith(" ON DUPLICATE KEY UPDATE"
                + " `total` = IF(`updated_at` IS NULL OR VALUES(`updated_at`) >= `updated_at`, VALUES(`total`), `total`),"
                + " `updated_at` = IF(`updated_at` IS NULL OR VALUES(`updated_at`) >= `updated_at`, VALUES(`updated_at`), `updated_at`)");
        assertThat(maria.insertRows(2, false)).isEqualTo("INSERT INTO `orders` (`id`, `updated_at`, `total`) VALUES (?, ?, ?), (?, ?, ?)");
    }

    @Test
    void theRedoMergeOverwritesTheBackfillsOwnCopyWhateverItsVersion() {
        ChunkSql pg = new ChunkSql(new PostgresDialect(), "orders", List.of("id", "total", "updated_at"), List.of("id"),
                Optional.of("updated_at"));
        assertThat(pg.mergeTakesOwnCopy()).isTrue();
        assertThat(pg.mergeFromStage("stage", true)).endsWith(" WHERE \"orders\".xmin = CAST(? AS xid)"
                + " OR \"orders\".\"updated_at\" IS NULL OR EXCLUDED.\"updated_at\" >= \"orders\".\"updated_at\"");
        ChunkSql unversioned = new ChunkSql(new PostgresDialect(), "orders", List.of("id", "total"), List.of("id"), Optional.empty());
        assertThat(unversioned.mergeTakesOwnCopy()).isFalse();
        assertThat(unversioned.mergeFromStage("stage", true)).doesNotContain("?");
    }

    @Test
    void onlyTheBackfillsOwnUnchangedCopiesOfKeysTheSourceLacksAreDeleted() {
        ChunkSql pg = new ChunkSql(new PostgresDialect(), "orders", List.of("region", "id", "total"), List.of("region", "id"),
                Optional.empty());
        assertThat(pg.deleteOwnCopiesMissingFrom("\"keys\"", Optional.of("(\"region\", \"id\") > (?, ?)")))
                .isEqualTo("DELETE FROM \"orders\" AS decant_t WHERE (\"region\", \"id\") > (?, ?) AND decant_t.xmin = CAST(? AS xid)"
                        + " AND NOT EXISTS (SELECT 1 FROM \"keys\" WHERE \"keys\".\"region\" = decant_t.\"region\""
                        + " AND \"keys\".\"id\" = decant_t.\"id\")");
    }
}
