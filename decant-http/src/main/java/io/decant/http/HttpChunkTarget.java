package io.decant.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.store.ChunkTarget;
import io.decant.store.ColumnInfo;
import io.decant.store.KeyRange;
import io.decant.store.TableRef;
import io.decant.wire.WireKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.util.List;

/**
 * The target side of a backfill chunk behind a service's API: the chunk's rows are encoded as NDJSON
 * lines while the source reads them (spilled to a temporary file past a few MiB, so memory stays
 * flat), and {@link ChunkWrite#commit()} sends them in one {@code POST …/rows/load}, which the
 * service writes in one transaction: straight into a range that holds no row yet, else merged
 * (version-guarded when the target has a version column). When a straight load meets a row written
 * meanwhile, the service loads nothing and answers {@code conflict}; the chunk is sent again in
 * merge mode. The source keeps the chunk's rows share-locked until the commit returned.
 */
final class HttpChunkTarget implements ChunkTarget {
    private final HttpStoreConnection store;
    private final TableRef target;

    HttpChunkTarget(HttpStoreConnection store, TableRef target) {
        this.store = store;
        this.target = target;
    }

    @Override
    public String method() {
        return "NDJSON chunk loads over HTTP";
    }

    @Override
    public ChunkWrite begin(KeyRange range) {
        ServedTable t = store.served(target);
        List<ColumnInfo> columns = target.columns().stream().map(t::column).toList();
        return new Write(range, columns, t.maxLoadBytes());
    }

    private final class Write implements ChunkWrite {
        private final KeyRange range;
        private final List<ColumnInfo> columns;
        private final long maxLoadBytes;
        private final SpillBuffer rows = new SpillBuffer();
        private final JsonGenerator g;
        private long count;

        Write(KeyRange range, List<ColumnInfo> columns, long maxLoadBytes) {
            this.range = range;
            this.columns = columns;
            this.maxLoadBytes = maxLoadBytes;
            try {
                this.g = ServiceClient.JSON.getFactory().createGenerator(rows);
                g.setRootValueSeparator(null); // one row a line, nothing between

            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void add(Object[] values) {
            try {
                g.writeStartArray();
                for (int i = 0; i < columns.size(); i++) {
                    RowCodec.writeValue(g, values[i], columns.get(i));
                }
                g.writeEndArray();
                g.writeRaw('\n');
                count++;
            } catch (IOException e) {
                throw new DecantException(ErrorCode.FAILURE, "buffering chunk " + range + " for store '" + store.config().name()
                        + "': " + e.getMessage(), e);
            }
        }

        @Override
        public boolean commit() {
            try {
                g.flush();
                rows.finish();
            } catch (IOException e) {
                throw new DecantException(ErrorCode.FAILURE, "buffering chunk " + range + ": " + e.getMessage(), e);
            }
            if (rows.size() > maxLoadBytes) {
                throw DecantException.badConfig("chunk " + range + " of " + target.table() + " is " + rows.size()
                        + " bytes on the wire, more than the service loads at once (" + maxLoadBytes
                        + " bytes); lower backfill.chunk-rows");
            }
            String what = "loading chunk " + range + " (" + count + " rows) into " + target.table();
            ServiceClient client = store.client();
            ServiceClient.Reply r = load("auto", what);
            if (r.status() == 409 && r.errorCode().equals("conflict")) {
                r = load("merge", what); // a row of the range was written while it loaded: nothing was; merge instead
            }
            JsonNode done = client.ok(r, what);
            if (done.path("rows").asLong(-1) != count) {
                throw client.failure(what, "the service loaded " + done.path("rows").asText("no") + " rows of the " + count
                        + " sent", null);
            }
            return done.path("merged").asBoolean(false);
        }

        private ServiceClient.Reply load(String mode, String what) {
            byte[] header = ServiceClient.json(h -> {
                h.writeStartObject();
                RowCodec.writeNames(h, "columns", target.columns());
                h.writeFieldName("range");
                WireKeys.write(h, range);
                h.writeStringField("mode", mode);
                if (target.version().isPresent()) {
                    h.writeStringField("ifNotOlder", target.version().get());
                }
                h.writeEndObject();
                h.writeRaw('\n');
            });
            return store.client().postNdjson(target.table(), "/rows/load",
                    () -> HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(header), rows.publisher()), what);
        }

        @Override
        public void close() {
            try {
                g.close();
            } catch (IOException ignored) {
                // the buffer goes anyway
            }
            rows.delete();
        }
    }
}
