package io.decant.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.decant.store.ColumnInfo;
import io.decant.store.RangeHasher;
import io.decant.wire.RowHashes;
import java.io.IOException;

/** The table as a whole: its description, its row count, and the row-hash probe. */
final class TableCalls {
    static final String PROTOCOL = "decant/1";
    private final ServedTable table;
    private final ServiceLimits limits;

    TableCalls(ServedTable table, ServiceLimits limits) {
        this.table = table;
        this.limits = limits;
    }

    void describe(ProtocolExchange ex) throws IOException {
        var columns = table.describe();
        var functions = table.hasher(RangeHasher.PORTABLE_ROW_HASH).rowHashFunctions();
        Replies.json(ex, 200, g -> {
            g.writeStartObject();
            g.writeStringField("protocol", PROTOCOL);
            g.writeStringField("table", table.name());
            g.writeStringField("engine", table.engine());
            g.writeArrayFieldStart("key");
            for (String k : table.key()) {
                g.writeString(k);
            }
            g.writeEndArray();
            g.writeFieldName("version");
            if (table.version().isPresent()) {
                g.writeString(table.version().get());
            } else {
                g.writeNull();
            }
            g.writeArrayFieldStart("columns");
            for (ColumnInfo c : columns) {
                g.writeStartObject();
                g.writeStringField("name", c.name());
                g.writeStringField("type", c.typeName());
                g.writeStringField("kind", c.kind().name());
                g.writeBooleanField("nullable", c.nullable());
                g.writeNumberField("precision", c.precision());
                g.writeNumberField("scale", c.scale());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rowHashFunctions");
            for (String f : functions) {
                g.writeString(f);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("limits");
            g.writeNumberField("maxRequestBytes", limits.maxRequestBytes());
            g.writeNumberField("maxLoadBytes", limits.maxLoadBytes());
            g.writeNumberField("maxKeysPerCall", limits.maxKeysPerCall());
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    void count(ProtocolExchange ex) throws IOException {
        long rows = table.store(java.util.List.of()).count();
        Replies.json(ex, 200, g -> {
            g.writeStartObject();
            g.writeNumberField("rows", rows);
            g.writeEndObject();
        });
    }

    void probe(ProtocolExchange ex) throws IOException {
        JsonNode req = Requests.object(ex, limits.maxRequestBytes());
        String function = Requests.text(req, "function").orElse(RangeHasher.PORTABLE_ROW_HASH);
        long hash = table.hasher(function).probe(function);
        Replies.json(ex, 200, g -> {
            g.writeStartObject();
            g.writeStringField("function", function);
            g.writeStringField("text", RangeHasher.PROBE_TEXT);
            g.writeStringField("hash", RowHashes.hex(hash));
            g.writeEndObject();
        });
    }
}
