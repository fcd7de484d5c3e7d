package io.decant.jdbc.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.store.ValueKind;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.postgresql.copy.CopyIn;

class CopyTextBufferTest {

    /** Collects what would go to the server. */
    private static final class Captured implements CopyIn {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void writeToCopy(byte[] buf, int off, int siz) {
            bytes.write(buf, off, siz);
        }

        @Override
        public void writeToCopy(org.postgresql.util.ByteStreamWriter from) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void flushCopy() {
        }

        @Override
        public long endCopy() {
            return 0;
        }

        @Override
        public int getFieldCount() {
            return 0;
        }

        @Override
        public int getFormat() {
            return 0;
        }

        @Override
        public int getFieldFormat(int field) {
            return 0;
        }

        @Override
        public boolean isActive() {
            return false;
        }

        @Override
        public void cancelCopy() {
        }

        @Override
        public long getHandledRowCount() {
            return 0;
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void fieldsAreTabSeparatedWithNullsAndSpecialCharactersEscaped() throws Exception {
        Captured in = new Captured();
        CopyTextBuffer buf = new CopyTextBuffer();
        buf.text("a\tb\nc\\d\re ü");
        buf.nul();
        buf.bytes(new byte[] {0, (byte) 0xff, 0x10});
        buf.endRow(in);
        buf.flush(in);
        assertThat(in.text()).isEqualTo("a\\tb\\nc\\\\d\\re ü\t\\N\t\\\\x00ff10\n");
    }

    @Test
    void valuesAreWrittenInTheTargetColumnsInputSyntax() throws Exception {
        Captured in = new Captured();
        CopyTextBuffer buf = new CopyTextBuffer();
        buf.value(true, ValueKind.BOOLEAN);
        buf.value(true, ValueKind.INTEGER);
        buf.value(0L, ValueKind.BOOLEAN);
        buf.value(new BigDecimal("1E+3"), ValueKind.DECIMAL);
        buf.value(OffsetDateTime.parse("2024-01-01T12:00:00+02:00"), ValueKind.TIMESTAMP);
        buf.value(Instant.parse("2024-01-01T10:00:00Z"), ValueKind.TIMESTAMP_TZ);
        buf.value(LocalDateTime.parse("2024-01-01T10:00:00.5"), ValueKind.TIMESTAMP_TZ);
        buf.value(null, ValueKind.TEXT);
        buf.endRow(in);
        buf.flush(in);
        assertThat(in.text()).isEqualTo("t\t1\tf\t1000\t2024-01-01T10:00\t2024-01-01T10:00:00Z\t2024-01-01T10:00:00.500\t\\N\n");
    }
}
