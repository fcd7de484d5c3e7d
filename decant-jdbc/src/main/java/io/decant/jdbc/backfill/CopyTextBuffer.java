package io.decant.jdbc.backfill;

import io.decant.store.ValueKind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.postgresql.copy.CopyIn;

/**
 * Rows in PostgreSQL's {@code COPY … FROM STDIN} text format, gathered in a reused byte buffer and
 * handed to the server in blocks: tab between fields, newline after a row, {@code \N} for NULL,
 * backslash escapes for backslash, tab, newline and carriage return, {@code \\x…} hex for bytea.
 * Zone-less timestamps are UTC (the copying session runs in UTC).
 */
final class CopyTextBuffer {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int FLUSH_AT = 64 * 1024;

    private byte[] buf = new byte[FLUSH_AT + 8 * 1024];
    private int len;
    private boolean rowStarted;

    /** Starts a field (a tab before every field but a row's first). */
    private void field() {
        if (rowStarted) {
            put((byte) '\t');
        }
        rowStarted = true;
    }

    void endRow(CopyIn in) throws SQLException {
        put((byte) '\n');
        rowStarted = false;
        if (len >= FLUSH_AT) {
            flush(in);
        }
    }

    void flush(CopyIn in) throws SQLException {
        if (len > 0) {
            in.writeToCopy(buf, 0, len);
            len = 0;
        }
    }

    void nul() {
        field();
        put((byte) '\\');
        put((byte) 'N');
    }

    /** A text field as the database sent it (already in the target's input syntax), or NULL. */
    void text(String s) {
        if (s == null) {
            nul();
            return;
        }
        field();
        int n = s.length();
        ensure(n);
        boolean ascii = true;
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch >= 0x80) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            for (int i = 0; i < n; i++) {
                escaped((byte) s.charAt(i));
            }
        } else {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            ensure(b.length);
            for (byte x : b) {
                escaped(x);
            }
        }
    }

    /** A bytea field in hex form ({@code \\x0a1b…} on the wire), or NULL. */
    void bytes(byte[] b) {
        if (b == null) {
            nul();
            return;
        }
        field();
        ensure(3 + 2 * b.length);
        put((byte) '\\');
        put((byte) '\\');
        put((byte) 'x');
        for (byte x : b) {
            put(HEX[(x >> 4) & 0xf]);
            put(HEX[x & 0xf]);
        }
    }

    /** A normalized Java value written into a column of kind {@code target}. */
    void value(Object v, ValueKind target) {
        if (v == null) {
            nul();
        } else if (v instanceof Boolean b) {
            text(switch (target) {
                case INTEGER, DECIMAL, FLOAT -> b ? "1" : "0";
                case TEXT -> b.toString();
                default -> b ? "t" : "f";
            });
        } else if (v instanceof Number n && target == ValueKind.BOOLEAN) {
            boolean t = n instanceof BigDecimal bd ? bd.signum() != 0 : n.doubleValue() != 0;
            text(t ? "t" : "f");
        } else if (v instanceof BigDecimal bd) {
            text(bd.toPlainString());
        } else if (v instanceof byte[] b) {
            if (target == ValueKind.BYTES || target == ValueKind.OTHER) {
                bytes(b);
            } else {
                text(new String(b, StandardCharsets.UTF_8));
            }
        } else if (v instanceof OffsetDateTime t) {
            text(target == ValueKind.TIMESTAMP ? t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime().toString() : t.toString());
        } else if (v instanceof ZonedDateTime t) {
            text(target == ValueKind.TIMESTAMP ? t.withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime().toString()
                    : t.toOffsetDateTime().toString());
        } else if (v instanceof Instant i) {
            text(target == ValueKind.TIMESTAMP ? i.atOffset(ZoneOffset.UTC).toLocalDateTime().toString() : i.toString());
        } else {
            text(v.toString());
        }
    }

    private void escaped(byte x) {
        switch (x) {
            case '\\' -> {
                put((byte) '\\');
                put((byte) '\\');
            }
            case '\n' -> {
                put((byte) '\\');
                put((byte) 'n');
            }
            case '\r' -> {
                put((byte) '\\');
                put((byte) 'r');
            }
            case '\t' -> {
                put((byte) '\\');
                put((byte) 't');
            }
            default -> put(x);
        }
    }

    private void ensure(int more) {
        int need = len + 2 * more + 8;
        if (need > buf.length) {
            byte[] bigger = new byte[Math.max(need, buf.length * 2)];
            System.arraycopy(buf, 0, bigger, 0, len);
            buf = bigger;
        }
    }

    private void put(byte b) {
        if (len == buf.length) {
            ensure(16);
        }
        buf[len++] = b;
    }
}
