package io.decant.service;

import io.decant.jdbc.JdbcTableStore;
import io.decant.jdbc.backfill.RangeLoad;
import io.decant.jdbc.dialect.TableName;
import io.decant.jdbc.engine.BorrowedSessions;
import io.decant.jdbc.engine.Engine;
import io.decant.jdbc.verify.JdbcRangeHasher;
import io.decant.store.ColumnInfo;
import io.decant.store.RangeHasher;
import io.decant.store.TableRef;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The one table a service serves, over its own data source, through decant-jdbc's table store,
 * range hasher and range loader (which hold all SQL). The table's key is given or read from its
 * primary key; a table store is kept per list of columns a caller reads or compares.
 */
public final class ServedTable {
    private static final String STORE = "service";
    private final DataSource pool;
    private final Engine engine;
    private final String product;
    private final String table;
    private final List<String> key;
    private final Optional<String> version;
    private final Map<List<String>, JdbcTableStore> stores = new ConcurrentHashMap<>();
    private final Map<String, RangeHasher> hashers = new ConcurrentHashMap<>();
    private volatile List<ColumnInfo> columns;

    private ServedTable(DataSource pool, Engine engine, String product, String table, List<String> key, Optional<String> version) {
        this.pool = pool;
        this.engine = engine;
        this.product = product;
        this.table = table;
        this.key = List.copyOf(key);
        this.version = version;
    }

    /**
     * The table {@code table} of {@code service}'s database (PostgreSQL or MariaDB/MySQL), keyed by
     * {@code key} (its primary key when empty), its version column {@code version} if any. Fails
     * when the table does not exist or has no key.
     */
    public static ServedTable open(DataSource service, String table, List<String> key, Optional<String> version) {
        Engine engine;
        String product;
        List<String> k;
        // the connection goes back before the table is described: a service's pool may hold one
        try (Connection c = service.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            String name = meta.getDatabaseProductName();
            engine = Engine.of(meta).orElseThrow(() -> new IllegalArgumentException("the service's database is "
                    + name + "; decant-service serves tables of PostgreSQL and MariaDB/MySQL"));
            product = (meta.getDatabaseProductVersion().contains("MariaDB") ? "MariaDB" : meta.getDatabaseProductName())
                    + " " + meta.getDatabaseMajorVersion() + "." + meta.getDatabaseMinorVersion();
            k = key.isEmpty() ? primaryKey(c, table, engine) : key;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read table " + table + " of the service's database: " + e.getMessage(), e);
        }
        if (k.isEmpty()) {
            throw new IllegalArgumentException("table " + table + " has no primary key; name its key columns");
        }
        ServedTable t = new ServedTable(BorrowedSessions.of(service, engine), engine, product, table, k, version);
        List<ColumnInfo> cols = t.describe();
        for (String name : t.keyAndVersion()) {
            if (cols.stream().noneMatch(ci -> ci.name().equals(name))) {
                throw new IllegalArgumentException("table " + table + " has no column '" + name + "'");
            }
        }
        return t;
    }

    private List<String> keyAndVersion() {
        List<String> names = new ArrayList<>(key);
        version.ifPresent(names::add);
        return names;
    }

    private static List<String> primaryKey(Connection c, String table, Engine engine) throws SQLException {
        TableName name = TableName.parse(table);
        String catalog = engine.schemasAreCatalogs() ? name.schema().orElse(c.getCatalog()) : null;
        String schema = engine.schemasAreCatalogs() ? null : name.schema().orElse(c.getSchema());
        Map<Integer, String> bySeq = new TreeMap<>();
        try (ResultSet rs = c.getMetaData().getPrimaryKeys(catalog, schema, name.table())) {
            while (rs.next()) {
                bySeq.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        return List.copyOf(bySeq.values());
    }

    public String name() {
        return table;
    }

    public List<String> key() {
        return key;
    }

    public Optional<String> version() {
        return version;
    }

    /** e.g. {@code PostgreSQL 16.4}. */
    public String engine() {
        return product;
    }

    /** The table's columns as the database describes them now. */
    public List<ColumnInfo> describe() {
        List<ColumnInfo> d = store(List.of()).describe()
                .orElseThrow(() -> new ProtocolError(ProtocolError.Code.NOT_FOUND, "table " + table + " does not exist"));
        columns = d;
        return d;
    }

    /** The columns as last described. */
    public List<ColumnInfo> columns() {
        List<ColumnInfo> c = columns;
        return c == null ? describe() : c;
    }

    public List<String> columnNames() {
        return columns().stream().map(ColumnInfo::name).toList();
    }

    /** The described column of this name; bad_request when there is none. */
    public ColumnInfo column(String name) {
        for (ColumnInfo c : columns()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw ProtocolError.badRequest("table " + table + " has no column '" + name + "'");
    }

    public List<ColumnInfo> keyColumns() {
        return key.stream().map(this::column).toList();
    }

    /**
     * The table store reading and comparing {@code columns} (all columns when empty; the key is
     * added when missing), for fetches, writes and compare-and-set.
     */
    public JdbcTableStore store(List<String> read) {
        List<String> cols = new ArrayList<>();
        if (!read.isEmpty()) {
            read.forEach(this::column);
            key.stream().filter(k -> !read.contains(k)).forEach(cols::add);
            cols.addAll(read);
        } else {
            cols.addAll(columns == null ? key : columnNames());
        }
        return stores.computeIfAbsent(List.copyOf(cols),
                c -> JdbcTableStore.over(STORE, pool, engine.dialect(), new TableRef(STORE, table, key, c, version)));
    }

    /** The range hasher computing row hashes with {@code function} (one of {@link RangeHasher#rowHashFunctions()}). */
    public RangeHasher hasher(String function) {
        return hashers.computeIfAbsent(function, f -> {
            RangeHasher h = new JdbcRangeHasher(STORE, pool, engine.dialect(), engine.hashSql(),
                    new TableRef(STORE, table, key, columnNames(), version));
            if (!h.rowHashFunctions().contains(f)) {
                throw ProtocolError.badRequest("this store computes the row hashes " + h.rowHashFunctions() + ", not '" + f + "'");
            }
            return h.withRowHash(f);
        });
    }

    /** A loader of {@code columns} (the key among them), merging by {@code guard} when present. */
    public RangeLoad loader(List<String> load, Optional<String> guard) {
        if (!load.containsAll(key)) {
            throw ProtocolError.badRequest("loaded columns " + load + " must include the key " + key);
        }
        guard.ifPresent(this::column);
        return new RangeLoad(engine, store(load), pool, load, guard);
    }
}
