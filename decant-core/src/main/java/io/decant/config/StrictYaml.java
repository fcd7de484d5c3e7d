package io.decant.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.decant.DecantException;
import io.decant.ErrorCode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses {@code decant.yaml} into a tree, refusing what YAML allows but a configuration must not
 * mean: a key written twice in one mapping (YAML parsers keep the last, silently), aliases
 * ({@code *name}, which Jackson would read as the anchor's name), and values past the size and
 * nesting limits.
 */
final class StrictYaml {
    static final int MAX_DEPTH = 32;
    static final int MAX_VALUE_CHARS = 64 * 1024;

    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_VALUE_CHARS).maxNumberLength(64).build())
            .build();
    /** Decimals stay exact ({@code 12.10} is not turned into a binary double): a legacy default may be a DECIMAL. */
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

    private StrictYaml() {
    }

    /** The document as a tree, or null when it is empty; {@code file} is named in messages. */
    static JsonNode parse(String text, String file) {
        try {
            scan(text, file);
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw malformed(file, e);
        } catch (IOException e) {
            throw new DecantException(ErrorCode.BAD_CONFIG, file + ": cannot parse: " + e.getMessage(), e);
        }
    }

    /** One pass over the tokens: duplicate keys (with both lines) and aliases are refused. */
    private static void scan(String text, String file) throws IOException {
        try (YAMLParser p = (YAMLParser) FACTORY.createParser(text)) {
            Deque<Map<String, Integer>> keysByMapping = new ArrayDeque<>();
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (p.isCurrentAlias()) {
                    throw DecantException.badConfig(file + ": line " + line(p) + ": the alias *" + p.getText()
                            + " is not supported; write the value out in full (anchors and aliases are refused)");
                }
                switch (t) {
                    case START_OBJECT -> keysByMapping.push(new HashMap<>());
                    case START_ARRAY -> keysByMapping.push(Map.of());
                    case END_OBJECT, END_ARRAY -> keysByMapping.pop();
                    case FIELD_NAME -> {
                        String key = p.currentName();
                        Integer first = keysByMapping.peek().putIfAbsent(key, line(p));
                        if (first != null) {
                            throw DecantException.badConfig(file + ": duplicate key '" + Identifiers.printable(key) + "'"
                                    + where(p) + " on lines " + first + " and " + line(p)
                                    + "; YAML would silently keep the last one, so write each key once");
                        }
                    }
                    case VALUE_STRING -> {
                        if (p.getTextLength() > MAX_VALUE_CHARS) {
                            throw DecantException.badConfig(file + ": line " + line(p) + ": a value of " + p.getTextLength()
                                    + " characters is longer than the " + MAX_VALUE_CHARS / 1024 + " KiB a value may have");
                        }
                    }
                    default -> {
                    }
                }
            }
        }
    }

    /** " in stores.legacy" for a key below the top level, from the parser's context. */
    private static String where(JsonParser p) {
        StringBuilder b = new StringBuilder();
        var ctx = p.getParsingContext().getParent();
        while (ctx != null && !ctx.inRoot()) {
            if (ctx.inObject() && ctx.getCurrentName() != null) {
                b.insert(0, b.length() == 0 ? ctx.getCurrentName() : ctx.getCurrentName() + ".");
            } else if (ctx.inArray()) {
                b.insert(0, b.length() == 0 ? "[" + ctx.getCurrentIndex() + "]" : "[" + ctx.getCurrentIndex() + "].");
            }
            ctx = ctx.getParent();
        }
        return b.length() == 0 ? " at the top level" : " in " + Identifiers.printable(b.toString());
    }

    private static int line(JsonParser p) {
        JsonLocation l = p.currentTokenLocation();
        return l == null ? 0 : l.getLineNr();
    }

    private static DecantException malformed(String file, JsonProcessingException e) {
        String loc = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr();
        String message = e.getOriginalMessage();
        if (message != null && message.contains("exceeds the maximum allowed")) {
            message = message + " (a value may be at most " + MAX_VALUE_CHARS / 1024 + " KiB, nesting at most " + MAX_DEPTH
                    + " levels)";
        }
        return new DecantException(ErrorCode.BAD_CONFIG, file + ": malformed YAML" + loc + ": " + message, e);
    }
}
