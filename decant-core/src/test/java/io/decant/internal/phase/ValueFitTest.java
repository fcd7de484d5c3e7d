package io.decant.internal.phase;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.store.ColumnInfo;
import io.decant.store.ValueBound;
import io.decant.store.ValueKind;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueFitTest {
    private static ColumnInfo text(String type, int length) {
        return new ColumnInfo("c", type, ValueKind.TEXT, true, length, -1);
    }

    private static ColumnInfo decimal(int precision, int scale) {
        return new ColumnInfo("c", "numeric", ValueKind.DECIMAL, true, precision, scale);
    }

    private static ColumnInfo integer(String type) {
        return new ColumnInfo("c", type, ValueKind.INTEGER, true);
    }

    @Test
    void aShorterTextIsBoundedAndAWiderOneIsNot() {
        assertThat(ValueFit.bounds("c", text("text", -1), text("varchar", 20))).containsExactly(new ValueBound.MaxCharacters("c", 20));
        assertThat(ValueFit.bounds("c", text("varchar", 30), text("varchar", 20))).containsExactly(new ValueBound.MaxCharacters("c", 20));
        assertThat(ValueFit.bounds("c", text("varchar", 16), text("varchar", 20))).isEmpty();
        assertThat(ValueFit.bounds("c", text("varchar", 16), text("text", -1))).isEmpty();
        assertThat(ValueFit.bounds("c", text("longtext", Integer.MAX_VALUE), text("varchar", 20))).hasSize(1);
    }

    @Test
    void decimalsAreBoundedByTheirDigitsBeforeAndAfterThePoint() {
        assertThat(ValueFit.bounds("c", decimal(12, 2), decimal(14, 2))).as("wider").isEmpty();
        assertThat(ValueFit.bounds("c", decimal(12, 2), decimal(10, 2)))
                .containsExactly(new ValueBound.BelowAbsolute("c", new BigDecimal("100000000"), 2));
        assertThat(ValueFit.bounds("c", decimal(12, 4), decimal(14, 2))).as("fewer decimals: rounded, and may carry")
                .containsExactly(new ValueBound.MaxScale("c", 2), new ValueBound.BelowAbsolute("c", new BigDecimal("1000000000000"), 2));
        assertThat(ValueFit.bounds("c", decimal(-1, -1), decimal(14, 2))).hasSize(2);
        assertThat(ValueFit.bounds("c", decimal(12, 2), decimal(-1, -1))).as("numeric without precision").isEmpty();
        assertThat(ValueFit.bounds("c", integer("int4"), decimal(10, 0))).as("10 digits hold any int4").isEmpty();
        assertThat(ValueFit.bounds("c", integer("int8"), decimal(10, 0)))
                .containsExactly(new ValueBound.BelowAbsolute("c", new BigDecimal("10000000000"), 0));
    }

    @Test
    void aSmallerIntegerIsBoundedByItsRange() {
        assertThat(ValueFit.bounds("c", integer("int4"), integer("int8"))).isEmpty();
        assertThat(ValueFit.bounds("c", integer("int4"), integer("int4"))).isEmpty();
        assertThat(ValueFit.bounds("c", integer("bigint"), integer("int4")))
                .containsExactly(new ValueBound.IntegerRange("c", Integer.MIN_VALUE, Integer.MAX_VALUE));
        assertThat(ValueFit.bounds("c", integer("int"), integer("smallint")))
                .containsExactly(new ValueBound.IntegerRange("c", Short.MIN_VALUE, Short.MAX_VALUE));
    }

    @Test
    void eachRowCountOutsideABoundIsAProblemNamingBothColumnsAndTheFixes() {
        ColumnInfo state = new ColumnInfo("state", "varchar", ValueKind.TEXT, true, 20, -1);
        List<ValueFit.Check> checks = ValueFit.checks(Map.of("state", "status"),
                List.of(new ColumnInfo("status", "text", ValueKind.TEXT, true)), List.of(state));
        assertThat(checks).containsExactly(new ValueFit.Check(state, new ValueBound.MaxCharacters("status", 20)));
        assertThat(ValueFit.problems(SchemaCheckTest.M, checks, List.of(0L))).isEmpty();
        assertThat(ValueFit.problems(SchemaCheckTest.M, checks, List.of(3L))).singleElement().asString()
                .contains("3 rows of source table `orders`").contains("`status` longer than 20 characters")
                .contains("`orders_v2.state` (varchar(20))").contains("widen the target column").contains("row-mapper");
    }
}
