package io.decant.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.spi.Row;
import io.decant.store.ColumnInfo;
import io.decant.store.HashColumn;
import io.decant.wire.WireValues;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rows of a served table in JSON, each value encoded by its column's kind with the protocol's codec ({@link WireValues}). */
final class RowCodec {
    private final ServedTable table;

    RowCodec(ServedTable table) {
        this.table = table;
    }

    /** Writes a row as an object of its columns. */
    void writeRow(JsonGenerator g, Row row) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, Object> e : row.values().entrySet()) {
            g.writeFieldName(e.getKey());
            writeValue(g, e.getValue(), table.column(e.getKey()));
        }
        g.writeEndObject();
    }

    /** Writes one value of {@code column}; FAILURE naming the column when the value is not of its kind. */
    static void writeValue(JsonGenerator g, Object v, ColumnInfo column) throws IOException {
        try {
            WireValues.write(g, v, column.kind());
        } catch (ClassCastException | IllegalStateException | IllegalArgumentException | java.time.DateTimeException e) {
            throw new DecantException(ErrorCode.FAILURE, "column '" + column.name() + "' (" + column.kind() + "): a "
                    + v.getClass().getSimpleName() + " value cannot be written into it", e);
        }
    }

    /** A row object read with {@code columns}, in that order. */
    Row readRow(JsonNode n, List<String> columns) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String c : columns) {
            JsonNode v = n.get(c);
            if (v == null) {
                throw new DecantException(ErrorCode.FAILURE, "the service's table " + table.table() + " sent a row without column '"
                        + c + "'");
            }
            values.put(c, WireValues.read(v, table.column(c)));
        }
        return new Row(values);
    }

    /** Writes the hashed columns {@code [{"column": name, "as": kind}, …]}. */
    static void writeHashColumns(JsonGenerator g, String field, List<HashColumn> columns) throws IOException {
        g.writeArrayFieldStart(field);
        for (HashColumn c : columns) {
            g.writeStartObject();
            g.writeStringField("column", c.column());
            g.writeStringField("as", c.encodeAs().name());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    static void writeNames(JsonGenerator g, String field, List<String> names) throws IOException {
        g.writeArrayFieldStart(field);
        for (String n : names) {
            g.writeString(n);
        }
        g.writeEndArray();
    }
}
