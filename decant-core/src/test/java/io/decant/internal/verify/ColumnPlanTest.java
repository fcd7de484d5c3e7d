package io.decant.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.store.ValueKind;
import org.junit.jupiter.api.Test;

class ColumnPlanTest {

    @Test
    void compatibleKindsAreComparedAsOneCanonicalKind() {
        assertThat(ColumnPlan.pairKind(ValueKind.INTEGER, ValueKind.DECIMAL)).isEqualTo(ValueKind.DECIMAL);
        assertThat(ColumnPlan.pairKind(ValueKind.TIMESTAMP, ValueKind.TIMESTAMP_TZ)).isEqualTo(ValueKind.TIMESTAMP);
        assertThat(ColumnPlan.pairKind(ValueKind.DATE, ValueKind.TIMESTAMP)).isEqualTo(ValueKind.TIMESTAMP);
        assertThat(ColumnPlan.pairKind(ValueKind.BOOLEAN, ValueKind.INTEGER)).isEqualTo(ValueKind.BOOLEAN);
        assertThat(ColumnPlan.pairKind(ValueKind.TEXT, ValueKind.UUID)).isEqualTo(ValueKind.UUID);
        assertThat(ColumnPlan.pairKind(ValueKind.TIMESTAMP_TZ, ValueKind.TIMESTAMP_TZ)).isEqualTo(ValueKind.TIMESTAMP);
    }

    @Test
    void kindsTheDatabasesRenderDifferentlyAreComparedInJava() {
        assertThat(ColumnPlan.pairKind(ValueKind.JSON, ValueKind.TEXT)).isEqualTo(ValueKind.JSON);
        assertThat(ColumnPlan.pairKind(ValueKind.FLOAT, ValueKind.DECIMAL)).isEqualTo(ValueKind.FLOAT);
        assertThat(ColumnPlan.pairKind(ValueKind.TEXT, ValueKind.TIMESTAMP)).isEqualTo(ValueKind.OTHER);
        assertThat(io.decant.store.CanonicalText.hashableInDatabase(ValueKind.JSON)).isFalse();
        assertThat(io.decant.store.CanonicalText.hashableInDatabase(ValueKind.FLOAT)).isFalse();
    }
}
