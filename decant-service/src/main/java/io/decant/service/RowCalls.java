package io.decant.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.decant.spi.Key;
import io.decant.spi.Row;
import io.decant.store.RangeHasher;
import io.decant.store.TableStore;
import io.decant.wire.WireKeys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Rows by key: read, upsert (optionally version-guarded), compare-and-set, delete. Each row of an
 * upsert or delete is its own transaction, reported one by one; every write sets a state, so a
 * retried call leaves the same state.
 */
final class RowCalls {
    private final ServedTable table;
    private final ServiceLimits limits;

    RowCalls(ServedTable table, ServiceLimits limits) {
        this.table = table;
        this.limits = limits;
    }

    private WireKeys keys() {
        return new WireKeys(table.keyColumns());
    }

    void read(ProtocolExchange ex) throws IOException {
        JsonNode req = Requests.object(ex, limits.maxRequestBytes());
        List<Key> keys = Requests.keys(keys(), req.get("keys"), limits.maxKeysPerCall());
        List<String> columns = Requests.columns(req.get("columns"), table, table.columnNames());
        List<Row> rows = new ArrayList<>();
        table.hasher(RangeHasher.PORTABLE_ROW_HASH).rowsAt(keys, columns, rows::add);
        Replies.json(ex, 200, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("rows");
            for (Row r : rows) {
                Requests.writeRow(g, r, table);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    void upsert(ProtocolExchange ex) throws IOException {
        JsonNode req = Requests.object(ex, limits.maxRequestBytes());
        JsonNode rowsNode = req.get("rows");
        if (rowsNode == null || !rowsNode.isArray()) {
            throw ProtocolError.badRequest("'rows' must be an array of row objects");
        }
        if (rowsNode.size() > limits.maxKeysPerCall()) {
            throw new ProtocolError(ProtocolError.Code.TOO_LARGE, rowsNode.size() + " rows in one call; at most " + limits.maxKeysPerCall());
        }
        Optional<String> guard = Requests.text(req, "ifNotOlder");
        guard.ifPresent(table::column);
        List<Row> rows = new ArrayList<>();
        rowsNode.forEach(n -> rows.add(Requests.row(n, table)));
        TableStore store = table.store(List.of());
        List<Boolean> written = new ArrayList<>();
        for (Row r : rows) {
            if (guard.isPresent()) {
                if (!r.has(guard.get())) {
                    throw ProtocolError.badRequest("a version-guarded row must hold the version column '" + guard.get() + "'");
                }
                written.add(store.upsertIfNotOlder(r, guard.get()));
            } else {
                store.upsert(r);
                written.add(true);
            }
        }
        Replies.json(ex, 200, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("results");
            for (int i = 0; i < rows.size(); i++) {
                g.writeStartObject();
                g.writeFieldName("key");
                WireKeys.write(g, store.ref().keyOf(rows.get(i)));
                g.writeStringField("outcome", written.get(i) ? "written" : "kept_newer");
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    void replace(ProtocolExchange ex) throws IOException {
        JsonNode req = Requests.object(ex, limits.maxRequestBytes());
        Key key = keys().key(req.get("key"));
        if (!req.has("expected") || !req.has("replacement")) {
            throw ProtocolError.badRequest("'expected' and 'replacement' are required (null for an absent row)");
        }
        Optional<Row> expected = Optional.ofNullable(Requests.row(req.get("expected"), table));
        Optional<Row> replacement = Optional.ofNullable(Requests.row(req.get("replacement"), table));
        List<String> fallback = expected.or(() -> replacement).map(r -> List.copyOf(r.values().keySet())).orElse(table.columnNames());
        List<String> columns = Requests.columns(req.get("columns"), table, fallback);
        TableStore store = table.store(columns);
        if (expected.isPresent() && !new java.util.HashSet<>(store.ref().columns()).equals(expected.get().values().keySet())) {
            throw ProtocolError.badRequest("the expected row must hold exactly the compared columns " + store.ref().columns());
        }
        replacement.ifPresent(r -> {
            if (!store.ref().keyOf(r).equals(key)) {
                throw ProtocolError.badRequest("the replacement row's key is not " + key.encode());
            }
        });
        boolean replaced = store.replace(key, expected, replacement);
        Replies.json(ex, 200, g -> {
            g.writeStartObject();
            g.writeBooleanField("replaced", replaced);
            g.writeEndObject();
        });
    }

    void delete(ProtocolExchange ex) throws IOException {
        JsonNode req = Requests.object(ex, limits.maxRequestBytes());
        List<Key> keys = Requests.keys(keys(), req.get("keys"), limits.maxKeysPerCall());
        TableStore store = table.store(List.of());
        List<Boolean> deleted = new ArrayList<>(keys.size());
        for (Key k : keys) {
            deleted.add(store.delete(k));
        }
        Replies.json(ex, 200, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("results");
            Iterator<Boolean> d = deleted.iterator();
            for (Key k : keys) {
                g.writeStartObject();
                g.writeFieldName("key");
                WireKeys.write(g, k);
                g.writeBooleanField("deleted", d.next());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }
}
