package io.decant.internal.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.store.ValueKind;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RowCodecPropertiesTest {
    private static final List<ValueKind> KINDS = List.of(ValueKind.INTEGER, ValueKind.DECIMAL, ValueKind.FLOAT,
            ValueKind.BOOLEAN, ValueKind.TEXT, ValueKind.TIMESTAMP, ValueKind.TIMESTAMP_TZ, ValueKind.DATE,
            ValueKind.TIME, ValueKind.BYTES, ValueKind.JSON, ValueKind.UUID);
    private static final RowCodec CODEC = new RowCodec(KINDS, KINDS.stream().map(k -> k.name().toLowerCase()).toList());

    @Property(tries = 500)
    void everyRowDecodesToExactlyTheValuesThatWereEncoded(@ForAll("rows") Object[] row) throws IOException {
        RowDigest.Encoded encoded = new RowDigest(CODEC).add(row).copy();
        Object[] back = CODEC.read(new DataInputStream(new ByteArrayInputStream(encoded.bytes(), 0, encoded.length())));

        for (int i = 0; i < row.length; i++) {
            if (row[i] instanceof byte[] b) {
                assertThat((byte[]) back[i]).isEqualTo(b);
            } else if (row[i] instanceof BigDecimal d) {
                assertThat(back[i]).isEqualTo(d);
                assertThat(((BigDecimal) back[i]).scale()).isEqualTo(d.scale());
            } else {
                assertThat(back[i]).isEqualTo(row[i]);
            }
        }
        assertThat(new RowDigest(CODEC).add(back).sameAs(encoded)).as("decoding then encoding gives the same bytes").isTrue();
    }

    @Property(tries = 300)
    void rowsThatDifferInAnyValueHaveDifferentEncodings(@ForAll("rows") Object[] a, @ForAll("rows") Object[] b) {
        boolean equal = true;
        for (int i = 0; i < a.length; i++) {
            equal &= a[i] instanceof byte[] x && b[i] instanceof byte[] y ? Arrays.equals(x, y)
                    : a[i] == null ? b[i] == null : a[i].equals(b[i]);
        }
        RowDigest.Encoded ea = new RowDigest(CODEC).add(a).copy();
        RowDigest.Encoded eb = new RowDigest(CODEC).add(b).copy();
        assertThat(ea.sameAs(eb)).isEqualTo(equal);
    }

    @Provide
    Arbitrary<Object[]> rows() {
        List<Arbitrary<Object>> columns = List.of(
                nullable(Arbitraries.oneOf(Arbitraries.longs().map(Object.class::cast),
                        Arbitraries.bigIntegers().between(BigInteger.TWO.pow(64).negate(), BigInteger.TWO.pow(70))
                                .filter(x -> x.bitLength() >= 64).map(Object.class::cast))),
                nullable(Combinators.combine(Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30)),
                        Arbitraries.integers().between(-5, 20)).as(BigDecimal::new)),
                nullable(Arbitraries.doubles().withSpecialValue(Double.NaN).withSpecialValue(-0.0d)),
                nullable(Arbitraries.of(true, false)),
                nullable(Arbitraries.strings().ofMaxLength(40)),
                nullable(Arbitraries.longs().between(-62_135_596_800L, 253_402_300_799L).map(s ->
                        LocalDateTime.ofEpochSecond(s, (int) (Math.abs(s) % 1_000_000) * 1000, ZoneOffset.UTC))),
                nullable(Arbitraries.longs().between(-62_135_596_800L, 253_402_300_799L).map(s -> Instant.ofEpochSecond(s, 1000))),
                nullable(Arbitraries.longs().between(-700_000, 2_900_000).map(LocalDate::ofEpochDay)),
                nullable(Arbitraries.longs().between(0, 86_399_999_999_999L).map(LocalTime::ofNanoOfDay)),
                nullable(Arbitraries.bytes().array(byte[].class).ofMaxSize(32)),
                nullable(Arbitraries.strings().ofMaxLength(20).map(s -> "{\"k\": \"" + s.replace("\"", "") + "\"}")),
                nullable(Arbitraries.longs().tuple2().map(t -> new UUID(t.get1(), t.get2()))));
        return Combinators.combine(columns).as(List::toArray);
    }

    private static <T> Arbitrary<Object> nullable(Arbitrary<T> values) {
        return values.map(Object.class::cast).injectNull(0.1);
    }
}
