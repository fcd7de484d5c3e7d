package io.decant.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.decant.jdbc.StoreFailures;
import io.decant.jdbc.backfill.RangeLoad;
import io.decant.store.ChunkCopy;
import io.decant.store.ColumnInfo;
import io.decant.store.KeyRange;
import io.decant.wire.WireKeys;
import io.decant.wire.WireValues;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The bulk load of a chunk: an NDJSON body whose first line says what is loaded
 * ({@code {"columns": […], "range": {…}, "mode": "auto"|"merge", "ifNotOlder": column}}) and whose
 * other lines are rows (arrays of values in that column order), loaded in one transaction as they
 * arrive. {@code auto} loads straight into a range that holds no row yet and merges otherwise;
 * when a straight load meets a row written meanwhile, nothing is written and the call answers
 * {@code conflict}: load again with {@code merge}.
 */
final class LoadCall {
    private final ServedTable table;
    private final ServiceLimits limits;

    LoadCall(ServedTable table, ServiceLimits limits) {
        this.table = table;
        this.limits = limits;
    }

    void load(ProtocolExchange ex) throws IOException {
        ChunkCopy done;
        try (InputStream in = new BoundedBody(ex.body(), limits.maxLoadBytes());
             JsonParser p = Requests.MAPPER.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw ProtocolError.badRequest("a load's first line is an object {\"columns\", \"range\", \"mode\", \"ifNotOlder\"}");
            }
            JsonNode header = Requests.MAPPER.readTree(p);
            List<String> names = Requests.columns(header.get("columns"), table, table.columnNames());
            KeyRange range = new WireKeys(table.keyColumns()).range(header.get("range"));
            String mode = Requests.text(header, "mode").orElse("auto");
            if (!mode.equals("auto") && !mode.equals("merge")) {
                throw ProtocolError.badRequest("'mode' is auto or merge, not '" + mode + "'");
            }
            Optional<String> guard = Requests.text(header, "ifNotOlder");
            List<ColumnInfo> columns = names.stream().map(table::column).toList();
            RangeLoad loader = table.loader(names, guard);
            done = loader.load(range, mode.equals("merge"), () -> next(p, columns));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ProtocolError.badRequest("a load line is not valid JSON: " + e.getOriginalMessage());
        } catch (SQLException e) {
            if (StoreFailures.isUniqueViolation(e)) {
                throw new ProtocolError(ProtocolError.Code.CONFLICT, "a row of the range was written while it loaded;"
                        + " nothing was loaded: load it again with mode merge", e);
            }
            throw io.decant.service.StoreErrors.classify(e);
        }
        Replies.json(ex, 200, g -> {
            g.writeStartObject();
            g.writeNumberField("rows", done.rows());
            g.writeBooleanField("merged", done.merged());
            g.writeEndObject();
        });
    }

    /** The next row's values, or null at the end of the body. */
    private static Object[] next(JsonParser p, List<ColumnInfo> columns) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            return null;
        }
        if (t != JsonToken.START_ARRAY) {
            throw ProtocolError.badRequest("a load row is a JSON array of " + columns.size() + " values");
        }
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
            if (p.nextToken() == JsonToken.END_ARRAY) {
                throw ProtocolError.badRequest("a load row has " + i + " values; " + columns.size() + " columns were named");
            }
            row[i] = WireValues.read(p, columns.get(i));
        }
        if (p.nextToken() != JsonToken.END_ARRAY) {
            throw ProtocolError.badRequest("a load row has more than the " + columns.size() + " values of its columns");
        }
        return row;
    }
}
