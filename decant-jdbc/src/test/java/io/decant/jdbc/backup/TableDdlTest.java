package io.decant.jdbc.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decant.DecantException;
import io.decant.jdbc.dialect.MariaDbDialect;
import io.decant.jdbc.dialect.PostgresDialect;
import io.decant.store.ColumnDefinition;
import io.decant.store.ValueKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableDdlTest {
    @Test
    void aPostgresTableIsCreatedWithItsDeclaredTypesNullabilityAndPrimaryKey() {
        String sql = TableDdl.create(new PostgresDialect(), "shop.orders", List.of(
                new ColumnDefinition("id", "int8", "bigint", ValueKind.INTEGER, false),
                new ColumnDefinition("total", "numeric", "numeric(12,2)", ValueKind.DECIMAL, true),
                new ColumnDefinition("at", "timestamp", "timestamp(3) without time zone", ValueKind.TIMESTAMP, true),
                new ColumnDefinition("tags", "_text", "text[]", ValueKind.OTHER, true)), List.of("id"));

        assertThat(sql).isEqualTo("CREATE TABLE \"shop\".\"orders\" (\"id\" bigint NOT NULL, \"total\" numeric(12,2),"
                + " \"at\" timestamp(3) without time zone, \"tags\" text[], PRIMARY KEY (\"id\"))");
    }

    @Test
    void aMariaDbJsonColumnKeepsItsCharsetAndGetsItsJsonCheck() {
        String sql = TableDdl.create(new MariaDbDialect(), "orders", List.of(
                new ColumnDefinition("id", "bigint", "bigint(20)", ValueKind.INTEGER, false),
                new ColumnDefinition("doc", "json", "longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", ValueKind.JSON, true)),
                List.of("id"));

        assertThat(sql).isEqualTo("CREATE TABLE `orders` (`id` bigint(20) NOT NULL, `doc` longtext CHARACTER SET utf8mb4"
                + " COLLATE utf8mb4_bin CHECK (json_valid(`doc`)), PRIMARY KEY (`id`))");
    }

    @Test
    void theBuiltInTypesBothEnginesReportArePlain() {
        for (String type : List.of("bigint", "character varying(20)", "timestamp(6) without time zone",
                "timestamp with time zone", "numeric(12,2)", "double precision", "integer[]", "bigint(20)", "int(10) unsigned",
                "varchar(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci", "datetime(6)", "decimal(10, 2)", "jsonb")) {
            assertThat(TableDdl.isPlainType(type)).as(type).isTrue();
        }
    }

    @Test
    void aDeclaredTypeThatIsNotAPlainTypeNeverReachesSql() {
        for (String type : List.of("int); DROP TABLE users; --", "enum('a','b')", "text DEFAULT 'x'", "int /* */",
                "text DEFAULT current_user UNIQUE", "bigint REFERENCES accounts ON DELETE CASCADE", "bigint UNIQUE",
                "int NOT NULL CHECK", "varchar(20) COLLATE c", "mood", "public.mood")) {
            assertThatThrownBy(() -> TableDdl.create(new PostgresDialect(), "orders",
                    List.of(new ColumnDefinition("id", "int8", type, ValueKind.INTEGER, false)), List.of("id")))
                    .isInstanceOf(DecantException.class)
                    .hasMessageContaining("cannot recreate column 'id'")
                    .hasMessageContaining("create the table by hand");
        }
    }
}
