package io.decant.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.decant.DecantException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code decant.yaml} strictly: every key is known, every value has the right shape, and a
 * message names the file, the key and the fix. Values then go through the same validating
 * constructors that Java users call.
 */
final class ConfigFile {
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final String file;
    private final Map<String, String> env;

    private ConfigFile(String file, Map<String, String> env) {
        this.file = file;
        this.env = env;
    }

    static DecantConfig read(Path path, Map<String, String> env) {
        return parse(ConfigFileText.read(path), path, env);
    }

    static DecantConfig parse(String text, Path path, Map<String, String> env) {
        return parse(text, path == null ? "decant.yaml" : path.toString(), path, env);
    }

    static DecantConfig parse(String text, String origin, Path path, Map<String, String> env) {
        ConfigFile reader = new ConfigFile(origin, env);
        JsonNode root;
        try {
            root = StrictYaml.parse(text, reader.file);
        } catch (NoClassDefFoundError e) {
            throw DecantException.badConfig("reading " + reader.file + " needs the YAML parser on the class path: add"
                    + " com.fasterxml.jackson.dataformat:jackson-dataformat-yaml to the application (the CLI and the"
                    + " Spring Boot starter bring it), or build the DecantConfig in code");
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw DecantException.badConfig(reader.file + ": the file is empty; it needs stores: and migrations:");
        }
        try {
            return reader.config(root, path);
        } catch (DecantException e) {
            if (e.getMessage().startsWith(reader.file)) {
                throw e;
            }
            throw new DecantException(e.code(), reader.file + ": " + e.getMessage(), e.details(), e.getCause());
        }
    }

    private DecantConfig config(JsonNode root, Path path) {
        object(root, "(top level)");
        keys(root, "(top level)", Set.of("control", "stores", "migrations", "instances"));
        Map<String, StoreConfig> stores = new LinkedHashMap<>();
        JsonNode storesNode = root.get("stores");
        if (storesNode == null) {
            throw DecantException.badConfig("stores: is missing; define at least one store with a url");
        }
        object(storesNode, "stores");
        for (Iterator<Map.Entry<String, JsonNode>> it = storesNode.fields(); it.hasNext(); ) {
            var e = it.next();
            stores.put(e.getKey(), store(e.getKey(), e.getValue()));
        }
        Map<String, MigrationConfig> migrations = new LinkedHashMap<>();
        JsonNode migNode = root.get("migrations");
        if (migNode != null && !migNode.isNull()) {
            object(migNode, "migrations");
            for (Iterator<Map.Entry<String, JsonNode>> it = migNode.fields(); it.hasNext(); ) {
                var e = it.next();
                migrations.put(e.getKey(), migration(e.getKey(), e.getValue()));
            }
        }
        InstanceSettings instances = instances(root.get("instances"));
        String control = optText(root, "control", "control").orElse(null);
        return new DecantConfig(control, stores, migrations, instances, Optional.ofNullable(path));
    }

    private StoreConfig store(String name, JsonNode n) {
        String where = "stores." + name;
        Identifiers.name(name, where);
        object(n, where);
        keys(n, where, Set.of("url", "user", "password", "token", "pool-size", "read-timeout", "time-zone"));
        String url = optText(n, "url", where + ".url").orElse(null);
        Optional<String> password = optText(n, "password", where + ".password");
        Optional<String> token = optText(n, "token", where + ".token");
        if (token.isPresent() && password.isPresent()) {
            throw DecantException.badConfig(where + ": give either token: (a service's bearer token) or password:, not both");
        }
        if (token.isPresent() && url != null && !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw DecantException.badConfig(where + ".token: only a service's store (an http:// or https:// url) takes a"
                    + " bearer token; a database takes user: and password:");
        }
        Optional<java.time.Duration> readTimeout = optText(n, "read-timeout", where + ".read-timeout")
                .map(s -> Durations.parse(s, where + ".read-timeout"));
        if (readTimeout.isPresent() && url != null && !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw DecantException.badConfig(where + ".read-timeout: only a service's store (an http:// or https:// url) takes a"
                    + " read timeout; a database's timeouts go in its JDBC URL (e.g. socketTimeout)");
        }
        Optional<java.time.ZoneId> timeZone = optText(n, "time-zone", where + ".time-zone").map(z -> TimeZones.parse(z, where + ".time-zone"));
        if (timeZone.isPresent() && url != null && (url.startsWith("http://") || url.startsWith("https://"))) {
            throw DecantException.badConfig(where + ".time-zone: a service's store reads and writes its own values; set the zone"
                    + " of its zone-less columns where the service serves its table (decant-service), not here");
        }
        return new StoreConfig(name, url, optText(n, "user", where + ".user").orElse(null),
                password.or(() -> token).orElse(null),
                intOr(n, "pool-size", where + ".pool-size", StoreConfig.DEFAULT_POOL_SIZE),
                readTimeout.orElse(StoreConfig.DEFAULT_READ_TIMEOUT), timeZone.orElse(null));
    }

    private MigrationConfig migration(String name, JsonNode n) {
        String where = "migrations." + name;
        Identifiers.name(name, where);
        object(n, where);
        keys(n, where, Set.of("source", "target", "columns", "row-mapper", "backfill", "shadow", "verify",
                "retire", "intents", "guards", "legacy-defaults"));
        TableConfig source = table(n.get("source"), where + ".source", true);
        TableConfig target = table(n.get("target"), where + ".target", false);
        Map<String, String> columns = new LinkedHashMap<>();
        JsonNode cols = n.get("columns");
        if (cols != null && !cols.isNull()) {
            object(cols, where + ".columns");
            for (Iterator<Map.Entry<String, JsonNode>> it = cols.fields(); it.hasNext(); ) {
                var e = it.next();
                String colWhere = where + ".columns." + e.getKey();
                if (!e.getValue().isTextual()) {
                    throw DecantException.badConfig(colWhere + ": expected the source column's name (target column: source column)");
                }
                columns.put(e.getKey(), substitute(e.getValue().asText(), colWhere));
            }
        }
        IntentMode intents = optText(n, "intents", where + ".intents").map(s -> switch (s) {
            case "sync" -> IntentMode.SYNC;
            case "async" -> IntentMode.ASYNC;
            default -> throw DecantException.badConfig(where + ".intents: '" + s + "' must be sync or async");
        }).orElse(IntentMode.SYNC);
        return new MigrationConfig(name, source, target, columns, optText(n, "row-mapper", where + ".row-mapper"),
                backfill(n.get("backfill"), where + ".backfill"), shadow(n.get("shadow"), where + ".shadow"),
                verify(n.get("verify"), where + ".verify"), retire(n.get("retire"), where + ".retire"), intents,
                guards(n.get("guards"), where + ".guards"), legacyDefaults(n.get("legacy-defaults"), where + ".legacy-defaults"));
    }

    /** {@code legacy-defaults:}: legacy column → a scalar (kept as text; converted by the column's kind at init). */
    private Map<String, String> legacyDefaults(JsonNode n, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        object(n, where);
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            var e = it.next();
            String colWhere = where + "." + Identifiers.printable(e.getKey());
            JsonNode v = e.getValue();
            if (v == null || v.isNull() || !v.isValueNode() || v.isBinary()) {
                throw DecantException.badConfig(colWhere + ": expected a value for the legacy column (a number, text,"
                        + " true/false, an ISO date or timestamp, or now); a column that may be NULL needs no default");
            }
            out.put(e.getKey(), substitute(v.asText(), colWhere));
        }
        return out;
    }

    private TableConfig table(JsonNode n, String where, boolean isSource) {
        if (n == null || n.isNull()) {
            throw DecantException.badConfig(where + " is missing; write it as { store: NAME, table: TABLE, key: [COLUMN] }");
        }
        object(n, where);
        keys(n, where, isSource ? Set.of("store", "table", "key", "version", "key-sequence")
                : Set.of("store", "table", "key", "key-sequence"));
        String store = optText(n, "store", where + ".store")
                .orElseThrow(() -> DecantException.badConfig(where + ".store is missing; name one of the stores"));
        String table = optText(n, "table", where + ".table")
                .orElseThrow(() -> DecantException.badConfig(where + ".table is missing"));
        JsonNode keyNode = n.get("key");
        if (keyNode == null || keyNode.isNull()) {
            throw DecantException.badConfig(where + ".key is missing; list the key columns, e.g. key: [id]");
        }
        List<String> key = new ArrayList<>();
        if (keyNode.isTextual()) {
            key.add(substitute(keyNode.asText(), where + ".key"));
        } else if (keyNode.isArray()) {
            for (JsonNode k : keyNode) {
                if (!k.isTextual()) {
                    throw DecantException.badConfig(where + ".key: every entry must be a column name");
                }
                key.add(substitute(k.asText(), where + ".key"));
            }
        } else {
            throw DecantException.badConfig(where + ".key: expected a list of column names, e.g. [id]");
        }
        try {
            return new TableConfig(store, table, key, optText(n, "version", where + ".version"),
                    optText(n, "key-sequence", where + ".key-sequence"));
        } catch (DecantException e) {
            throw DecantException.badConfig(where + ": " + e.getMessage());
        }
    }

    private BackfillSettings backfill(JsonNode n, String where) {
        BackfillSettings d = BackfillSettings.defaults();
        if (n == null || n.isNull()) {
            return d;
        }
        object(n, where);
        keys(n, where, Set.of("chunk-rows", "max-rows-per-second", "workers", "lease-timeout", "max-source-load",
                "max-source-lag"));
        return new BackfillSettings(intOr(n, "chunk-rows", where + ".chunk-rows", d.chunkRows()),
                longOr(n, "max-rows-per-second", where + ".max-rows-per-second", d.maxRowsPerSecond()),
                intOr(n, "workers", where + ".workers", d.workers()),
                optText(n, "lease-timeout", where + ".lease-timeout").map(s -> Durations.parse(s, where + ".lease-timeout"))
                        .orElse(d.leaseTimeout()),
                longOr(n, "max-source-load", where + ".max-source-load", d.maxSourceLoad()),
                optText(n, "max-source-lag", where + ".max-source-lag").map(s -> Durations.parse(s, where + ".max-source-lag"))
                        .orElse(d.maxSourceLag()));
    }

    private ShadowSettings shadow(JsonNode n, String where) {
        ShadowSettings d = ShadowSettings.defaults();
        if (n == null || n.isNull()) {
            return d;
        }
        object(n, where);
        keys(n, where, Set.of("sample-percent", "min-samples", "consistency", "recheck-delay", "ramp-percent", "parallelism"));
        return new ShadowSettings(optDouble(n, "sample-percent", where + ".sample-percent").orElse(d.samplePercent()),
                longOr(n, "min-samples", where + ".min-samples", d.minSamples()),
                optDouble(n, "consistency", where + ".consistency").orElse(d.consistency()),
                optText(n, "recheck-delay", where + ".recheck-delay").map(s -> Durations.parse(s, where + ".recheck-delay"))
                        .orElse(d.recheckDelay()),
                optDouble(n, "ramp-percent", where + ".ramp-percent").orElse(d.rampPercent()),
                intOr(n, "parallelism", where + ".parallelism", d.parallelism()));
    }

    private VerifySettings verify(JsonNode n, String where) {
        VerifySettings d = VerifySettings.defaults();
        if (n == null || n.isNull()) {
            return d;
        }
        object(n, where);
        keys(n, where, Set.of("max-age", "recheck-delay", "chunk-rows", "lease-timeout"));
        return new VerifySettings(
                optText(n, "max-age", where + ".max-age").map(s -> Durations.parse(s, where + ".max-age")).orElse(d.maxAge()),
                optText(n, "recheck-delay", where + ".recheck-delay").map(s -> Durations.parse(s, where + ".recheck-delay"))
                        .orElse(d.recheckDelay()),
                intOr(n, "chunk-rows", where + ".chunk-rows", d.chunkRows()),
                optText(n, "lease-timeout", where + ".lease-timeout").map(s -> Durations.parse(s, where + ".lease-timeout"))
                        .orElse(d.leaseTimeout()));
    }

    private RetireSettings retire(JsonNode n, String where) {
        RetireSettings d = RetireSettings.defaults();
        if (n == null || n.isNull()) {
            return d;
        }
        object(n, where);
        keys(n, where, Set.of("batch-rows", "max-rows-per-second"));
        return new RetireSettings(intOr(n, "batch-rows", where + ".batch-rows", d.batchRows()),
                longOr(n, "max-rows-per-second", where + ".max-rows-per-second", d.maxRowsPerSecond()));
    }

    private Set<Guard> guards(JsonNode n, String where) {
        Set<Guard> off = EnumSet.noneOf(Guard.class);
        if (n == null || n.isNull()) {
            return off;
        }
        object(n, where);
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            var e = it.next();
            Guard g = Guard.byConfigName(e.getKey()).orElseThrow(() -> DecantException.badConfig(where + "."
                    + e.getKey() + ": unknown guard; known guards: " + String.join(", ",
                    java.util.Arrays.stream(Guard.values()).map(Guard::configName).toList())));
            if (!e.getValue().isBoolean()) {
                throw DecantException.badConfig(where + "." + e.getKey() + ": expected true or false");
            }
            if (!e.getValue().asBoolean()) {
                off.add(g);
            }
        }
        return off;
    }

    private InstanceSettings instances(JsonNode n) {
        InstanceSettings d = InstanceSettings.defaults();
        if (n == null || n.isNull()) {
            return d;
        }
        String where = "instances";
        object(n, where);
        keys(n, where, Set.of("heartbeat", "phase-poll", "dead-after"));
        return new InstanceSettings(
                optText(n, "heartbeat", "instances.heartbeat").map(s -> Durations.parse(s, "instances.heartbeat")).orElse(d.heartbeat()),
                optText(n, "phase-poll", "instances.phase-poll").map(s -> Durations.parse(s, "instances.phase-poll")).orElse(d.phasePoll()),
                optText(n, "dead-after", "instances.dead-after").map(s -> Durations.parse(s, "instances.dead-after")).orElse(d.deadAfter()));
    }

    // --- shape checks -------------------------------------------------------------------------

    private static void object(JsonNode n, String where) {
        if (n == null || !n.isObject()) {
            throw DecantException.badConfig(where + ": expected a mapping of keys to values");
        }
    }

    private static void keys(JsonNode n, String where, Set<String> allowed) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw DecantException.badConfig(where + ": unknown key '" + Identifiers.printable(k) + "'; allowed keys: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private Optional<String> optText(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isValueNode() || v.isBinary()) {
            throw DecantException.badConfig(where + ": expected a text value");
        }
        return Optional.of(substitute(v.asText(), where));
    }

    private long longOr(JsonNode n, String key, String where, long dflt) {
        return wholeNumber(n, key, where, dflt, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private int intOr(JsonNode n, String key, String where, long dflt) {
        return (int) wholeNumber(n, key, where, dflt, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** A whole number within [min, max]; one past either end is refused, never wrapped around. */
    private long wholeNumber(JsonNode n, String key, String where, long dflt, long min, long max) {
        Optional<String> s = optText(n, key, where);
        if (s.isEmpty()) {
            return dflt;
        }
        String digits = s.get().trim().replace("_", "");
        if (!digits.matches("[+-]?[0-9]{1,40}")) {
            throw DecantException.badConfig(where + ": '" + Identifiers.printable(s.get()) + "' is not a whole number");
        }
        BigInteger v = new BigInteger(digits);
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            throw DecantException.badConfig(where + ": " + Identifiers.printable(s.get().trim())
                    + " is out of range (" + min + " to " + max + ")");
        }
        return v.longValueExact();
    }

    private Optional<Double> optDouble(JsonNode n, String key, String where) {
        Optional<String> s = optText(n, key, where);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Double.parseDouble(s.get().trim()));
        } catch (NumberFormatException e) {
            throw DecantException.badConfig(where + ": '" + Identifiers.printable(s.get()) + "' is not a number");
        }
    }

    /** Replaces {@code ${NAME}} and {@code ${NAME:-default}} from the environment; an unset variable is an error. */
    private String substitute(String value, String where) {
        Matcher m = ENV.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = env.get(m.group(1));
            if (v == null) {
                if (m.group(2) == null) {
                    throw DecantException.badConfig(where + ": environment variable " + m.group(1)
                            + " is not set; set it or write ${" + m.group(1) + ":-default}");
                }
                v = m.group(2);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }
}
