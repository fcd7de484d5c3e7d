package io.decant.service;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.decant.spi.Key;
import io.decant.store.ColumnInfo;
import io.decant.store.HashColumn;
import io.decant.store.KeyRangeDigest;
import io.decant.store.KeySpan;
import io.decant.store.RangeHasher;
import io.decant.store.ValueKind;
import io.decant.wire.RowHashes;
import io.decant.wire.WireKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Spans of the key space, computed inside the database by decant-jdbc's range hasher: cuts of
 * about N rows (streamed as the database counts), digests of a span's parts, each row's hash
 * (streamed), and the rows themselves (streamed).
 */
final class SpanCalls {
    private static final int MAX_ROWS_PER_SPAN = 100_000_000;
    private final ServedTable table;
    private final ServiceLimits limits;

    SpanCalls(ServedTable table, ServiceLimits limits) {
        this.table = table;
        this.limits = limits;
    }

    private WireKeys keys() {
        return new WireKeys(table.keyColumns());
    }

    void split(ProtocolExchange ex) throws IOException {
        JsonNode req = Requests.object(ex, limits.maxRequestBytes());
        KeySpan span = keys().span(req.get("span"));
        int rowsPerSpan = Requests.positive(req, "rowsPerSpan", MAX_ROWS_PER_SPAN);
        RangeHasher hasher = table.hasher(RangeHasher.PORTABLE_ROW_HASH);
        stream(ex, s -> hasher.splitKeys(span, rowsPerSpan, cut -> unchecked(() -> {
            WireKeys.write(s.generator(), cut);
            s.item();
            s.flush(); // each cut reaches the caller while the database still counts
        })));
    }

    void digests(ProtocolExchange ex) throws IOException {
        JsonNode req = Requests.object(ex, limits.maxRequestBytes());
        KeySpan span = keys().span(req.get("span"));
        List<Key> cuts = req.has("cuts") ? Requests.keys(keys(), req.get("cuts"), limits.maxKeysPerCall()) : List.of();
        List<HashColumn> columns = hashColumns(req.get("columns"));
        String function = Requests.text(req, "rowHash").orElse(RangeHasher.PORTABLE_ROW_HASH);
        List<KeyRangeDigest> digests = table.hasher(function).digests(span, cuts, columns);
        Replies.json(ex, 200, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("digests");
            for (KeyRangeDigest d : digests) {
                g.writeStartObject();
                g.writeNumberField("rows", d.rows());
                g.writeStringField("hash", RowHashes.hex(d.hash()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    void rowHashes(ProtocolExchange ex) throws IOException {
        JsonNode req = Requests.object(ex, limits.maxRequestBytes());
        KeySpan span = keys().span(req.get("span"));
        List<HashColumn> columns = hashColumns(req.get("columns"));
        String function = Requests.text(req, "rowHash").orElse(RangeHasher.PORTABLE_ROW_HASH);
        RangeHasher hasher = table.hasher(function);
        stream(ex, s -> hasher.rowHashes(span, columns, (key, hash) -> unchecked(() -> {
            JsonGenerator g = s.generator();
            g.writeStartArray();
            WireKeys.write(g, key);
            g.writeString(RowHashes.hex(hash));
            g.writeEndArray();
            s.item();
        })));
    }

    void rows(ProtocolExchange ex) throws IOException {
        JsonNode req = Requests.object(ex, limits.maxRequestBytes());
        KeySpan span = keys().span(req.get("span"));
        List<String> names = Requests.columns(req.get("columns"), table, table.columnNames());
        List<ColumnInfo> columns = names.stream().map(table::column).toList();
        RangeHasher hasher = table.hasher(RangeHasher.PORTABLE_ROW_HASH);
        stream(ex, s -> {
            JsonGenerator g = s.generator();
            g.writeStartObject();
            g.writeArrayFieldStart("columns");
            for (String n : names) {
                g.writeString(n);
            }
            g.writeEndArray();
            g.writeEndObject();
            s.line();
            hasher.rows(span, names, row -> unchecked(() -> {
                Requests.writeValues(g, row, columns);
                s.item();
            }));
        });
    }

    private List<HashColumn> hashColumns(JsonNode n) {
        if (n == null || !n.isArray() || n.isEmpty()) {
            throw ProtocolError.badRequest("'columns' must be a non-empty array of {\"column\", \"as\"}");
        }
        List<HashColumn> out = new ArrayList<>();
        for (JsonNode c : n) {
            String name = c.path("column").asText(null);
            if (name == null) {
                throw ProtocolError.badRequest("a hashed column is {\"column\": name, \"as\": kind}");
            }
            ValueKind column = table.column(name).kind();
            ValueKind as;
            try {
                as = c.hasNonNull("as") ? ValueKind.valueOf(c.get("as").asText()) : column == ValueKind.TIMESTAMP_TZ ? ValueKind.TIMESTAMP : column;
                out.add(new HashColumn(name, as));
            } catch (IllegalArgumentException e) {
                throw ProtocolError.badRequest("column '" + name + "' cannot be hashed as " + c.path("as").asText(column.name())
                        + "; kinds hashed in the database: INTEGER, DECIMAL, BOOLEAN, TEXT, TIMESTAMP, DATE, BYTES, UUID");
            }
        }
        return out;
    }

    /** What a streamed call writes. */
    @FunctionalInterface
    interface StreamBody {
        void write(NdjsonStream s) throws IOException;
    }

    /**
     * Runs a streamed call: the database work starts only once the stream is open, so its failure
     * is reported in the stream's last line.
     */
    static void stream(ProtocolExchange ex, StreamBody body) throws IOException {
        try (NdjsonStream s = new NdjsonStream(ex)) {
            try {
                body.write(s);
                s.end();
            } catch (RuntimeException e) {
                for (Throwable t = e; t != null; t = t.getCause()) {
                    if (t instanceof UncheckedIOException io) {
                        throw io.getCause(); // the caller went away: nothing more can be told
                    }
                }
                ProtocolError p = io.decant.service.StoreErrors.classify(e);
                DecantService.logFailure(p);
                s.fail(p);
            }
        }
    }

    @FunctionalInterface
    interface IoAction {
        void run() throws IOException;
    }

    static void unchecked(IoAction a) {
        try {
            a.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
