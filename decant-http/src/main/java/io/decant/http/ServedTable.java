package io.decant.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.store.ColumnInfo;
import io.decant.store.ValueKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A table as the service describes it ({@code GET /decant/v1/tables/{table}}): its columns with
 * their kinds (by which values are encoded), its key, its version column, the row hash functions
 * it computes and its limits.
 */
record ServedTable(String table, String engine, List<String> key, Optional<String> version, List<ColumnInfo> columns,
                   List<String> rowHashFunctions, int maxKeysPerCall, long maxLoadBytes) {

    static ServedTable of(JsonNode d, String store) {
        String protocol = d.path("protocol").asText("");
        if (!protocol.equals("decant/1")) {
            throw new DecantException(ErrorCode.FAILURE, "store '" + store + "': the service speaks protocol '" + protocol
                    + "', not decant/1");
        }
        List<String> key = new ArrayList<>();
        d.path("key").forEach(k -> key.add(k.asText()));
        List<ColumnInfo> columns = new ArrayList<>();
        for (JsonNode c : d.path("columns")) {
            ValueKind kind;
            try {
                kind = ValueKind.valueOf(c.path("kind").asText());
            } catch (IllegalArgumentException e) {
                kind = ValueKind.OTHER; // a kind added later: its values travel as text
            }
            columns.add(new ColumnInfo(c.path("name").asText(), c.path("type").asText(""), kind,
                    c.path("nullable").asBoolean(true), c.path("precision").asInt(-1), c.path("scale").asInt(-1)));
        }
        List<String> functions = new ArrayList<>();
        d.path("rowHashFunctions").forEach(f -> functions.add(f.asText()));
        if (!functions.contains("md5")) {
            functions.add("md5");
        }
        JsonNode limits = d.path("limits");
        JsonNode version = d.get("version");
        return new ServedTable(d.path("table").asText(), d.path("engine").asText("service"), List.copyOf(key),
                version == null || version.isNull() ? Optional.empty() : Optional.of(version.asText()), List.copyOf(columns),
                List.copyOf(functions), Math.max(1, limits.path("maxKeysPerCall").asInt(1000)),
                limits.path("maxLoadBytes").asLong(Long.MAX_VALUE));
    }

    /** The column of this name; FAILURE naming the table when the service has none. */
    ColumnInfo column(String name) {
        for (ColumnInfo c : columns) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new DecantException(ErrorCode.FAILURE, "the service's table " + table + " has no column '" + name + "'");
    }

    List<ColumnInfo> keyColumns() {
        return key.stream().map(this::column).toList();
    }
}
