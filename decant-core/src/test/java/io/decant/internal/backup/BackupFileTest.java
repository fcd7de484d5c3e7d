package io.decant.internal.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.store.ColumnDefinition;
import io.decant.store.ValueKind;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupFileTest {
    @TempDir
    Path dir;

    static final List<ColumnDefinition> COLUMNS = List.of(
            new ColumnDefinition("id", "int8", "bigint", ValueKind.INTEGER, false),
            new ColumnDefinition("amount", "numeric", "numeric(12,2)", ValueKind.DECIMAL, true),
            new ColumnDefinition("ratio", "float8", "double precision", ValueKind.FLOAT, true),
            new ColumnDefinition("active", "bool", "boolean", ValueKind.BOOLEAN, true),
            new ColumnDefinition("name", "text", "text", ValueKind.TEXT, true),
            new ColumnDefinition("at", "timestamp", "timestamp(6) without time zone", ValueKind.TIMESTAMP, true),
            new ColumnDefinition("at_tz", "timestamptz", "timestamp(6) with time zone", ValueKind.TIMESTAMP_TZ, true),
            new ColumnDefinition("day", "date", "date", ValueKind.DATE, true),
            new ColumnDefinition("clock", "time", "time(6) without time zone", ValueKind.TIME, true),
            new ColumnDefinition("blob", "bytea", "bytea", ValueKind.BYTES, true),
            new ColumnDefinition("doc", "jsonb", "jsonb", ValueKind.JSON, true),
            new ColumnDefinition("ref", "uuid", "uuid", ValueKind.UUID, true),
            new ColumnDefinition("mood", "mood", "mood", ValueKind.OTHER, true));

    static BackupHeader header(String migration, String table) {
        return new BackupHeader(migration, "PostgreSQL", "PostgreSQL 15.4", "legacy", table, List.of("id"), COLUMNS,
                "2026-01-01T00:00:00Z", "NEW_ONLY", 9);
    }

    static List<Object[]> rows(int n) {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {0L, null, null, null, null, null, null, null, null, null, null, null, null});
        rows.add(new Object[] {1L, new BigDecimal("2.50"), -0.0d, true, "ünïcödé ✓ \u0000 end",
                LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_456_000), Instant.parse("1969-12-31T23:59:59.999999Z"),
                LocalDate.of(1, 1, 1), LocalTime.of(23, 59, 59, 999_999_000), new byte[] {0, -1, 127, -128},
                "{\"a\": [1, 2.50, null]}", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), "happy"});
        rows.add(new Object[] {new BigInteger("18446744073709551615"), new BigDecimal("-99999999999.99"), Double.NaN,
                false, "", LocalDateTime.of(-4712, 1, 1, 0, 0), Instant.EPOCH, LocalDate.of(9999, 12, 31), LocalTime.MIDNIGHT,
                new byte[0], "[]", new UUID(0, 0), ""});
        for (int i = 3; i < n; i++) {
            rows.add(new Object[] {(long) i, BigDecimal.valueOf(i, 2), i / 3.0, i % 2 == 0, "row " + i,
                    LocalDateTime.of(2025, 1, 1, 0, 0).plusSeconds(i), Instant.ofEpochSecond(1_700_000_000L + i, 1000),
                    LocalDate.of(2025, 1, 1).plusDays(i), LocalTime.ofSecondOfDay(i % 86_400), new byte[] {(byte) i},
                    "{\"i\": " + i + "}", new UUID(i, -i), i % 3 == 0 ? null : "ok"});
        }
        return rows;
    }

    Manifest write(Path file, BackupHeader header, List<Object[]> rows) {
        try (BackupWriter w = BackupWriter.create(file, header)) {
            rows.forEach(w::write);
            return w.finish();
        }
    }

    static List<Object[]> readAll(BackupReader reader) {
        List<Object[]> out = new ArrayList<>();
        try (BackupReader.Rows rows = reader.rows()) {
            for (Object[] r; (r = rows.next()) != null; ) {
                out.add(r);
            }
        }
        return out;
    }

    @Test
    void everyKindOfValueReadsBackExactlyIncludingNullsScaleMicrosAndBytes() {
        Path file = dir.resolve("orders.backup");
        List<Object[]> rows = rows(50);
        Manifest m = write(file, header("orders", "orders"), rows);

        BackupReader reader = BackupReader.open(file, n -> { });
        List<Object[]> back = readAll(reader);

        assertThat(m.rowCount()).isEqualTo(50);
        assertThat(back).hasSize(50);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(back.get(i)).usingRecursiveComparison().withEqualsForType(Double::equals, Double.class)
                    .isEqualTo(rows.get(i));
        }
        assertThat(((BigDecimal) back.get(1)[1]).scale()).isEqualTo(2);
        assertThat(((LocalDateTime) back.get(1)[5]).getNano()).isEqualTo(123_456_000);
        assertThat(Double.doubleToRawLongBits((Double) back.get(1)[2])).isEqualTo(Double.doubleToRawLongBits(-0.0d));
        assertThat(reader.header().columns()).isEqualTo(COLUMNS);
        assertThat(reader.header().key()).containsExactly("id");
    }

    @Test
    void theRowDigestDependsOnEveryValueAndOnTheScaleOfDecimals() {
        RowCodec codec = header("orders", "orders").codec();
        List<Object[]> rows = rows(10);
        String original = digest(codec, rows);
        assertThat(digest(codec, rows(10))).isEqualTo(original);

        List<Object[]> changed = rows(10);
        changed.get(1)[1] = new BigDecimal("2.5");
        assertThat(digest(codec, changed)).isNotEqualTo(original);

        List<Object[]> nulled = rows(10);
        nulled.get(4)[4] = null;
        assertThat(digest(codec, nulled)).isNotEqualTo(original);

        List<Object[]> reordered = rows(10);
        Object[] tmp = reordered.get(3);
        reordered.set(3, reordered.get(4));
        reordered.set(4, tmp);
        assertThat(digest(codec, reordered)).isNotEqualTo(original);
    }

    @Test
    void theManifestRecordsCountDigestChecksumAndSource() throws IOException {
        Path file = dir.resolve("orders.backup");
        Manifest m = write(file, header("orders", "orders"), rows(20));

        Manifest onDisk = Manifest.read(BackupFormat.manifestPath(file));
        assertThat(onDisk).isEqualTo(m);
        assertThat(m.rowDigest()).isEqualTo(digest(header("orders", "orders").codec(), rows(20)));
        assertThat(m.fileBytes()).isEqualTo(Files.size(file));
        assertThat(m.table()).isEqualTo("orders");
        assertThat(m.phaseVersion()).isEqualTo(9);
        assertThat(Files.readAllBytes(file)).startsWith("DECANTBK".getBytes());
        try (var list = Files.list(dir)) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "orders.backup", "orders.backup.manifest.json");
        }
    }

    @Test
    void aFlippedByteIsRefusedAsCorrupt() throws IOException {
        Path file = dir.resolve("orders.backup");
        write(file, header("orders", "orders"), rows(200));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);

        assertThatThrownBy(() -> BackupReader.open(file, n -> { }))
                .isInstanceOf(DecantException.class)
                .hasMessageContaining("is corrupt: its SHA-256 is")
                .extracting(e -> ((DecantException) e).code()).isEqualTo(ErrorCode.FAILURE);
    }

    @Test
    void aCorruptFileIsRefusedEvenWhenItsManifestWasRewrittenToMatch() throws IOException {
        Path file = dir.resolve("orders.backup");
        Manifest m = write(file, header("orders", "orders"), rows(200));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 20] ^= 0x10;
        Files.write(file, bytes);
        String sha = HexFormat.of().formatHex(RowDigest.newSha256().digest(bytes));
        Manifest forged = new Manifest(m.format(), m.formatVersion(), m.file(), sha, m.fileBytes(), m.rowCount(),
                m.rowDigest(), m.migration(), m.store(), m.table(), m.engine(), m.createdAt(), m.phase(), m.phaseVersion());
        Files.write(BackupFormat.manifestPath(file), forged.toJson());

        assertThatThrownBy(() -> BackupReader.open(file, n -> { }))
                .isInstanceOf(DecantException.class)
                .hasMessageContaining("backup file " + file);
    }

    @Test
    void aTruncatedFileIsRefusedNamingTheTruncation() throws IOException {
        Path file = dir.resolve("orders.backup");
        write(file, header("orders", "orders"), rows(200));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 7));

        assertThatThrownBy(() -> BackupReader.open(file, n -> { }))
                .isInstanceOf(DecantException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void aBackupWithoutItsManifestIsNotTrusted() throws IOException {
        Path file = dir.resolve("orders.backup");
        write(file, header("orders", "orders"), rows(5));
        Files.delete(BackupFormat.manifestPath(file));

        assertThatThrownBy(() -> BackupReader.open(file, n -> { }))
                .isInstanceOf(DecantException.class)
                .hasMessageContaining("manifest")
                .hasMessageContaining("is missing");
    }

    @Test
    void aBackupOfAnotherTableIsRefusedAsForeign() {
        Path file = dir.resolve("customers.backup");
        write(file, header("customers", "customers"), rows(5));
        BackupReader reader = BackupReader.open(file, n -> { });

        assertThatThrownBy(() -> reader.requireSource("orders", "legacy", "orders"))
                .isInstanceOf(DecantException.class)
                .hasMessageContaining("holds legacy.customers of migration 'customers', not legacy.orders");
    }

    @Test
    void anExistingBackupIsNeverOverwritten() {
        Path file = dir.resolve("orders.backup");
        write(file, header("orders", "orders"), rows(5));

        assertThatThrownBy(() -> write(file, header("orders", "orders"), rows(6)))
                .isInstanceOf(DecantException.class)
                .hasMessageContaining("already exists")
                .extracting(e -> ((DecantException) e).code()).isEqualTo(ErrorCode.BAD_CONFIG);
        assertThat(BackupReader.open(file, n -> { }).manifest().rowCount()).isEqualTo(5);
    }

    @Test
    void aWriterClosedBeforeFinishingLeavesNoFileBehind() throws IOException {
        Path file = dir.resolve("orders.backup");
        try (BackupWriter w = BackupWriter.create(file, header("orders", "orders"))) {
            rows(10).forEach(w::write);
        }
        try (var list = Files.list(dir)) {
            assertThat(list).isEmpty();
        }
    }

    @Test
    void aValueOfTheWrongTypeForItsColumnIsRejectedNamingTheColumn() {
        RowCodec codec = header("orders", "orders").codec();
        Object[] row = rows(3).get(1);
        row[5] = "2024-01-01";
        assertThatThrownBy(() -> new RowDigest(codec).add(row))
                .isInstanceOf(DecantException.class)
                .hasMessageContaining("column 'at' of kind TIMESTAMP");
    }

    private static String digest(RowCodec codec, List<Object[]> rows) {
        RowDigest d = new RowDigest(codec);
        rows.forEach(d::add);
        return d.finish();
    }
}
