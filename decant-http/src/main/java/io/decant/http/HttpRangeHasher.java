package io.decant.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.spi.Key;
import io.decant.spi.Row;
import io.decant.store.HashColumn;
import io.decant.store.KeyRangeDigest;
import io.decant.store.KeySpan;
import io.decant.store.RangeHasher;
import io.decant.store.TableRef;
import io.decant.wire.RowHashes;
import io.decant.wire.WireFormatException;
import io.decant.wire.WireKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Verification of a table behind a service's API: the service cuts spans, computes digests and row
 * hashes next to its data (over the same canonical text as a database store), and streams rows, so
 * only cuts, digests and the hashes of differing parts cross the network.
 */
final class HttpRangeHasher implements RangeHasher {
    /** Keys per read call, under the service's own bound. */
    private static final int READ_BATCH = 500;

    private final HttpStoreConnection store;
    private final TableRef ref;
    private final String function;

    HttpRangeHasher(HttpStoreConnection store, TableRef ref, String function) {
        this.store = store;
        this.ref = ref;
        this.function = function;
    }

    private ServiceClient client() {
        return store.client();
    }

    private ServedTable served() {
        return store.served(ref);
    }

    private String table() {
        return ref.table();
    }

    @Override
    public List<String> rowHashFunctions() {
        return served().rowHashFunctions();
    }

    @Override
    public long probe(String f) {
        JsonNode reply = client().post(table(), "/row-hash-probe", g -> {
            g.writeStartObject();
            g.writeStringField("function", f);
            g.writeEndObject();
        }, "probing row hash " + f);
        return decode(() -> RowHashes.parse(reply.path("hash").asText(null)), "probing row hash " + f);
    }

    @Override
    public RangeHasher withRowHash(String f) {
        if (!rowHashFunctions().contains(f)) {
            throw new IllegalArgumentException("the service computes the row hashes " + rowHashFunctions() + ", not " + f);
        }
        return new HttpRangeHasher(store, ref, f);
    }

    @Override
    public void splitKeys(KeySpan within, int rowsPerSpan, Consumer<Key> cuts) {
        WireKeys keys = new WireKeys(served().keyColumns());
        String what = "cutting " + within + " of " + table();
        client().stream(table(), "/spans/split", g -> {
            g.writeStartObject();
            g.writeFieldName("span");
            WireKeys.write(g, within);
            g.writeNumberField("rowsPerSpan", rowsPerSpan);
            g.writeEndObject();
        }, line -> {
            cuts.accept(decode(() -> keys.key(line), what));
            return true;
        }, what);
    }

    @Override
    public List<KeyRangeDigest> digests(KeySpan span, List<Key> cuts, List<HashColumn> columns) {
        int max = served().maxKeysPerCall();
        if (cuts.size() < max) {
            return digestsOnce(span, cuts, columns);
        }
        // more cuts than one call may carry: consecutive sub-spans, each ending at a cut
        List<KeyRangeDigest> out = new ArrayList<>(cuts.size() + 1);
        KeySpan rest = span;
        int i = 0;
        while (cuts.size() - i >= max) {
            Key end = cuts.get(i + max - 1);
            out.addAll(digestsOnce(new KeySpan(rest.lower(), rest.lowerInclusive(), Optional.of(end)), cuts.subList(i, i + max - 1), columns));
            rest = new KeySpan(Optional.of(end), false, span.upper());
            i += max;
        }
        out.addAll(digestsOnce(rest, cuts.subList(i, cuts.size()), columns));
        return out;
    }

    private List<KeyRangeDigest> digestsOnce(KeySpan span, List<Key> cuts, List<HashColumn> columns) {
        String what = "digests of " + span + " of " + table();
        JsonNode reply = client().post(table(), "/spans/digests", g -> {
            g.writeStartObject();
            g.writeFieldName("span");
            WireKeys.write(g, span);
            g.writeArrayFieldStart("cuts");
            for (Key k : cuts) {
                WireKeys.write(g, k);
            }
            g.writeEndArray();
            RowCodec.writeHashColumns(g, "columns", columns);
            g.writeStringField("rowHash", function);
            g.writeEndObject();
        }, what);
        JsonNode digests = reply.path("digests");
        if (!digests.isArray() || digests.size() != cuts.size() + 1) {
            throw client().failure(what, "the reply holds " + digests.size() + " digests, not " + (cuts.size() + 1), null);
        }
        List<KeyRangeDigest> out = new ArrayList<>(digests.size());
        for (JsonNode d : digests) {
            out.add(new KeyRangeDigest(d.path("rows").asLong(), decode(() -> RowHashes.parse(d.path("hash").asText(null)), what)));
        }
        return out;
    }

    @Override
    public void rowHashes(KeySpan span, List<HashColumn> columns, RowHashSink sink) {
        WireKeys keys = new WireKeys(served().keyColumns());
        String what = "row hashes of " + span + " of " + table();
        client().stream(table(), "/spans/row-hashes", g -> {
            g.writeStartObject();
            g.writeFieldName("span");
            WireKeys.write(g, span);
            RowCodec.writeHashColumns(g, "columns", columns);
            g.writeStringField("rowHash", function);
            g.writeEndObject();
        }, line -> {
            if (!line.isArray() || line.size() != 2) {
                throw client().failure(what, "a line is not [key, hash]", null);
            }
            Key k = decode(() -> keys.key(line.get(0)), what);
            sink.accept(k, decode(() -> RowHashes.parse(line.get(1).asText(null)), what));
            return true;
        }, what);
    }

    @Override
    public void rows(KeySpan span, List<String> columns, Consumer<Row> sink) {
        ServedTable t = served();
        String what = "rows of " + span + " of " + table();
        List<String>[] header = new List[1];
        client().stream(table(), "/spans/rows", g -> {
            g.writeStartObject();
            g.writeFieldName("span");
            WireKeys.write(g, span);
            RowCodec.writeNames(g, "columns", columns);
            g.writeEndObject();
        }, line -> {
            if (line.isObject()) {
                List<String> names = new ArrayList<>();
                line.path("columns").forEach(c -> names.add(c.asText()));
                header[0] = names;
                return false;
            }
            if (header[0] == null || !line.isArray() || line.size() != header[0].size()) {
                throw client().failure(what, "a row line does not fit the stream's header", null);
            }
            java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();
            for (int i = 0; i < line.size(); i++) {
                String c = header[0].get(i);
                JsonNode v = line.get(i);
                values.put(c, decode(() -> io.decant.wire.WireValues.read(v, t.column(c)), what));
            }
            sink.accept(new Row(values));
            return true;
        }, what);
    }

    @Override
    public void rowsAt(List<Key> keys, List<String> columns, Consumer<Row> sink) {
        RowCodec codec = new RowCodec(served());
        int batch = Math.min(READ_BATCH, served().maxKeysPerCall());
        for (int from = 0; from < keys.size(); from += batch) {
            List<Key> part = keys.subList(from, Math.min(keys.size(), from + batch));
            String what = "reading " + part.size() + " keys of " + table();
            JsonNode reply = client().post(table(), "/rows/read", g -> {
                g.writeStartObject();
                g.writeArrayFieldStart("keys");
                for (Key k : part) {
                    WireKeys.write(g, k);
                }
                g.writeEndArray();
                RowCodec.writeNames(g, "columns", columns);
                g.writeEndObject();
            }, what);
            for (JsonNode r : reply.path("rows")) {
                sink.accept(decode(() -> codec.readRow(r, columns), what));
            }
        }
    }

    private <T> T decode(java.util.function.Supplier<T> d, String what) {
        try {
            return d.get();
        } catch (WireFormatException e) {
            throw new DecantException(ErrorCode.FAILURE, "store '" + client().store() + "': " + what
                    + ": the service sent a value that does not follow the protocol: " + e.getMessage(), e);
        }
    }
}
