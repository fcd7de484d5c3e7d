package io.decant.service.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.decant.service.contract.ContractReport.Check;
import io.decant.service.contract.ProtocolClient.Reply;
import io.decant.store.CanonicalText;
import io.decant.store.RangeHasher;
import io.decant.store.ValueKind;
import java.net.URI;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks an implementation of the Decant store protocol ({@code docs/service-protocol.yaml}) from
 * outside: given its base URL, its bearer token, the name of a table shaped as
 * {@link ContractTable} says, and a {@link ContractSeed} that writes that table directly. It seeds
 * rows, then calls every endpoint: error codes and statuses, value round trips of each kind,
 * idempotent retries of every write, version guards, compare-and-set, and that cuts, digests and
 * row hashes are those {@link CanonicalText} gives for the seeded rows.
 *
 * <pre>{@code
 * ServiceContract.against(URI.create("http://127.0.0.1:8081"), token, "contract_rows", seed).run().assertPassed();
 * }</pre>
 *
 * The run empties the table first and leaves its rows behind.
 */
public final class ServiceContract {
    static final int SEEDED = 240;
    private final ProtocolClient client;
    private final ContractSeed seed;
    private final String token;
    private final List<Check> checks = new ArrayList<>();
    private final Map<String, ValueKind> kinds = new LinkedHashMap<>();
    private boolean withAt;

    private ServiceContract(URI base, String token, String table, ContractSeed seed) {
        this.client = new ProtocolClient(base, token, table);
        this.seed = seed;
        this.token = token;
    }

    public static ServiceContract against(URI base, String token, String table, ContractSeed seed) {
        return new ServiceContract(base, token, table, seed);
    }

    /** Runs every check (a failed check does not stop the others) and reports them. */
    public ContractReport run() {
        check("describe", this::describe);
        seed.reset();
        seed.insert(ContractRows.rows(1, SEEDED, 1, withAt));
        check("errors: no token is unauthorized (401)", () -> status(client.get(client.tablePath(""), Optional.empty()), 401, "unauthorized"));
        check("errors: a wrong token is unauthorized (401)", () -> status(client.get(client.tablePath(""), Optional.of(token + "x")), 401, "unauthorized"));
        check("errors: an unknown table is not_found (404)", () -> status(client.get("/decant/v1/tables/no_such_table", Optional.of(token)), 404, "not_found"));
        check("errors: an unknown call is not_found (404)", () -> status(client.post("/nope", obj()), 404, "not_found"));
        check("errors: GET of a POST call is method_not_allowed (405)", () -> status(client.get("/rows/read"), 405, "method_not_allowed"));
        check("errors: malformed JSON is bad_request (400)", () -> status(client.post(client.tablePath("/rows/read"), "{\"keys\": [", Optional.of(token)), 400, "bad_request"));
        check("errors: an unknown column is bad_request (400)", () -> status(client.post("/rows/read", obj().<ObjectNode>set("keys", keys(1)).set("columns", arr("no_such_column"))), 400, "bad_request"));
        check("errors: a value of the wrong kind is bad_request (400)", () -> status(client.post("/rows/upsert", obj().set("rows", arr(obj().put("id", 9999).put("version", 1).put("amount", "abc")))), 400, "bad_request"));
        check("errors: hashing a FLOAT column is bad_request (400)", () -> status(client.post("/spans/digests", obj().set("columns", ProtocolClient.JSON.createArrayNode().add(obj().put("column", "ratio")))), 400, "bad_request"));
        check("count", () -> expect(ok(client.get("/count")).body().path("rows").asLong() == SEEDED, "count is not " + SEEDED));
        check("read: seeded rows come back with every value kind encoded", this::readSeeded);
        check("read: only the named columns, absent keys left out", this::readColumns);
        check("row-hash probe equals CanonicalText's", this::probe);
        check("split: cuts every N rows, streamed, ending with an end line", this::split);
        check("digests: a span cut into parts equals CanonicalText's row hashes", this::digests);
        check("digests: span bounds (inclusive and exclusive lower bound)", this::digestBounds);
        check("row hashes: each row's hash equals CanonicalText's", this::rowHashes);
        check("rows: a span's rows stream with every value kind encoded", this::rows);
        check("upsert: rows written through the protocol read back equal", this::upsertRoundTrip);
        check("upsert: a retried batch leaves the same state", this::upsertRetry);
        check("upsert: the version guard keeps a newer row and reports it", this::upsertGuard);
        check("upsert: only a row's given columns are written", this::upsertPartial);
        check("replace: compare-and-set, retried, mismatched, insert and delete", this::replace);
        check("replace: comparing a subset of the columns", this::replaceColumns);
        check("delete: deleted once, a retry deletes nothing", this::delete);
        check("load: into an empty range straight, a retry merges to the same state", this::load);
        check("load: the merge's version guard keeps newer rows", this::loadGuard);
        check("load: a bad row fails the load and nothing is written", this::loadBadRow);
        return new ContractReport(checks);
    }

    private interface Body {
        void run() throws Exception;
    }

    private void check(String name, Body body) {
        try {
            body.run();
            checks.add(new Check(name, null));
        } catch (AssertionError e) {
            checks.add(new Check(name, e.getMessage()));
        } catch (Exception e) {
            checks.add(new Check(name, e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    // --- table ---------------------------------------------------------------------------------

    private void describe() {
        JsonNode d = ok(client.get("")).body();
        expect(d.path("protocol").asText().equals("decant/1"), "protocol is not decant/1: " + d.path("protocol"));
        expect(d.path("key").equals(arr(ContractTable.KEY)), "key is not [id]: " + d.path("key"));
        expect(d.path("version").asText().equals(ContractTable.VERSION), "version is not 'version': " + d.path("version"));
        for (JsonNode c : d.path("columns")) {
            kinds.put(c.path("name").asText(), ValueKind.valueOf(c.path("kind").asText()));
        }
        withAt = kinds.get("at") == ValueKind.TIMESTAMP_TZ;
        for (ContractTable.Column c : ContractTable.COLUMNS) {
            if (c.required() || kinds.containsKey(c.name())) {
                expect(kinds.get(c.name()) == c.kind(), "column " + c.name() + " is described as " + kinds.get(c.name()) + ", not " + c.kind());
            }
        }
        expect(d.path("rowHashFunctions").toString().contains("\"md5\""), "rowHashFunctions lacks md5: " + d.path("rowHashFunctions"));
    }

    private void probe() {
        JsonNode p = ok(client.post("/row-hash-probe", obj().put("function", "md5"))).body();
        expect(p.path("hash").asText().equals(hex(CanonicalText.hash(RangeHasher.PROBE_TEXT))), "probe hash " + p.path("hash"));
    }

    // --- reads -----------------------------------------------------------------------------------

    private void readSeeded() {
        ArrayNode keys = ProtocolClient.JSON.createArrayNode();
        for (long id = 1; id <= SEEDED; id++) {
            keys.add(arr(id));
        }
        List<JsonNode> rows = list(ok(client.post("/rows/read", obj().set("keys", keys))).body().path("rows"));
        expect(rows.size() == SEEDED, "read " + rows.size() + " rows of " + SEEDED);
        for (JsonNode r : rows) {
            sameRow(ContractRows.row(r.path("id").asLong(), 1, withAt), r);
        }
    }

    private void readColumns() {
        JsonNode req = obj().<ObjectNode>set("keys", keys(3, 5, 999_999)).set("columns", arr("id", "note"));
        List<JsonNode> rows = list(ok(client.post("/rows/read", req)).body().path("rows"));
        expect(rows.size() == 2, "read " + rows.size() + " rows of keys 3, 5 and an absent one");
        for (JsonNode r : rows) {
            expect(r.size() == 2 && r.has("id") && r.has("note"), "a row read with columns [id, note] holds " + r);
            sameValue(ContractRows.row(r.path("id").asLong(), 1, withAt).get("note"), r.get("note"), "note", ValueKind.TEXT);
        }
    }

    private void split() {
        List<JsonNode> lines = stream(client.post("/spans/split", obj().<ObjectNode>set("span", span(null, false, SEEDED)).put("rowsPerSpan", 7)));
        List<Long> cuts = lines.stream().map(l -> l.get(0).asLong()).toList();
        List<Long> expected = new ArrayList<>();
        for (long id = 7; id <= SEEDED; id += 7) {
            expected.add(id);
        }
        expect(cuts.equals(expected), "cuts of the seeded rows every 7 rows: " + cuts);
        List<JsonNode> after = stream(client.post("/spans/split", obj().<ObjectNode>set("span", span(10L, false, 40)).put("rowsPerSpan", 7)));
        expect(after.stream().map(l -> l.get(0).asLong()).toList().equals(List.of(17L, 24L, 31L, 38L)), "cuts of (10, 40]: " + after);
    }

    private void digests() {
        ObjectNode req = obj().<ObjectNode>set("span", span(null, false, SEEDED)).<ObjectNode>set("cuts", keys(50, 120)).set("columns", hashColumns());
        List<JsonNode> digests = list(ok(client.post("/spans/digests", req)).body().path("digests"));
        expect(digests.size() == 3, "3 digests for 2 cuts, got " + digests.size());
        long[][] parts = {{1, 50}, {51, 120}, {121, SEEDED}};
        for (int i = 0; i < 3; i++) {
            sameDigest(digests.get(i), parts[i][0], parts[i][1], "part " + i);
        }
    }

    private void digestBounds() {
        ObjectNode inclusive = obj().<ObjectNode>set("span", span(20L, true, 30)).set("columns", hashColumns());
        sameDigest(list(ok(client.post("/spans/digests", inclusive)).body().path("digests")).get(0), 20, 30, "[20, 30]");
        ObjectNode exclusive = obj().<ObjectNode>set("span", span(20L, false, 30)).set("columns", hashColumns());
        sameDigest(list(ok(client.post("/spans/digests", exclusive)).body().path("digests")).get(0), 21, 30, "(20, 30]");
    }

    private void rowHashes() {
        List<JsonNode> lines = stream(client.post("/spans/row-hashes", obj().<ObjectNode>set("span", span(null, false, SEEDED)).set("columns", hashColumns())));
        expect(lines.size() == SEEDED, lines.size() + " row hashes of " + SEEDED + " rows");
        for (JsonNode l : lines) {
            long id = l.get(0).get(0).asLong();
            expect(l.get(1).asText().equals(hex(javaHash(ContractRows.row(id, 1, withAt)))), "row " + id + "'s hash " + l.get(1));
        }
    }

    private void rows() {
        List<JsonNode> lines = stream(client.post("/spans/rows", obj().set("span", span(null, false, SEEDED))));
        JsonNode header = lines.get(0);
        List<String> columns = list(header.path("columns")).stream().map(JsonNode::asText).toList();
        expect(columns.containsAll(kinds.keySet()), "the header names the table's columns: " + header);
        expect(lines.size() == SEEDED + 1, (lines.size() - 1) + " rows streamed of " + SEEDED);
        for (JsonNode values : lines.subList(1, lines.size())) {
            ObjectNode row = obj();
            for (int i = 0; i < columns.size(); i++) {
                row.set(columns.get(i), values.get(i));
            }
            sameRow(ContractRows.row(row.path("id").asLong(), 1, withAt), row);
        }
    }

    // --- writes ----------------------------------------------------------------------------------

    private JsonNode upsert(List<Map<String, Object>> rows, String guard) {
        ArrayNode encoded = ProtocolClient.JSON.createArrayNode();
        rows.forEach(r -> encoded.add(encodeRow(r)));
        ObjectNode req = obj().set("rows", encoded);
        if (guard != null) {
            req.put("ifNotOlder", guard);
        }
        return ok(client.post("/rows/upsert", req)).body();
    }

    private void upsertRoundTrip() {
        List<Map<String, Object>> rows = ContractRows.rows(1001, 1040, 1, withAt);
        JsonNode results = upsert(rows, null).path("results");
        expect(results.size() == rows.size(), results.size() + " results for " + rows.size() + " rows");
        results.forEach(r -> expect(r.path("outcome").asText().equals("written"), "outcome " + r));
        for (Map<String, Object> r : rows) {
            sameRow(r, readOne((Long) r.get("id")));
        }
    }

    private void upsertRetry() {
        List<Map<String, Object>> rows = ContractRows.rows(1041, 1050, 1, withAt);
        upsert(rows, null);
        JsonNode again = upsert(rows, null).path("results");
        again.forEach(r -> expect(r.path("outcome").asText().equals("written"), "retried outcome " + r));
        for (Map<String, Object> r : rows) {
            sameRow(r, readOne((Long) r.get("id")));
        }
    }

    private void upsertGuard() {
        Map<String, Object> older = ContractRows.row(1001, 0, withAt);
        older.put("note", "older");
        Map<String, Object> newer = ContractRows.row(1002, 2, withAt);
        newer.put("note", "newer");
        Map<String, Object> equal = ContractRows.row(1003, 1, withAt);
        equal.put("note", "equal");
        JsonNode results = upsert(List.of(older, newer, equal), ContractTable.VERSION).path("results");
        expect(results.get(0).path("outcome").asText().equals("kept_newer"), "an older version's outcome " + results.get(0));
        expect(results.get(1).path("outcome").asText().equals("written"), "a newer version's outcome " + results.get(1));
        expect(results.get(2).path("outcome").asText().equals("written"), "an equal version's outcome " + results.get(2));
        expect(results.get(0).path("key").size() == 1 && results.get(0).path("key").get(0).asLong() == 1001,
                "results name their keys: " + results.get(0));
        sameRow(ContractRows.row(1001, 1, withAt), readOne(1001));
        sameRow(newer, readOne(1002));
        sameRow(equal, readOne(1003));
    }

    private void upsertPartial() {
        // the NOT NULL version column is given too: an upsert may insert, so it must name every column without a default
        ok(client.post("/rows/upsert", obj().set("rows", arr(obj().put("id", 1004).put("version", 1).put("note", "only the note")))));
        Map<String, Object> expected = ContractRows.row(1004, 1, withAt);
        expected.put("note", "only the note");
        sameRow(expected, readOne(1004));
    }

    private boolean replace(long id, JsonNode expected, JsonNode replacement, JsonNode columns) {
        ObjectNode req = obj().<ObjectNode>set("key", arr(id)).<ObjectNode>set("expected", expected).set("replacement", replacement);
        if (columns != null) {
            req.set("columns", columns);
        }
        JsonNode r = ok(client.post("/rows/replace", req)).body();
        expect(r.path("replaced").isBoolean(), "replace answers {\"replaced\": bool}: " + r);
        return r.path("replaced").booleanValue();
    }

    private void replace() {
        JsonNode current = readOne(1010);
        Map<String, Object> next = ContractRows.row(1010, 2, withAt);
        next.put("note", "replaced");
        ObjectNode replacement = encodeRow(next);
        expect(replace(1010, current, replacement, null), "the current state as read did not match");
        expect(!replace(1010, current, replacement, null), "a retried compare-and-set replaced again");
        sameRow(next, readOne(1010));
        expect(!replace(1010, current, encodeRow(ContractRows.row(1010, 3, withAt)), null), "a stale expected state matched");
        sameRow(next, readOne(1010));
        ObjectNode fresh = encodeRow(ContractRows.row(1099, 1, withAt));
        expect(replace(1099, null, fresh, null), "absent → row did not insert");
        expect(!replace(1099, null, fresh, null), "absent → row matched a present row");
        expect(replace(1099, readOne(1099), null, null), "row → absent did not delete");
        expect(readOpt(1099).isEmpty(), "row 1099 is still there");
    }

    private void replaceColumns() {
        JsonNode current = readOne(1011);
        ObjectNode expected = obj().put("id", 1011).<ObjectNode>set("version", current.get("version")).set("note", current.get("note"));
        ObjectNode replacement = obj().put("id", 1011).put("version", 1).put("note", "subset");
        expect(replace(1011, expected, replacement, arr("id", "version", "note")), "comparing [id, version, note] did not match");
        expect(!replace(1011, expected, replacement, arr("id", "version", "note")), "a retried compare-and-set of [id, version, note] matched");
        Map<String, Object> after = ContractRows.row(1011, 1, withAt);
        after.put("note", "subset");
        sameRow(after, readOne(1011));
    }

    private void delete() {
        JsonNode first = ok(client.post("/rows/delete", obj().set("keys", keys(1020, 1021, 999_999)))).body().path("results");
        expect(first.get(0).path("deleted").asBoolean() && first.get(1).path("deleted").asBoolean()
                && !first.get(2).path("deleted").asBoolean(true), "deleted flags " + first);
        JsonNode again = ok(client.post("/rows/delete", obj().set("keys", keys(1020, 1021)))).body().path("results");
        again.forEach(r -> expect(!r.path("deleted").asBoolean(true), "a retried delete deleted " + r));
        expect(readOpt(1020).isEmpty() && readOpt(1021).isEmpty(), "deleted rows are still there");
    }

    private Reply load(long after, long upTo, List<Map<String, Object>> rows, String mode, String guard) {
        List<String> columns = new ArrayList<>(kinds.keySet());
        ObjectNode header = obj().<ObjectNode>set("columns", arr(columns.toArray()))
                .set("range", obj().<ObjectNode>set("after", arr(after)).set("upTo", arr(upTo)));
        header.put("mode", mode);
        if (guard != null) {
            header.put("ifNotOlder", guard);
        }
        List<String> lines = new ArrayList<>();
        lines.add(header.toString());
        for (Map<String, Object> r : rows) {
            ArrayNode values = ProtocolClient.JSON.createArrayNode();
            columns.forEach(c -> values.add(KitValues.encode(r.get(c), kinds.get(c))));
            lines.add(values.toString());
        }
        return client.postLines("/rows/load", lines);
    }

    private void load() {
        List<Map<String, Object>> rows = ContractRows.rows(2001, 2300, 1, withAt);
        JsonNode first = ok(load(2000, 3000, rows, "auto", null)).body();
        expect(first.path("rows").asLong() == 300 && !first.path("merged").asBoolean(true), "first load " + first);
        JsonNode again = ok(load(2000, 3000, rows, "auto", null)).body();
        expect(again.path("rows").asLong() == 300 && again.path("merged").asBoolean(), "retried load " + again);
        for (Map<String, Object> r : rows) {
            if ((Long) r.get("id") % 13 == 0 || (Long) r.get("id") <= 2012) {
                sameRow(r, readOne((Long) r.get("id")));
            }
        }
        JsonNode hashes = list(ok(client.post("/spans/digests", obj().<ObjectNode>set("span", span(2000L, false, 3000)).set("columns", hashColumns())))
                .body().path("digests")).get(0);
        long xor = 0;
        for (Map<String, Object> r : rows) {
            xor ^= javaHash(r);
        }
        expect(hashes.path("rows").asLong() == 300 && hashes.path("hash").asText().equals(hex(xor)), "digest of the loaded range " + hashes);
    }

    private void loadGuard() {
        List<Map<String, Object>> older = ContractRows.rows(2001, 2005, 0, withAt);
        older.forEach(r -> r.put("note", "older"));
        List<Map<String, Object>> newer = ContractRows.rows(2006, 2010, 5, withAt);
        newer.forEach(r -> r.put("note", "newer"));
        List<Map<String, Object>> both = new ArrayList<>(older);
        both.addAll(newer);
        JsonNode done = ok(load(2000, 3000, both, "merge", ContractTable.VERSION)).body();
        expect(done.path("merged").asBoolean(), "a merge load answered " + done);
        for (long id = 2001; id <= 2005; id++) {
            sameRow(ContractRows.row(id, 1, withAt), readOne(id));
        }
        newer.forEach(r -> sameRow(r, readOne((Long) r.get("id"))));
    }

    private void loadBadRow() {
        List<String> columns = new ArrayList<>(kinds.keySet());
        ObjectNode header = obj().<ObjectNode>set("columns", arr(columns.toArray()))
                .set("range", obj().<ObjectNode>set("after", arr(3000L)).set("upTo", arr(4000L)));
        ArrayNode good = ProtocolClient.JSON.createArrayNode();
        Map<String, Object> r = ContractRows.row(3001, 1, withAt);
        columns.forEach(c -> good.add(KitValues.encode(r.get(c), kinds.get(c))));
        status(client.postLines("/rows/load", List.of(header.toString(), good.toString(), "[3002]")), 400, "bad_request");
        expect(readOpt(3001).isEmpty(), "a failed load left row 3001 behind");
    }

    // --- helpers ---------------------------------------------------------------------------------

    private JsonNode readOne(long id) {
        return readOpt(id).orElseThrow(() -> new AssertionError("row " + id + " is missing"));
    }

    private Optional<JsonNode> readOpt(long id) {
        List<JsonNode> rows = list(ok(client.post("/rows/read", obj().set("keys", keys(id)))).body().path("rows"));
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private ObjectNode encodeRow(Map<String, Object> row) {
        ObjectNode o = obj();
        row.forEach((c, v) -> o.set(c, KitValues.encode(v, kinds.get(c))));
        return o;
    }

    private void sameRow(Map<String, Object> expected, JsonNode actual) {
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            sameValue(e.getValue(), actual.get(e.getKey()), e.getKey() + " of row " + expected.get("id"), kinds.get(e.getKey()));
        }
    }

    private static void sameValue(Object expected, JsonNode actual, String what, ValueKind kind) {
        String m = KitValues.mismatch(expected, actual, kind);
        expect(m == null, what + " (" + kind + "): " + m);
    }

    private ArrayNode hashColumns() {
        ArrayNode cols = ProtocolClient.JSON.createArrayNode();
        for (Map.Entry<String, ValueKind> e : hashedKinds().entrySet()) {
            cols.add(obj().put("column", e.getKey()).put("as", e.getValue().name()));
        }
        return cols;
    }

    /** The columns hashed, as the kind whose canonical text they are hashed as. */
    private Map<String, ValueKind> hashedKinds() {
        Map<String, ValueKind> out = new LinkedHashMap<>();
        kinds.forEach((c, k) -> {
            ValueKind as = k == ValueKind.TIMESTAMP_TZ ? ValueKind.TIMESTAMP : k;
            if (CanonicalText.hashableInDatabase(as)) {
                out.put(c, as);
            }
        });
        return out;
    }

    private long javaHash(Map<String, Object> row) {
        List<String> texts = new ArrayList<>();
        hashedKinds().forEach((c, as) -> texts.add(CanonicalText.encode(row.get(c), as)));
        return CanonicalText.hash(CanonicalText.row(texts));
    }

    private void sameDigest(JsonNode digest, long from, long to, String what) {
        long xor = 0;
        for (long id = from; id <= to; id++) {
            xor ^= javaHash(ContractRows.row(id, 1, withAt));
        }
        expect(digest.path("rows").asLong() == to - from + 1, what + ": rows " + digest.path("rows") + ", expected " + (to - from + 1));
        expect(digest.path("hash").asText().equals(hex(xor)), what + ": hash " + digest.path("hash") + ", expected " + hex(xor));
    }

    private static String hex(long h) {
        return HexFormat.of().toHexDigits(h);
    }

    private static Reply ok(Reply r) {
        expect(r.status() == 200, "status " + r.status() + " " + (r.body() == null ? "" : r.body()));
        return r;
    }

    private static void status(Reply r, int status, String code) {
        expect(r.status() == status, "status " + r.status() + ", expected " + status + ": " + r.body());
        expect(r.contentType().startsWith("application/json"), "an error's content type is " + r.contentType());
        expect(r.errorCode().equals(Optional.of(code)), "error code " + r.errorCode() + ", expected " + code);
        expect(r.body().path("error").path("message").isTextual(), "an error has a message: " + r.body());
    }

    /** The items of a streamed reply, after checking that it ended with an end line counting them. */
    private static List<JsonNode> stream(Reply r) {
        ok(r);
        expect(r.contentType().startsWith("application/x-ndjson"), "a stream's content type is " + r.contentType());
        expect(!r.lines().isEmpty(), "an empty stream: no end line");
        JsonNode last = r.lines().get(r.lines().size() - 1);
        expect(last.has("end"), "a stream ends with {\"end\": …}, not " + last);
        List<JsonNode> items = r.lines().subList(0, r.lines().size() - 1);
        long header = items.isEmpty() || !items.get(0).isObject() ? 0 : 1;
        expect(last.path("end").path("count").asLong() == items.size() - header, "the end line counts " + last + " of " + (items.size() - header));
        return items;
    }

    private static void expect(boolean condition, String failure) {
        if (!condition) {
            throw new AssertionError(failure);
        }
    }

    private static ObjectNode obj() {
        return ProtocolClient.JSON.createObjectNode();
    }

    private static ArrayNode arr(Object... values) {
        ArrayNode a = ProtocolClient.JSON.createArrayNode();
        for (Object v : values) {
            if (v instanceof JsonNode n) {
                a.add(n);
            } else if (v instanceof Long l) {
                a.add(l);
            } else {
                a.add(v.toString());
            }
        }
        return a;
    }

    private static ArrayNode keys(long... ids) {
        ArrayNode a = ProtocolClient.JSON.createArrayNode();
        for (long id : ids) {
            a.add(arr(id));
        }
        return a;
    }

    private static ObjectNode span(Long lower, boolean inclusive, long upper) {
        ObjectNode s = obj();
        s.set("lower", lower == null ? s.nullNode() : arr(lower));
        s.put("lowerInclusive", inclusive);
        s.set("upper", arr(upper));
        return s;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
