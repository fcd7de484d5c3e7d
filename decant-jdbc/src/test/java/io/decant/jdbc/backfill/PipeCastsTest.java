package io.decant.jdbc.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.jdbc.engine.Engine;
import io.decant.store.ColumnInfo;
import io.decant.store.ValueKind;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PipeCastsTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private final io.decant.jdbc.dialect.Dialect pg = Engine.forUrl("jdbc:postgresql://h/db").orElseThrow().dialect();

    private static ColumnInfo col(String type, ValueKind kind) {
        return new ColumnInfo("c", type, kind, true);
    }

    private String cast(String from, ValueKind fromKind, ZoneId fromZone, String to, ValueKind toKind, ZoneId toZone) {
        return PipeCasts.expression("\"c\"", col(from, fromKind), fromZone, col(to, toKind), toZone, pg).orElse("<row path>");
    }

    @Test
    void sameTypesAndStringsPassAsTheyAre() {
        assertThat(cast("numeric", ValueKind.DECIMAL, UTC, "numeric", ValueKind.DECIMAL, UTC)).isEqualTo("\"c\"");
        assertThat(cast("text", ValueKind.TEXT, UTC, "varchar", ValueKind.TEXT, UTC)).isEqualTo("\"c\"");
        assertThat(cast("bpchar", ValueKind.TEXT, UTC, "text", ValueKind.TEXT, UTC)).isEqualTo("\"c\"");
        assertThat(cast("timestamp", ValueKind.TIMESTAMP, BERLIN, "timestamp", ValueKind.TIMESTAMP, BERLIN)).isEqualTo("\"c\"");
    }

    @Test
    void integersAndTimestampsAreCastToTheTargetsType() {
        assertThat(cast("int4", ValueKind.INTEGER, UTC, "int8", ValueKind.INTEGER, UTC)).isEqualTo("CAST(\"c\" AS int8)");
        assertThat(cast("int8", ValueKind.INTEGER, UTC, "numeric", ValueKind.DECIMAL, UTC)).isEqualTo("CAST(\"c\" AS numeric)");
        assertThat(cast("timestamp", ValueKind.TIMESTAMP, BERLIN, "timestamptz", ValueKind.TIMESTAMP_TZ, UTC))
                .isEqualTo("((((\"c\") AT TIME ZONE 'Europe/Berlin') AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')");
        assertThat(cast("timestamp", ValueKind.TIMESTAMP, UTC, "timestamptz", ValueKind.TIMESTAMP_TZ, UTC))
                .isEqualTo("((\"c\") AT TIME ZONE 'UTC')");
        assertThat(cast("timestamptz", ValueKind.TIMESTAMP_TZ, UTC, "timestamp", ValueKind.TIMESTAMP, UTC))
                .isEqualTo("(\"c\" AT TIME ZONE 'UTC')");
    }

    @Test
    void whatACastWouldChangeTakesTheRowPath() {
        assertThat(cast("timestamp", ValueKind.TIMESTAMP, BERLIN, "timestamp", ValueKind.TIMESTAMP, UTC)).isEqualTo("<row path>");
        assertThat(cast("timestamptz", ValueKind.TIMESTAMP_TZ, UTC, "timestamp", ValueKind.TIMESTAMP, BERLIN)).isEqualTo("<row path>");
        assertThat(cast("float4", ValueKind.FLOAT, UTC, "float8", ValueKind.FLOAT, UTC)).as("widened through its decimal form")
                .isEqualTo("<row path>");
        assertThat(cast("numeric", ValueKind.DECIMAL, UTC, "int8", ValueKind.INTEGER, UTC)).as("a cast rounds").isEqualTo("<row path>");
        assertThat(cast("text", ValueKind.TEXT, UTC, "uuid", ValueKind.UUID, UTC)).isEqualTo("<row path>");
        assertThat(cast("date", ValueKind.DATE, UTC, "timestamp", ValueKind.TIMESTAMP, UTC)).isEqualTo("<row path>");
    }
}
