package io.decant.service;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.decant.spi.Row;
import io.decant.store.ColumnInfo;
import io.decant.wire.WireValues;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading request bodies: bounded JSON documents, column lists and rows. */
final class Requests {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private Requests() {
    }

    /** The request body as one JSON object, read up to {@code limit} bytes. */
    static JsonNode object(ProtocolExchange ex, long limit) throws IOException {
        try (InputStream in = new BoundedBody(ex.body(), limit)) {
            JsonNode n = MAPPER.readTree(in);
            if (n == null || !n.isObject()) {
                throw ProtocolError.badRequest("the request body must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw ProtocolError.badRequest("the request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** A JSON array of at most {@code max} keys (too_large beyond). */
    static List<io.decant.spi.Key> keys(io.decant.wire.WireKeys wire, JsonNode n, int max) {
        if (n != null && n.isArray() && n.size() > max) {
            throw new ProtocolError(ProtocolError.Code.TOO_LARGE, n.size() + " keys in one call; at most " + max);
        }
        return wire.keys(n);
    }

    /** A list of column names ({@code fallback} when absent), each a column of the table. */
    static List<String> columns(JsonNode n, ServedTable table, List<String> fallback) {
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isArray() || n.isEmpty()) {
            throw ProtocolError.badRequest("'columns' must be a non-empty array of column names");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode c : n) {
            if (!c.isTextual()) {
                throw ProtocolError.badRequest("'columns' must hold column names");
            }
            table.column(c.textValue());
            out.add(c.textValue());
        }
        return List.copyOf(out);
    }

    /** A row object {@code {"column": value, …}}; null for JSON null. */
    static Row row(JsonNode n, ServedTable table) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw ProtocolError.badRequest("a row is a JSON object of column names and values");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            values.put(e.getKey(), WireValues.read(e.getValue(), table.column(e.getKey())));
        }
        for (String k : table.key()) {
            if (values.get(k) == null) {
                throw ProtocolError.badRequest("a row must hold a value for every key column " + table.key());
            }
        }
        return new Row(values);
    }

    /** Writes a row as an object, in the row's column order. */
    static void writeRow(JsonGenerator g, Row row, ServedTable table) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, Object> e : row.values().entrySet()) {
            g.writeFieldName(e.getKey());
            WireValues.write(g, e.getValue(), table.column(e.getKey()).kind());
        }
        g.writeEndObject();
    }

    /** Writes a row's values as an array in the order of {@code columns}. */
    static void writeValues(JsonGenerator g, Row row, List<ColumnInfo> columns) throws IOException {
        g.writeStartArray();
        for (ColumnInfo c : columns) {
            WireValues.write(g, row.get(c.name()), c.kind());
        }
        g.writeEndArray();
    }

    /** A positive integer field, at most {@code max}. */
    static int positive(JsonNode n, String field, int max) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < 1 || v.intValue() > max) {
            throw ProtocolError.badRequest("'" + field + "' must be an integer from 1 to " + max);
        }
        return v.intValue();
    }

    /** An optional text field. */
    static java.util.Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return java.util.Optional.empty();
        }
        if (!v.isTextual()) {
            throw ProtocolError.badRequest("'" + field + "' must be a string");
        }
        return java.util.Optional.of(v.textValue());
    }
}
