package io.decant.jdbc.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.VerifyReport.Difference;
import io.decant.VerifyReport.Kind;
import io.decant.spi.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The JSON a verification span is stored with: its part cuts (an array of keys, each a JSON array)
 * and its first differences ({@code [{"kind": …, "key": […], "columns": […], "repaired": …}]}).
 */
final class SpanJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SpanJson() {
    }

    static String keys(List<Key> keys) {
        ArrayNode a = JSON.createArrayNode();
        for (Key k : keys) {
            a.add(tree(k.encode()));
        }
        return a.toString();
    }

    static List<Key> parseKeys(String json) {
        if (json == null) {
            return List.of();
        }
        List<Key> out = new ArrayList<>();
        for (JsonNode n : tree(json)) {
            out.add(Key.decode(n.toString()));
        }
        return out;
    }

    static String differences(List<Difference> differences) {
        ArrayNode a = JSON.createArrayNode();
        for (Difference d : differences) {
            ObjectNode o = a.addObject();
            o.put("kind", d.kind().name());
            o.set("key", tree(d.key().encode()));
            ArrayNode columns = o.putArray("columns");
            d.columns().forEach(columns::add);
            o.put("repaired", d.repaired());
        }
        return a.toString();
    }

    static List<Difference> parseDifferences(String json) {
        List<Difference> out = new ArrayList<>();
        for (JsonNode o : tree(json)) {
            List<String> columns = new ArrayList<>();
            o.get("columns").forEach(c -> columns.add(c.asText()));
            out.add(new Difference(Kind.valueOf(o.get("kind").asText()), Key.decode(o.get("key").toString()), columns,
                    o.get("repaired").asBoolean()));
        }
        return out;
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new DecantException(ErrorCode.FAILURE, "a verification span in the control store holds malformed JSON ("
                    + e.getOriginalMessage() + "); start a new run with decant verify --restart", e);
        }
    }

    /** The first differences by key order, at most {@code limit}, from differences added in any order. */
    static final class FirstDifferences {
        private final int limit;
        private final TreeMap<Key, Difference> first = new TreeMap<>();

        FirstDifferences(int limit) {
            this.limit = limit;
        }

        void add(Difference d) {
            if (limit <= 0) {
                return;
            }
            first.put(d.key(), d);
            if (first.size() > limit) {
                first.pollLastEntry();
            }
        }

        List<Difference> list() {
            return new ArrayList<>(first.values());
        }
    }
}
