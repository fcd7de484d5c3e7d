package io.decant.internal.phase;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.config.BackfillSettings;
import io.decant.config.IntentMode;
import io.decant.config.MigrationConfig;
import io.decant.config.RetireSettings;
import io.decant.config.ShadowSettings;
import io.decant.config.TableConfig;
import io.decant.config.VerifySettings;
import io.decant.store.ColumnInfo;
import io.decant.store.ValueKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchemaCheckTest {
    static final Map<String, String> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put("order_id", "id");
        COLUMNS.put("customer", "customer_id");
        COLUMNS.put("total_cents", "total_cents");
    }

    static final MigrationConfig M = new MigrationConfig("orders", new TableConfig("legacy", "orders", List.of("id"), Optional.empty()),
            new TableConfig("svc", "orders_v2", List.of("order_id"), Optional.empty()), COLUMNS, Optional.empty(),
            BackfillSettings.defaults(), ShadowSettings.defaults(), VerifySettings.defaults(), RetireSettings.defaults(),
            IntentMode.SYNC, Set.of());

    static ColumnInfo col(String name, String type, ValueKind kind) {
        return new ColumnInfo(name, type, kind, true);
    }

    static final List<ColumnInfo> SOURCE = List.of(col("id", "bigint", ValueKind.INTEGER),
            col("customer_id", "bigint", ValueKind.INTEGER), col("total_cents", "bigint", ValueKind.INTEGER));

    @Test
    void aMappingThatFitsHasNoProblems() {
        List<ColumnInfo> target = List.of(col("order_id", "int8", ValueKind.INTEGER), col("customer", "int8", ValueKind.INTEGER),
                col("total_cents", "numeric", ValueKind.DECIMAL));
        assertThat(SchemaCheck.problems(M, COLUMNS, Optional.of(SOURCE), Optional.of(target), true)).isEmpty();
    }

    @Test
    void aMissingTargetTableIsNamedWithTheColumnsItNeeds() {
        assertThat(SchemaCheck.problems(M, COLUMNS, Optional.of(SOURCE), Optional.empty(), true)).singleElement().asString()
                .contains("target table `orders_v2` does not exist in store `svc`").contains("order_id, customer, total_cents")
                .contains("or the store's user may not read it").contains("grant SELECT on the table");
    }

    @Test
    void aMissingColumnIsNamedWithTheColumnItIsMappedFromAndTheFix() {
        List<ColumnInfo> target = List.of(col("order_id", "int8", ValueKind.INTEGER), col("total_cents", "int8", ValueKind.INTEGER));
        assertThat(SchemaCheck.problems(M, COLUMNS, Optional.of(SOURCE), Optional.of(target), true)).singleElement().asString()
                .contains("target table `orders_v2` has no column `customer` (mapped from source column `customer_id`)")
                .contains("fix `columns:`");
        List<ColumnInfo> source = List.of(col("id", "bigint", ValueKind.INTEGER), col("total_cents", "bigint", ValueKind.INTEGER));
        List<ColumnInfo> fullTarget = List.of(col("order_id", "int8", ValueKind.INTEGER), col("customer", "int8", ValueKind.INTEGER),
                col("total_cents", "int8", ValueKind.INTEGER));
        assertThat(SchemaCheck.problems(M, COLUMNS, Optional.of(source), Optional.of(fullTarget), true)).singleElement().asString()
                .contains("source table `orders` has no column `customer_id` (mapped to target column `customer`)");
    }

    @Test
    void anIncompatibleTypeIsNamedUnlessARowMapperConvertsValues() {
        List<ColumnInfo> target = List.of(col("order_id", "int8", ValueKind.INTEGER), col("customer", "int8", ValueKind.INTEGER),
                col("total_cents", "bool", ValueKind.BOOLEAN), col("x", "text", ValueKind.TEXT));
        List<ColumnInfo> source = List.of(col("id", "bigint", ValueKind.INTEGER), col("customer_id", "bigint", ValueKind.INTEGER),
                col("total_cents", "varchar", ValueKind.TEXT));
        assertThat(SchemaCheck.problems(M, COLUMNS, Optional.of(source), Optional.of(target), true)).singleElement().asString()
                .contains("target column `orders_v2.total_cents` (bool, BOOLEAN) cannot hold source column `orders.total_cents` (varchar, TEXT)");
        assertThat(SchemaCheck.problems(M, COLUMNS, Optional.of(source), Optional.of(target), false)).isEmpty();
    }

    @Test
    void columnNamesMatchIgnoringCaseWhenTheDatabaseFoldedThem() {
        List<ColumnInfo> target = List.of(col("ORDER_ID", "int8", ValueKind.INTEGER), col("Customer", "int8", ValueKind.INTEGER),
                col("total_cents", "int8", ValueKind.INTEGER));
        assertThat(SchemaCheck.problems(M, COLUMNS, Optional.of(SOURCE), Optional.of(target), true)).isEmpty();
    }

    static MigrationConfig versioned() {
        Map<String, String> cols = new LinkedHashMap<>(COLUMNS);
        cols.put("updated_at", "updated_at");
        return new MigrationConfig("orders", new TableConfig("legacy", "orders", List.of("id"), Optional.of("updated_at")),
                new TableConfig("svc", "orders_v2", List.of("order_id"), Optional.empty()), cols, Optional.empty(),
                BackfillSettings.defaults(), ShadowSettings.defaults(), VerifySettings.defaults(), RetireSettings.defaults(),
                IntentMode.SYNC, Set.of());
    }

    @Test
    void aVersionColumnOfLowerPrecisionInOneStoreIsRefusedNamingBoth() {
        List<ColumnInfo> source = List.of(new ColumnInfo("updated_at", "datetime", ValueKind.TIMESTAMP, false, 0, -1));
        List<ColumnInfo> target = List.of(new ColumnInfo("updated_at", "timestamp", ValueKind.TIMESTAMP, false, 6, -1));
        assertThat(SchemaCheck.versionProblem(versioned(), source, target)).hasValueSatisfying(p -> assertThat(p)
                .contains("source `orders.updated_at` is datetime(0)").contains("target `orders_v2.updated_at` is timestamp(6)")
                .contains("same type and precision"));
    }

    @Test
    void aVersionColumnOfTheSameKindAndPrecisionPasses() {
        List<ColumnInfo> source = List.of(new ColumnInfo("updated_at", "datetime", ValueKind.TIMESTAMP, false, 6, -1));
        List<ColumnInfo> target = List.of(new ColumnInfo("updated_at", "timestamp", ValueKind.TIMESTAMP, false, 6, -1));
        assertThat(SchemaCheck.versionProblem(versioned(), source, target)).isEmpty();
        List<ColumnInfo> zoned = List.of(new ColumnInfo("updated_at", "timestamptz", ValueKind.TIMESTAMP_TZ, false, 6, -1));
        assertThat(SchemaCheck.versionProblem(versioned(), source, zoned)).as("local (UTC) vs zoned time").isEmpty();
        List<ColumnInfo> zonedCoarse = List.of(new ColumnInfo("updated_at", "timestamptz", ValueKind.TIMESTAMP_TZ, false, 0, -1));
        assertThat(SchemaCheck.versionProblem(versioned(), source, zonedCoarse)).as("zoned, whole seconds").isPresent();
        List<ColumnInfo> counter = List.of(new ColumnInfo("updated_at", "bigint", ValueKind.INTEGER, false));
        List<ColumnInfo> counter32 = List.of(new ColumnInfo("updated_at", "int", ValueKind.INTEGER, false));
        assertThat(SchemaCheck.versionProblem(versioned(), counter32, counter)).as("integers of any width").isEmpty();
    }

    // --- the reverse path: a row copied new→legacy must be insertable --------------------------

    static final List<ColumnInfo> TARGET = List.of(col("order_id", "int8", ValueKind.INTEGER), col("customer", "int8", ValueKind.INTEGER),
            col("total_cents", "int8", ValueKind.INTEGER));

    /** The source table with an unmapped NOT NULL column {@code created_at}, filled by the database or not. */
    static List<ColumnInfo> sourceWithCreatedAt(boolean filled) {
        List<ColumnInfo> s = new java.util.ArrayList<>(SOURCE);
        s.add(new ColumnInfo("created_at", "datetime", ValueKind.TIMESTAMP, false, 0, -1, filled));
        return s;
    }

    @Test
    void anUnmappedNotNullLegacyColumnWithoutADefaultIsAProblemNamingTableColumnAndTheThreeFixes() {
        assertThat(SchemaCheck.problems(M, COLUMNS, Optional.of(sourceWithCreatedAt(false)), Optional.of(TARGET), true))
                .singleElement().asString()
                .contains("source table `orders` has NOT NULL column `created_at`")
                .contains("map it in columns:").contains("give it a DEFAULT in legacy")
                .contains("migrations.orders.legacy-defaults.created_at");
    }

    @Test
    void aDatabaseDefaultALegacyDefaultOrANullableColumnIsEnough() {
        assertThat(SchemaCheck.problems(M, COLUMNS, Optional.of(sourceWithCreatedAt(true)), Optional.of(TARGET), true))
                .as("filled by the database").isEmpty();
        MigrationConfig defaulted = M.withLegacyDefaults(Map.of("created_at", "now"));
        assertThat(SchemaCheck.problems(defaulted, COLUMNS, Optional.of(sourceWithCreatedAt(false)), Optional.of(TARGET), true))
                .as("a legacy default").isEmpty();
        List<ColumnInfo> nullable = new java.util.ArrayList<>(SOURCE);
        nullable.add(col("created_at", "datetime", ValueKind.TIMESTAMP));
        assertThat(SchemaCheck.problems(M, COLUMNS, Optional.of(nullable), Optional.of(TARGET), true)).as("nullable").isEmpty();
    }

    @Test
    void withARowMapperTheReverseCheckIsLeftToItsToSource() {
        assertThat(SchemaCheck.problems(M, COLUMNS, Optional.of(sourceWithCreatedAt(false)), Optional.of(TARGET), false)).isEmpty();
    }

    @Test
    void aLegacyDefaultForAnUnknownOrMappedColumnOrOfTheWrongKindIsAProblem() {
        MigrationConfig unknown = M.withLegacyDefaults(Map.of("created", "now"));
        assertThat(SchemaCheck.problems(unknown, COLUMNS, Optional.of(sourceWithCreatedAt(true)), Optional.of(TARGET), false))
                .singleElement().asString().contains("source table `orders` has no column `created`")
                .contains("migrations.orders.legacy-defaults");
        MigrationConfig mapped = M.withLegacyDefaults(Map.of("customer_id", "7"));
        assertThat(SchemaCheck.problems(mapped, COLUMNS, Optional.of(SOURCE), Optional.of(TARGET), true))
                .singleElement().asString().contains("legacy-defaults.customer_id").contains("is mapped in columns:");
        MigrationConfig wrong = M.withLegacyDefaults(Map.of("created_at", "yesterday"));
        assertThat(SchemaCheck.problems(wrong, COLUMNS, Optional.of(sourceWithCreatedAt(false)), Optional.of(TARGET), true))
                .singleElement().asString().contains("legacy-defaults.created_at: 'yesterday' is not a value for column"
                        + " `created_at` (datetime(0))");
    }
}
