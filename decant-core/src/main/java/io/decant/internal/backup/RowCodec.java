package io.decant.internal.backup;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.store.ValueKind;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import io.decant.store.TemporalValues;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The canonical, typed, length-prefixed binary encoding of one row: per column a tag byte (0 for
 * NULL) and the value in a fixed form of its kind. The same normalized row always encodes to the
 * same bytes, so the encoding is both what a backup file stores and what the row digest hashes.
 * Decoding gives back exactly the values that were encoded (decimal scale, microseconds, bytes).
 */
final class RowCodec {
    static final int NULL = 0;
    static final int INT64 = 1;
    static final int BIG_INTEGER = 2;
    static final int DECIMAL = 3;
    static final int FLOAT64 = 4;
    static final int BOOLEAN = 5;
    static final int TEXT = 6;
    static final int TIMESTAMP = 7;
    static final int INSTANT = 8;
    static final int DATE = 9;
    static final int TIME = 10;
    static final int BYTES = 11;
    static final int UUID_BITS = 12;

    /** Longest text or byte value accepted when reading (guards against a corrupt length). */
    static final int MAX_VALUE_BYTES = 1 << 30;

    private final ValueKind[] kinds;
    private final String[] names;

    RowCodec(List<ValueKind> kinds, List<String> names) {
        this.kinds = kinds.toArray(ValueKind[]::new);
        this.names = names.toArray(String[]::new);
    }

    int width() {
        return kinds.length;
    }

    void write(Object[] row, DataOutput out) throws IOException {
        if (row.length != kinds.length) {
            throw new IllegalArgumentException("row has " + row.length + " values for " + kinds.length + " columns");
        }
        for (int i = 0; i < row.length; i++) {
            writeValue(i, row[i], out);
        }
    }

    private void writeValue(int column, Object v, DataOutput out) throws IOException {
        if (v == null) {
            out.writeByte(NULL);
            return;
        }
        switch (kinds[column]) {
            case INTEGER -> writeInteger(column, v, out);
            case DECIMAL -> {
                BigDecimal d = v instanceof BigDecimal bd ? bd : new BigDecimal(v.toString());
                out.writeByte(DECIMAL);
                out.writeInt(d.scale());
                writeBytes(d.unscaledValue().toByteArray(), out);
            }
            case FLOAT -> {
                out.writeByte(FLOAT64);
                out.writeLong(Double.doubleToLongBits(((Number) expect(column, v, Number.class)).doubleValue()));
            }
            case BOOLEAN -> {
                out.writeByte(BOOLEAN);
                out.writeBoolean(expect(column, v, Boolean.class));
            }
            case TEXT, JSON, OTHER -> {
                out.writeByte(TEXT);
                writeBytes(v.toString().getBytes(StandardCharsets.UTF_8), out);
            }
            case TIMESTAMP -> {
                LocalDateTime t = expect(column, v, LocalDateTime.class);
                out.writeByte(TIMESTAMP);
                out.writeLong(t.toEpochSecond(ZoneOffset.UTC));
                out.writeInt(t.getNano());
            }
            case TIMESTAMP_TZ -> {
                Instant t = instant(column, v);
                out.writeByte(INSTANT);
                out.writeLong(t.getEpochSecond());
                out.writeInt(t.getNano());
            }
            case DATE -> {
                out.writeByte(DATE);
                out.writeLong(expect(column, v, LocalDate.class).toEpochDay());
            }
            case TIME -> {
                out.writeByte(TIME);
                out.writeLong(expect(column, v, LocalTime.class).toNanoOfDay());
            }
            case BYTES -> {
                out.writeByte(BYTES);
                writeBytes(expect(column, v, byte[].class), out);
            }
            case UUID -> {
                UUID u = v instanceof UUID id ? id : UUID.fromString(v.toString());
                out.writeByte(UUID_BITS);
                out.writeLong(u.getMostSignificantBits());
                out.writeLong(u.getLeastSignificantBits());
            }
        }
    }

    private void writeInteger(int column, Object v, DataOutput out) throws IOException {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            out.writeByte(INT64);
            out.writeLong(((Number) v).longValue());
            return;
        }
        BigInteger b = v instanceof BigInteger bi ? bi : expect(column, v, BigDecimal.class).toBigIntegerExact();
        if (b.bitLength() < 64) {
            out.writeByte(INT64);
            out.writeLong(b.longValue());
        } else {
            out.writeByte(BIG_INTEGER);
            writeBytes(b.toByteArray(), out);
        }
    }

    private Instant instant(int column, Object v) {
        if (!TemporalValues.isTemporal(v)) {
            return expect(column, v, Instant.class); // refuses, naming the column
        }
        return TemporalValues.instant(v);
    }

    private <T> T expect(int column, Object v, Class<T> type) {
        if (!type.isInstance(v)) {
            throw new DecantException(ErrorCode.FAILURE, "column '" + names[column] + "' of kind " + kinds[column]
                    + " holds a " + v.getClass().getName() + " where a " + type.getSimpleName() + " was expected");
        }
        return type.cast(v);
    }

    private static void writeBytes(byte[] b, DataOutput out) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    Object[] read(DataInput in) throws IOException {
        Object[] row = new Object[kinds.length];
        for (int i = 0; i < row.length; i++) {
            row[i] = readValue(i, in);
        }
        return row;
    }

    private Object readValue(int column, DataInput in) throws IOException {
        int tag = in.readUnsignedByte();
        Object v = switch (tag) {
            case NULL -> null;
            case INT64 -> in.readLong();
            case BIG_INTEGER -> new BigInteger(readBytes(in));
            case DECIMAL -> {
                int scale = in.readInt();
                yield new BigDecimal(new BigInteger(readBytes(in)), scale);
            }
            case FLOAT64 -> Double.longBitsToDouble(in.readLong());
            case BOOLEAN -> in.readBoolean();
            case TEXT -> new String(readBytes(in), StandardCharsets.UTF_8);
            case TIMESTAMP -> LocalDateTime.ofEpochSecond(in.readLong(), in.readInt(), ZoneOffset.UTC);
            case INSTANT -> Instant.ofEpochSecond(in.readLong(), in.readInt());
            case DATE -> LocalDate.ofEpochDay(in.readLong());
            case TIME -> LocalTime.ofNanoOfDay(in.readLong());
            case BYTES -> readBytes(in);
            case UUID_BITS -> new UUID(in.readLong(), in.readLong());
            default -> throw new BackupFormat.CorruptException("unknown value tag " + tag + " in column '" + names[column] + "'");
        };
        if (v != null && !fits(kinds[column], tag)) {
            throw new BackupFormat.CorruptException("value tag " + tag + " does not belong to column '" + names[column]
                    + "' of kind " + kinds[column]);
        }
        return v;
    }

    private static boolean fits(ValueKind kind, int tag) {
        return switch (kind) {
            case INTEGER -> tag == INT64 || tag == BIG_INTEGER;
            case DECIMAL -> tag == DECIMAL;
            case FLOAT -> tag == FLOAT64;
            case BOOLEAN -> tag == BOOLEAN;
            case TEXT, JSON, OTHER -> tag == TEXT;
            case TIMESTAMP -> tag == TIMESTAMP;
            case TIMESTAMP_TZ -> tag == INSTANT;
            case DATE -> tag == DATE;
            case TIME -> tag == TIME;
            case BYTES -> tag == BYTES;
            case UUID -> tag == UUID_BITS;
        };
    }

    private static byte[] readBytes(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_VALUE_BYTES) {
            throw new BackupFormat.CorruptException("impossible value length " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
