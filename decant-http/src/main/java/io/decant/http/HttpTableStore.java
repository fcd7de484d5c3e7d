package io.decant.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.spi.Key;
import io.decant.spi.Row;
import io.decant.store.ColumnInfo;
import io.decant.store.TableLocation;
import io.decant.store.TableRef;
import io.decant.store.TableStore;
import io.decant.wire.WireFormatException;
import io.decant.wire.WireKeys;
import java.util.List;
import java.util.Optional;

/**
 * A table behind a service's API: each operation one call of the store protocol, one transaction
 * in the service's database (a compare-and-set locks the row there between its comparison and its
 * write). Values travel encoded by the service's column kinds, so a row fetched here compares with
 * a row fetched from a database store holding the same values.
 */
final class HttpTableStore implements TableStore {
    private final HttpStoreConnection store;
    private final TableRef ref;

    HttpTableStore(HttpStoreConnection store, TableRef ref) {
        this.store = store;
        this.ref = ref;
    }

    @Override
    public TableRef ref() {
        return ref;
    }

    private ServiceClient client() {
        return store.client();
    }

    private ServedTable served() {
        return store.served(ref);
    }

    @Override
    public Optional<List<ColumnInfo>> describe() {
        return store.describe(ref.table()).map(ServedTable::columns);
    }

    @Override
    public Optional<TableLocation> locate() {
        return store.describe(ref.table()).map(t -> new TableLocation(client().baseUrl(), t.table()));
    }

    @Override
    public void ping() {
        ServiceClient.Reply r = client().getReply(ref.table(), "", "pinging");
        if (r.status() != 200 && !(r.status() == 404 && r.errorCode().equals("not_found"))) {
            throw client().failure(r, "pinging");
        }
    }

    @Override
    public Optional<Row> fetch(Key key) {
        ServedTable t = served();
        JsonNode reply = client().post(ref.table(), "/rows/read", g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("keys");
            WireKeys.write(g, key);
            g.writeEndArray();
            RowCodec.writeNames(g, "columns", ref.columns());
            g.writeEndObject();
        }, "reading key " + key + " of " + ref.table());
        JsonNode rows = reply.path("rows");
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(read(() -> new RowCodec(t).readRow(rows.get(0), ref.columns()), "reading key " + key));
    }

    @Override
    public void upsert(Row row) {
        upsert(row, Optional.empty());
    }

    @Override
    public boolean upsertIfNotOlder(Row row, String versionColumn) {
        return upsert(row, Optional.of(versionColumn));
    }

    private boolean upsert(Row row, Optional<String> guard) {
        RowCodec codec = new RowCodec(served());
        String what = "writing key " + ref.keyOf(row) + " of " + ref.table();
        JsonNode reply = client().post(ref.table(), "/rows/upsert", g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("rows");
            codec.writeRow(g, row);
            g.writeEndArray();
            if (guard.isPresent()) {
                g.writeStringField("ifNotOlder", guard.get());
            }
            g.writeEndObject();
        }, what);
        String outcome = reply.path("results").path(0).path("outcome").asText("");
        return switch (outcome) {
            case "written" -> true;
            case "kept_newer" -> false;
            default -> throw client().failure(what, "the reply has no outcome for the row", null);
        };
    }

    @Override
    public boolean replace(Key key, Optional<Row> expected, Optional<Row> replacement) {
        RowCodec codec = new RowCodec(served());
        String what = "compare-and-set of key " + key + " of " + ref.table();
        ServiceClient.Reply r = client().postReply(ref.table(), "/rows/replace", g -> {
            g.writeStartObject();
            g.writeFieldName("key");
            WireKeys.write(g, key);
            RowCodec.writeNames(g, "columns", ref.columns());
            g.writeFieldName("expected");
            if (expected.isPresent()) {
                codec.writeRow(g, expected.get());
            } else {
                g.writeNull();
            }
            g.writeFieldName("replacement");
            if (replacement.isPresent()) {
                codec.writeRow(g, replacement.get());
            } else {
                g.writeNull();
            }
            g.writeEndObject();
        }, what);
        boolean replaced = client().ok(r, what).path("replaced").asBoolean(false);
        if (!replaced && r.attempts() > 1) {
            // a retried compare-and-set says false when the lost first attempt took: the key's state tells
            return Row.sameState(fetch(key), replacement);
        }
        return replaced;
    }

    @Override
    public boolean delete(Key key) {
        JsonNode reply = client().post(ref.table(), "/rows/delete", g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("keys");
            WireKeys.write(g, key);
            g.writeEndArray();
            g.writeEndObject();
        }, "deleting key " + key + " of " + ref.table());
        return reply.path("results").path(0).path("deleted").asBoolean(false);
    }

    @Override
    public long count() {
        JsonNode reply = client().get(ref.table(), "/count", "counting the rows of " + ref.table());
        JsonNode rows = reply.get("rows");
        if (rows == null || !rows.canConvertToLong()) {
            throw client().failure("counting the rows of " + ref.table(), "the reply has no row count", null);
        }
        return rows.longValue();
    }

    private <T> T read(java.util.function.Supplier<T> decode, String what) {
        try {
            return decode.get();
        } catch (WireFormatException e) {
            throw new DecantException(ErrorCode.FAILURE, "store '" + client().store() + "': " + what
                    + ": the service sent a value that does not follow the protocol: " + e.getMessage(), e);
        }
    }
}
