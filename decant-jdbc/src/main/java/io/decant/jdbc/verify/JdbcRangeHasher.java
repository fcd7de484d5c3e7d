package io.decant.jdbc.verify;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.jdbc.ColumnValues;
import io.decant.jdbc.StoreFailures;
import io.decant.jdbc.dialect.Dialect;
import io.decant.spi.Key;
import io.decant.spi.Row;
import io.decant.store.ColumnInfo;
import io.decant.store.HashColumn;
import io.decant.store.KeyRangeDigest;
import io.decant.store.KeySpan;
import io.decant.store.RangeHasher;
import io.decant.store.TableRef;
import io.decant.store.ValueKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * {@link RangeHasher} for one table of a PostgreSQL or MariaDB store. Spans are cut with
 * {@code ROW_NUMBER()} inside the database, digests are one aggregate query per span, and row
 * hashes and rows are streamed (PostgreSQL: cursor fetch in a read-only transaction; MariaDB:
 * streaming result set). Key values are bound as parameters; identifiers are quoted by the
 * store's dialect.
 */
public final class JdbcRangeHasher implements RangeHasher {
    /** Keys looked up per query by {@link #rowsAt}. */
    static final int KEYS_PER_QUERY = 500;
    /**
     * Span cuts fetched at a time: the 16 a span of verify's planner needs (its parts), so a span
     * reaches it no later than a cut at a time would, in one round trip instead of 16.
     */
    private static final int CUT_FETCH = 16;
    private final String store;
    private final DataSource pool;
    private final Dialect dialect;
    private final HashSql sql;
    private final TableRef ref;
    private final ColumnValues values;
    private final String rowHash;
    private volatile Map<String, ColumnInfo> described;

    /**
     * A table of a store whose zone-less date-times are UTC.
     *
     * @param store   the store's name, for messages
     * @param pool    connections to it (sessions in UTC)
     * @param dialect its engine's dialect, which quotes identifiers and binds values
     * @param sql     its engine's hashing SQL ({@code io.decant.jdbc.engine.Engine#hashSql()})
     * @param ref     the table
     */
    public JdbcRangeHasher(String store, DataSource pool, Dialect dialect, HashSql sql, TableRef ref) {
        this(store, pool, dialect, sql, ref, ZoneOffset.UTC);
    }

    /** A table of a store whose zone-less date-times are wall times in {@code zone}: they are hashed as UTC. */
    public JdbcRangeHasher(String store, DataSource pool, Dialect dialect, HashSql sql, TableRef ref, ZoneId zone) {
        this(store, pool, dialect, sql, ref, PORTABLE_ROW_HASH, new ColumnValues(dialect, zone));
    }

    private JdbcRangeHasher(String store, DataSource pool, Dialect dialect, HashSql sql, TableRef ref, String rowHash,
            ColumnValues values) {
        this.store = store;
        this.pool = pool;
        this.dialect = dialect;
        this.sql = sql;
        this.ref = ref;
        this.values = values;
        this.rowHash = rowHash;
    }

    /**
     * The engine's row hash functions; {@link HashSql#SHA256_CONCAT} only if {@link #concatenates()}
     * (not for a table that cannot be described: the call that needs it says why).
     */
    @Override
    public List<String> rowHashFunctions() {
        boolean concat;
        try {
            concat = concatenates();
        } catch (DecantException e) {
            concat = false;
        }
        boolean offered = concat;
        return sql.rowHashFunctions().stream().filter(f -> !HashSql.SHA256_CONCAT.equals(f) || offered).toList();
    }

    /** Row texts longer than this, by the columns' declared types, keep the per-row digest. */
    static final long CONCAT_ROW_BOUND = 64 * 1024;

    /**
     * Whether this table's parts can be digested as their concatenated row texts: its key sorts alike
     * in every engine (integers, decimals, dates: a text key's order follows the collation), and every
     * column's text is bounded by its declared type, {@value #CONCAT_ROW_BOUND} bytes a row at most
     * (no unbounded text, bytes or JSON), so that a part's text stays small in the server's memory.
     */
    private boolean concatenates() {
        for (String k : ref.key()) {
            ValueKind kind = column(k).kind();
            if (kind != ValueKind.INTEGER && kind != ValueKind.DECIMAL && kind != ValueKind.DATE) {
                return false;
            }
        }
        long bound = 0;
        for (ColumnInfo c : new java.util.LinkedHashSet<>(columns().values())) {
            bound += textBound(c);
        }
        return bound <= CONCAT_ROW_BOUND;
    }

    /** The most bytes of a column's canonical text by its declared type (a decimal of no declared precision: 200). */
    private static long textBound(ColumnInfo c) {
        int n = c.precision();
        return switch (c.kind()) {
            case TEXT -> n > 0 && n <= CONCAT_ROW_BOUND ? 4L * n + 8 : Long.MAX_VALUE / 4;
            case BYTES -> n > 0 && n <= CONCAT_ROW_BOUND ? 2L * n : Long.MAX_VALUE / 4;
            case JSON, OTHER -> Long.MAX_VALUE / 4;
            case DECIMAL -> n > 0 ? n + 2L : 200;
            default -> 40;
        };
    }

    @Override
    public long probe(String function) {
        long[] hash = new long[1];
        query("probing the row hash " + function, sql.probe(function), List.of(PROBE_TEXT), false,
                rs -> hash[0] = sql.rowHashValue(rs, 1, function));
        return hash[0];
    }

    @Override
    public JdbcRangeHasher withRowHash(String function) {
        if (!sql.rowHashFunctions().contains(function)) {
            throw new IllegalArgumentException("store '" + store + "' does not compute the row hash " + function);
        }
        JdbcRangeHasher h = new JdbcRangeHasher(store, pool, dialect, sql, ref, function, values);
        h.described = described;
        return h;
    }

    @Override
    public void splitKeys(KeySpan within, int rowsPerSpan, Consumer<Key> cuts) {
        if (!sql.streamsRowNumbers()) {
            splitByPages(within, rowsPerSpan, cuts);
            return;
        }
        Where where = where(within);
        String keys = dialect.columnList(ref.key());
        String q = "SELECT " + keys + " FROM (SELECT " + keys + ", ROW_NUMBER() OVER (ORDER BY " + keys + ") AS decant_rn FROM "
                + table() + where.sql + ") s WHERE MOD(decant_rn, ?) = 0 ORDER BY " + keys;
        List<Object> params = new ArrayList<>(where.params);
        params.add(Math.max(1, rowsPerSpan));
        // a span's cuts a fetch: the first span is compared while the database still counts out the others
        query("cutting " + ref.table() + " into spans", q, params, CUT_FETCH, rs -> cuts.accept(readKey(rs, 1)));
    }

    @Override
    public boolean splitsInOnePass() {
        return sql.streamsRowNumbers();
    }

    /**
     * The cuts of {@link #splitKeys}, counted a page of {@link #CUT_FETCH} cuts at a time (each page
     * starting after the last cut of the one before), for a database that would count the whole
     * range before giving the first cut: MariaDB took 1.5 s before the first of 1M keys' cuts, and
     * 0.6-0.7 s for all of them a page at a time.
     */
    private void splitByPages(KeySpan within, int rowsPerSpan, Consumer<Key> cuts) {
        String keys = dialect.columnList(ref.key());
        int every = Math.max(1, rowsPerSpan);
        long pageRows = (long) every * CUT_FETCH;
        KeySpan rest = within;
        while (true) {
            Where where = where(rest);
            String q = "SELECT " + keys + " FROM (SELECT " + keys + ", ROW_NUMBER() OVER (ORDER BY " + keys + ") AS decant_rn FROM (SELECT "
                    + keys + " FROM " + table() + where.sql + " ORDER BY " + keys + " LIMIT " + pageRows + ") p) s WHERE MOD(decant_rn, ?) = 0"
                    + " ORDER BY " + keys;
            List<Object> params = new ArrayList<>(where.params);
            params.add(every);
            List<Key> page = new ArrayList<>(CUT_FETCH);
            query("cutting " + ref.table() + " into spans", q, params, false, rs -> page.add(readKey(rs, 1)));
            page.forEach(cuts);
            if (page.size() < CUT_FETCH) {
                return; // the page was not full: the range ends in it
            }
            rest = new KeySpan(Optional.of(page.get(page.size() - 1)), false, within.upper());
        }
    }

    @Override
    public List<KeyRangeDigest> digests(KeySpan span, List<Key> cuts, List<HashColumn> columns) {
        Where where = where(span);
        List<Object> params = new ArrayList<>();
        String part;
        if (cuts.isEmpty()) {
            part = "0";
        } else {
            StringBuilder c = new StringBuilder("CASE");
            for (int i = 0; i < cuts.size(); i++) {
                Where w = compare(cuts.get(i), "<=");
                c.append(" WHEN ").append(w.sql).append(" THEN ").append(i);
                params.addAll(w.params);
            }
            part = c.append(" ELSE ").append(cuts.size()).append(" END").toString();
        }
        params.addAll(where.params);
        KeyRangeDigest[] out = new KeyRangeDigest[cuts.size() + 1];
        java.util.Arrays.fill(out, KeyRangeDigest.EMPTY);
        String what = "hashing " + ref.table() + " " + span;
        if (HashSql.SHA256_CONCAT.equals(rowHash)) {
            String keys = dialect.columnList(ref.key());
            String q = "SELECT decant_part, " + sql.concatDigestColumns("decant_text", keys) + " FROM (SELECT " + part
                    + " AS decant_part, " + keys + ", " + sql.rowText(encoded(columns)) + " AS decant_text FROM " + table()
                    + where.sql + ") s GROUP BY decant_part";
            boolean whole = query(what, q, params, 0, true, rs ->
                    out[rs.getInt(1)] = new KeyRangeDigest(rs.getLong(2), sql.rowHashValue(rs, 3, HashSql.SHA256)));
            if (!whole) {
                undigested(what, part, where, params, out);
            }
            return List.of(out);
        }
        String q = "SELECT decant_part, " + sql.digestColumns("decant_hash", rowHash) + " FROM (SELECT " + part
                + " AS decant_part, " + rowHash(columns) + " AS decant_hash FROM " + table() + where.sql + ") s GROUP BY decant_part";
        query(what, q, params, false, rs -> {
            BigDecimal xor = rs.getBigDecimal(3);
            out[rs.getInt(1)] = new KeyRangeDigest(rs.getLong(2), xor == null ? 0 : xor.toBigInteger().longValue());
        });
        return List.of(out);
    }

    /**
     * The parts of a span whose text the database could not concatenate whole: their row counts, and a
     * random hash each, which no other store's digest matches (but by a 2<sup>-64</sup> chance), so
     * verify compares them row by row.
     */
    private void undigested(String what, String part, Where where, List<Object> params, KeyRangeDigest[] out) {
        java.util.Arrays.fill(out, new KeyRangeDigest(0, ThreadLocalRandom.current().nextLong()));
        String q = "SELECT decant_part, COUNT(*) FROM (SELECT " + part + " AS decant_part FROM " + table() + where.sql
                + ") s GROUP BY decant_part";
        query(what, q, params, false, rs -> out[rs.getInt(1)] = new KeyRangeDigest(rs.getLong(2),
                ThreadLocalRandom.current().nextLong()));
    }

    @Override
    public void rowHashes(KeySpan span, List<HashColumn> columns, RowHashSink sink) {
        Where where = where(span);
        int n = ref.key().size();
        String q = "SELECT " + dialect.columnList(ref.key()) + ", " + rowHash(columns) + " FROM " + table() + where.sql;
        query("hashing rows of " + ref.table() + " " + span, q, where.params, true,
                rs -> sink.accept(readKey(rs, 1), sql.rowHashValue(rs, n + 1, rowHash)));
    }

    @Override
    public void rows(KeySpan span, List<String> columns, Consumer<Row> sink) {
        Where where = where(span);
        List<ColumnInfo> infos = columns.stream().map(this::column).toList();
        String q = "SELECT " + dialect.columnList(columns) + " FROM " + table() + where.sql;
        query("reading rows of " + ref.table() + " " + span, q, where.params, true, rs -> {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < infos.size(); i++) {
                row.put(columns.get(i), values.read(rs, i + 1, infos.get(i)));
            }
            sink.accept(new Row(row));
        });
    }

    @Override
    public void rowsAt(List<Key> keys, List<String> columns, Consumer<Row> sink) {
        List<ColumnInfo> infos = columns.stream().map(this::column).toList();
        List<String> quoted = new ArrayList<>();
        List<String> markers = new ArrayList<>();
        for (String k : ref.key()) {
            quoted.add(dialect.quote(column(k).name()));
            markers.add(sql.keyParameter(column(k)));
        }
        for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
            List<Key> batch = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY));
            List<Object> params = new ArrayList<>(batch.size() * quoted.size());
            for (Key k : batch) {
                if (k.size() != quoted.size()) {
                    throw DecantException.badConfig("key " + k.encode() + " has " + k.size() + " values but table `"
                            + ref.table() + "` has the key " + ref.key());
                }
                for (int i = 0; i < k.size(); i++) {
                    params.add(bindable(k.get(i)));
                }
            }
            String q = "SELECT " + dialect.columnList(columns) + " FROM " + table() + " WHERE "
                    + sql.keyIn(quoted, markers, batch.size());
            query("reading " + batch.size() + " rows of " + ref.table() + " by key", q, params, false, rs -> {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < infos.size(); i++) {
                    row.put(columns.get(i), values.read(rs, i + 1, infos.get(i)));
                }
                sink.accept(new Row(row));
            });
        }
    }

    /** The table's column of this name, as the database describes it. */
    public ColumnInfo column(String name) {
        ColumnInfo c = columns().get(name);
        if (c == null) {
            c = columns().get(name.toLowerCase(Locale.ROOT));
        }
        if (c == null) {
            throw DecantException.badConfig("table `" + ref.table() + "` in store `" + store + "` has no column `" + name
                    + "`; fix the column mapping in decant.yaml");
        }
        return c;
    }

    private Map<String, ColumnInfo> columns() {
        Map<String, ColumnInfo> c = described;
        if (c != null) {
            return c;
        }
        try (Connection conn = pool.getConnection()) {
            List<ColumnInfo> list = dialect.describe(conn, ref.table()).orElseThrow(() -> DecantException.badConfig(
                    "table `" + ref.table() + "` does not exist in store `" + store + "`; create it or fix the table name in decant.yaml"));
            Map<String, ColumnInfo> map = new LinkedHashMap<>();
            for (ColumnInfo info : list) {
                map.put(info.name(), info);
                map.putIfAbsent(info.name().toLowerCase(Locale.ROOT), info);
            }
            described = Collections.unmodifiableMap(map);
            return described;
        } catch (SQLException e) {
            throw StoreFailures.wrap(store, "describing table " + ref.table(), e);
        }
    }

    private String rowHash(List<HashColumn> columns) {
        return sql.rowHash(encoded(columns), rowHash);
    }

    private List<String> encoded(List<HashColumn> columns) {
        List<String> encoded = new ArrayList<>(columns.size());
        for (HashColumn h : columns) {
            ColumnInfo column = column(h.column());
            String quoted = dialect.quote(column.name());
            // a wall time of another zone is hashed as its UTC wall time, as the other store's value is
            boolean converted = values.convertsZone(column);
            String text = sql.encode(converted ? dialect.wallToUtcSql(quoted, values.zoneOf(column)) : quoted, column, h.encodeAs());
            // NULL is N; a NOT NULL column's text is never NULL (but a zone conversion's may be), and a
            // COALESCE the less on each such column is 5-10 % less of PostgreSQL's time for a span
            encoded.add(column.nullable() || converted ? sql.nullAsN(text) : text);
        }
        return encoded;
    }

    private String table() {
        return dialect.quoteTable(ref.table());
    }

    private record Where(String sql, List<Object> params) {
    }

    private Where where(KeySpan span) {
        List<String> terms = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        for (Where w : List.of(span.lower().map(k -> compare(k, span.lowerInclusive() ? ">=" : ">")).orElse(NONE),
                span.upper().map(k -> compare(k, "<=")).orElse(NONE))) {
            if (w != NONE) {
                terms.add(w.sql);
                params.addAll(w.params);
            }
        }
        return new Where(terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms), params);
    }

    private static final Where NONE = new Where("", List.of());

    /** The key compared with a bound key value. */
    private Where compare(Key key, String op) {
        if (key.size() != ref.key().size()) {
            throw DecantException.badConfig("key " + key.encode() + " has " + key.size() + " values but table `" + ref.table()
                    + "` has the key " + ref.key());
        }
        List<String> quoted = new ArrayList<>();
        List<String> markers = new ArrayList<>();
        for (String k : ref.key()) {
            quoted.add(dialect.quote(column(k).name()));
            markers.add(sql.keyParameter(column(k)));
        }
        HashSql.KeyComparison c = sql.compareKey(quoted, markers, op);
        List<Object> params = new ArrayList<>();
        for (int i : c.bindOrder()) {
            params.add(bindable(key.get(i)));
        }
        return new Where(c.sql(), params);
    }

    private static Object bindable(Object v) {
        return v instanceof BigInteger bi ? new BigDecimal(bi) : v;
    }

    private Key readKey(ResultSet rs, int first) throws SQLException {
        Object[] k = new Object[ref.key().size()];
        for (int i = 0; i < k.length; i++) {
            k[i] = rs.getObject(first + i);
        }
        return Key.of(k);
    }

    @FunctionalInterface
    private interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    private void query(String what, String q, List<Object> params, boolean stream, RowHandler handler) {
        query(what, q, params, stream ? sql.streamingFetchSize() : 0, handler);
    }

    /** Runs {@code q}, streaming {@code fetch} rows at a time when it is not 0. */
    private void query(String what, String q, List<Object> params, int fetch, RowHandler handler) {
        query(what, q, params, fetch, false, handler);
    }

    /**
     * Runs {@code q}, streaming {@code fetch} rows at a time when it is not 0; a {@code concat} digest
     * query after {@link HashSql#concatSessionSql()}, and then false when its text came out cut short
     * or could not be made ({@link HashSql#concatCutShort}).
     */
    private boolean query(String what, String q, List<Object> params, int fetch, boolean concat, RowHandler handler) {
        boolean stream = fetch > 0;
        try (Connection c = pool.getConnection()) {
            for (String session : java.util.Arrays.asList(sql.sessionSql(), concat ? sql.concatSessionSql() : null)) {
                if (session != null) {
                    try (Statement s = c.createStatement()) {
                        s.execute(session);
                    }
                }
            }
            boolean tx = stream && sql.streamsInTransaction();
            if (tx) {
                c.setAutoCommit(false);
                c.setReadOnly(true);
            }
            try (PreparedStatement ps = c.prepareStatement(q)) {
                if (stream) {
                    ps.setFetchSize(fetch);
                }
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        handler.row(rs);
                    }
                } catch (SQLException e) {
                    if (concat && sql.concatCutShort(null, e)) {
                        return false;
                    }
                    throw e;
                }
                return !concat || !sql.concatCutShort(ps.getWarnings(), null);
            } finally {
                if (tx) {
                    c.rollback();
                    c.setReadOnly(false);
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw StoreFailures.wrap(store, what, e);
        } catch (RuntimeException e) {
            if (e instanceof DecantException) {
                throw e;
            }
            throw new DecantException(ErrorCode.FAILURE, "store '" + store + "': " + what + " failed: " + e.getMessage(), e);
        }
    }
}
