package io.decant.service.contract;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The rows the kit seeds and writes: deterministic, and rich in values that encodings get wrong —
 * text holding the row separator, escapes and 4-byte UTF-8; negative and zero decimals; timestamps
 * before 1970 and with and without microseconds; empty and 0x00/0xff bytes; NULL in every nullable
 * column.
 */
final class ContractRows {
    private static final String[] NOTES = {"", "plain", "pipe|and\\backslash", "tab\tnew\nline\rcr", "unicode é€ 😀 日本",
            "N", "12:abc", null};
    private static final String[] AMOUNTS = {"0.00", "-12.50", "12345678.99", "0.01", "-0.10", "100.00", null};
    private static final Double[] RATIOS = {0.0, -1.5, 1.0E-10, 123456.789, 0.1, null};
    private static final LocalDateTime[] CREATED = {LocalDateTime.parse("2026-03-01T12:00:00"),
            LocalDateTime.parse("2026-03-01T12:00:00.5"), LocalDateTime.parse("1969-12-31T23:59:59.999999"),
            LocalDateTime.parse("2038-01-19T03:14:08.000001"), null};
    private static final String[] DOCS = {"{\"b\":1,\"a\":[1,2.50,\"x\"]}", "{\"k\":\"é\"}", "[]", null};

    private ContractRows() {
    }

    /** Row {@code id} at {@code version}; {@code withAt} adds the optional TIMESTAMP_TZ column. */
    static Map<String, Object> row(long id, long version, boolean withAt) {
        int i = (int) id;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id);
        r.put("version", version);
        String amount = AMOUNTS[i % AMOUNTS.length];
        r.put("amount", amount == null ? null : new BigDecimal(amount));
        r.put("ratio", RATIOS[i % RATIOS.length]);
        r.put("flag", i % 3 == 2 ? null : i % 3 == 0);
        r.put("note", NOTES[i % NOTES.length] == null ? null : NOTES[i % NOTES.length] + (i % 2 == 0 ? "" : "#" + id));
        r.put("created", CREATED[i % CREATED.length]);
        r.put("day", i % 5 == 4 ? null : LocalDate.of(1999, 12, 31).plusDays(i * 37L));
        r.put("payload", i % 4 == 3 ? null : bytes(i));
        r.put("doc", DOCS[i % DOCS.length]);
        r.put("ref", i % 6 == 5 ? null : UUID.nameUUIDFromBytes(("row" + id).getBytes()).toString());
        if (withAt) {
            r.put("at", i % 4 == 1 ? null : Instant.parse("2026-03-01T12:00:00Z").plusMillis(i * 1_234_567L).plusNanos((i % 7) * 1000L));
        }
        return r;
    }

    static List<Map<String, Object>> rows(long from, long to, long version, boolean withAt) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (long id = from; id <= to; id++) {
            out.add(row(id, version, withAt));
        }
        return out;
    }

    private static byte[] bytes(int i) {
        if (i % 4 == 0) {
            return new byte[0];
        }
        byte[] b = new byte[1 + i % 9];
        for (int k = 0; k < b.length; k++) {
            b[k] = (byte) (k == 0 ? 0 : k == 1 ? 0xff : i * 31 + k);
        }
        return b;
    }
}
