package io.decant.jdbc.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.store.ValueKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class DialectSqlTest {
    private final Dialect pg = new PostgresDialect();
    private final Dialect maria = new MariaDbDialect();

    @Test
    void identifiersAreQuotedPerEngineIncludingSchemaQualifiedTables() {
        assertThat(pg.quote("order")).isEqualTo("\"order\"");
        assertThat(maria.quote("order")).isEqualTo("`order`");
        assertThat(pg.quoteTable("app.orders")).isEqualTo("\"app\".\"orders\"");
        assertThat(maria.quoteTable("shop.orders")).isEqualTo("`shop`.`orders`");
        assertThat(pg.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(maria.quote("a`b")).isEqualTo("`a``b`");
    }

    @Test
    void postgresUpsertsWithOnConflict() {
        assertThat(pg.upsertSql("orders", List.of("id", "total", "status"), List.of("id"))).isEqualTo(
                "INSERT INTO \"orders\" (\"id\", \"total\", \"status\") VALUES (?, ?, ?)"
                        + " ON CONFLICT (\"id\") DO UPDATE SET \"total\" = EXCLUDED.\"total\", \"status\" = EXCLUDED.\"status\"");
        assertThat(pg.upsertSql("links", List.of("a", "b"), List.of("a", "b"))).endsWith("ON CONFLICT (\"a\", \"b\") DO NOTHING");
    }

    @Test
    void postgresGuardsTheUpsertWithTheVersion() {
        assertThat(pg.upsertIfNotOlderSql("orders", List.of("id", "v", "total"), List.of("id"), "v")).endsWith(
                "DO UPDATE SET \"v\" = EXCLUDED.\"v\", \"total\" = EXCLUDED.\"total\""
                        + " WHERE \"orders\".\"v\" IS NULL OR EXCLUDED.\"v\" >= \"orders\".\"v\"");
    }

    @Test
    void mariaDbUpsertsWithOnDuplicateKey() {
        assertThat(maria.upsertSql("orders", List.of("id", "total"), List.of("id"))).isEqualTo(
                "INSERT INTO `orders` (`id`, `total`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `total` = VALUES(`total`)");
        assertThat(maria.upsertSql("links", List.of("a", "b"), List.of("a", "b"))).endsWith("ON DUPLICATE KEY UPDATE `a` = `a`");
    }

    @Test
    void mariaDbAssignsTheVersionColumnLastInTheGuardedUpsert() {
        String sql = maria.upsertIfNotOlderSql("orders", List.of("id", "v", "total", "status"), List.of("id"), "v");
        String guard = "(`v` IS NULL OR VALUES(`v`) >= `v`)";

        assertThat(sql).endsWith("ON DUPLICATE KEY UPDATE"
                + " `total` = IF(" + guard + ", VALUES(`total`), `total`),"
                + " `status` = IF(" + guard + ", VALUES(`status`), `status`),"
                + " `v` = IF(" + guard + ", VALUES(`v`), `v`)");
    }

    @Test
    void singleRowStatementsTakeTheKeyAsParameters() {
        assertThat(pg.fetchSql("t", List.of("id", "a"), List.of("r", "id")))
                .isEqualTo("SELECT \"id\", \"a\" FROM \"t\" WHERE \"r\" = ? AND \"id\" = ?");
        assertThat(maria.deleteSql("t", List.of("id"))).isEqualTo("DELETE FROM `t` WHERE `id` = ?");
        assertThat(maria.newerVersionForUpdateSql("t", List.of("id"), "v"))
                .isEqualTo("SELECT `v` > ? FROM `t` WHERE `id` = ? FOR UPDATE");
        assertThat(pg.countSql("s.t")).isEqualTo("SELECT COUNT(*) FROM \"s\".\"t\"");
    }

    @Test
    void postgresTypesMapToKinds() {
        assertThat(pg.kindOf("bigint", "int8")).isEqualTo(ValueKind.INTEGER);
        assertThat(pg.kindOf("numeric", "numeric")).isEqualTo(ValueKind.DECIMAL);
        assertThat(pg.kindOf("timestamp with time zone", "timestamptz")).isEqualTo(ValueKind.TIMESTAMP_TZ);
        assertThat(pg.kindOf("jsonb", "jsonb")).isEqualTo(ValueKind.JSON);
        assertThat(pg.kindOf("ARRAY", "_int4")).isEqualTo(ValueKind.OTHER);
        assertThat(pg.kindOf("USER-DEFINED", "mood")).isEqualTo(ValueKind.OTHER);
    }

    @Test
    void mariaDbTypesMapToKinds() {
        assertThat(maria.kindOf("tinyint", "tinyint(1)")).isEqualTo(ValueKind.BOOLEAN);
        assertThat(maria.kindOf("tinyint", "tinyint(4)")).isEqualTo(ValueKind.INTEGER);
        assertThat(maria.kindOf("bigint", "bigint(20) unsigned")).isEqualTo(ValueKind.INTEGER);
        assertThat(maria.kindOf("timestamp", "timestamp(6)")).isEqualTo(ValueKind.TIMESTAMP);
        assertThat(maria.kindOf("longblob", "longblob")).isEqualTo(ValueKind.BYTES);
        assertThat(maria.kindOf("uuid", "uuid")).isEqualTo(ValueKind.UUID);
        assertThat(maria.kindOf("enum", "enum('a','b')")).isEqualTo(ValueKind.OTHER);
    }
}
