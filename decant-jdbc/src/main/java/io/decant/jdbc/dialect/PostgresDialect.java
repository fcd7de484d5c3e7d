package io.decant.jdbc.dialect;

import io.decant.store.ColumnInfo;
import io.decant.store.TableLocation;
import io.decant.store.ValueKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/** PostgreSQL: double-quoted identifiers, {@code INSERT … ON CONFLICT}, uuid and json bound as such. */
public final class PostgresDialect implements Dialect {

    @Override
    public String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public boolean holdsWallTime(ColumnInfo column) {
        return column.kind() == ValueKind.TIMESTAMP;
    }

    /** Through {@code timestamptz}: {@code AT TIME ZONE} a region's name, or an ISO offset as an interval (a text offset would be POSIX, sign inverted). */
    @Override
    public String wallToUtcSql(String expression, ZoneId zone) {
        if (zone.normalized().equals(ZoneOffset.UTC)) {
            return "(" + expression + ")";
        }
        String in = zone instanceof ZoneOffset offset ? "INTERVAL '" + offset.getId() + "'" : "'" + zone.getId().replace("'", "''") + "'";
        return "(((" + expression + ") AT TIME ZONE " + in + ") AT TIME ZONE 'UTC')";
    }

    @Override
    public String zoneKnownSql() {
        return "SELECT now() AT TIME ZONE CAST(? AS text)";
    }

    @Override
    public String sessionInitSql() {
        return "SET TIME ZONE 'UTC'";
    }

    @Override
    public Optional<List<ColumnInfo>> describe(Connection connection, String table) throws SQLException {
        TableName name = TableName.parse(table);
        String sql = "SELECT column_name, data_type, udt_name, is_nullable,"
                + " COALESCE(datetime_precision, numeric_precision, character_maximum_length, -1), COALESCE(numeric_scale, -1),"
                // filled on insert: a DEFAULT (serial's nextval included), an identity, a generated column
                + " (column_default IS NOT NULL OR is_identity = 'YES' OR is_generated <> 'NEVER')"
                + " FROM information_schema.columns"
                + " WHERE table_schema = COALESCE(?, current_schema()) AND table_name = ? ORDER BY ordinal_position";
        List<ColumnInfo> columns = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, name.schema().orElse(null));
            ps.setString(2, name.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String udt = rs.getString(3);
                    ValueKind kind = kindOf(rs.getString(2), udt);
                    boolean exact = kind == ValueKind.DECIMAL || kind == ValueKind.TIMESTAMP || kind == ValueKind.TIMESTAMP_TZ
                            || kind == ValueKind.TIME || kind == ValueKind.TEXT;
                    columns.add(new ColumnInfo(rs.getString(1), udt, kind, "YES".equals(rs.getString(4)),
                            exact ? (int) Math.min(Integer.MAX_VALUE, rs.getLong(5)) : -1, kind == ValueKind.DECIMAL ? rs.getInt(6) : -1, rs.getBoolean(7)));
                }
            }
        }
        return columns.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(columns));
    }

    @Override
    public Map<String, String> declaredTypes(Connection connection, String table) throws SQLException {
        Map<String, String> types = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT a.attname, format_type(a.atttypid, a.atttypmod)"
                + " FROM pg_attribute a WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped")) {
            ps.setString(1, quoteTable(table));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return types;
    }

    @Override
    public Optional<String> columnCheck(String column, ValueKind kind) {
        return Optional.empty();
    }

    @Override
    public String lockTableSql(String table) {
        return "LOCK TABLE " + quoteTable(table) + " IN ACCESS EXCLUSIVE MODE";
    }

    @Override
    public Optional<String> unlockTablesSql() {
        return Optional.empty();
    }

    @Override
    public Optional<TableLocation> locate(Connection connection, String table) throws SQLException {
        TableName name = TableName.parse(table);
        String sql = "SELECT (SELECT system_identifier FROM pg_control_system()) || '/' || current_database(),"
                + " table_schema || '.' || table_name FROM information_schema.tables"
                + " WHERE table_schema = COALESCE(?, current_schema()) AND table_name = ?";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, name.schema().orElse(null));
            ps.setString(2, name.table());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new TableLocation("PostgreSQL " + rs.getString(1), rs.getString(2)))
                        : Optional.empty();
            }
        }
    }

    @Override
    public ValueKind kindOf(String dataType, String udtName) {
        if ("ARRAY".equals(dataType)) {
            return ValueKind.OTHER;
        }
        return switch (udtName.toLowerCase(Locale.ROOT)) {
            case "int2", "int4", "int8", "smallint", "integer", "bigint", "serial", "bigserial", "smallserial" -> ValueKind.INTEGER;
            case "numeric", "decimal" -> ValueKind.DECIMAL;
            case "float4", "float8", "real", "double precision" -> ValueKind.FLOAT;
            case "bool", "boolean" -> ValueKind.BOOLEAN;
            case "char", "bpchar", "varchar", "text", "name", "citext" -> ValueKind.TEXT;
            case "timestamp" -> ValueKind.TIMESTAMP;
            case "timestamptz" -> ValueKind.TIMESTAMP_TZ;
            case "date" -> ValueKind.DATE;
            case "time" -> ValueKind.TIME;
            case "bytea" -> ValueKind.BYTES;
            case "json", "jsonb" -> ValueKind.JSON;
            case "uuid" -> ValueKind.UUID;
            default -> ValueKind.OTHER;
        };
    }

    @Override
    public void bindText(PreparedStatement statement, int index, String value, ValueKind kind) throws SQLException {
        if (kind == ValueKind.UUID) {
            statement.setObject(index, UUID.fromString(value));
        } else {
            // untyped: the server takes the column's type (json, jsonb, an enum, inet, …)
            statement.setObject(index, value, Types.OTHER);
        }
    }

    @Override
    public int nullType(ValueKind kind) {
        return switch (kind) {
            case INTEGER -> Types.BIGINT;
            case DECIMAL -> Types.NUMERIC;
            case FLOAT -> Types.DOUBLE;
            case BOOLEAN -> Types.BOOLEAN;
            case TEXT -> Types.VARCHAR;
            case TIMESTAMP -> Types.TIMESTAMP;
            case TIMESTAMP_TZ -> Types.TIMESTAMP_WITH_TIMEZONE;
            case DATE -> Types.DATE;
            case TIME -> Types.TIME;
            case BYTES -> Types.BINARY;
            case JSON, UUID, OTHER -> Types.OTHER;
        };
    }

    @Override
    public Optional<KeyGenerator> keyGenerator(Connection connection, String table, String column, Optional<String> sequence)
            throws SQLException {
        String relation = quoteTable(table);
        if (sequence.isPresent()) {
            return one(connection, "SELECT quote_ident(n.nspname) || '.' || quote_ident(s.relname),"
                    + " EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = s.oid"
                    + " AND d.refobjid = to_regclass(?) AND d.deptype IN ('a', 'i'))"
                    + " FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace"
                    + " WHERE s.oid = to_regclass(?) AND s.relkind = 'S'", table, relation, quoteTable(sequence.get()));
        }
        // an identity or serial column's own sequence, else a sequence its DEFAULT draws from
        return one(connection, "SELECT quote_ident(n.nspname) || '.' || quote_ident(s.relname),"
                + " EXISTS (SELECT 1 FROM pg_depend o WHERE o.classid = 'pg_class'::regclass AND o.objid = s.oid"
                + " AND o.refobjid = a.attrelid AND o.deptype IN ('a', 'i'))"
                + " FROM pg_attribute a JOIN pg_class s ON s.oid = COALESCE(to_regclass(pg_get_serial_sequence(?, a.attname))::oid,"
                + " (SELECT d.refobjid FROM pg_attrdef ad JOIN pg_depend d ON d.classid = 'pg_attrdef'::regclass"
                + " AND d.objid = ad.oid AND d.refclassid = 'pg_class'::regclass"
                + " JOIN pg_class q ON q.oid = d.refobjid AND q.relkind = 'S'"
                + " WHERE ad.adrelid = a.attrelid AND ad.adnum = a.attnum LIMIT 1))"
                + " JOIN pg_namespace n ON n.oid = s.relnamespace"
                + " WHERE a.attrelid = to_regclass(?) AND a.attname = ?", table, relation, relation, column);
    }

    private static Optional<KeyGenerator> one(Connection connection, String sql, String table, String... params) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new KeyGenerator(true, rs.getString(1), table, rs.getBoolean(2))) : Optional.empty();
            }
        }
    }

    @Override
    public long nextValue(Connection connection, KeyGenerator generator) throws SQLException {
        // the name comes from the catalog, quoted by quote_ident
        try (PreparedStatement ps = connection.prepareStatement("SELECT s.last_value, s.is_called, p.seqincrement FROM "
                + generator.name() + " s, pg_sequence p WHERE p.seqrelid = to_regclass(?)")) {
            ps.setString(1, generator.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("sequence " + generator.name() + " not found");
                }
                long last = rs.getLong(1);
                return rs.getBoolean(2) ? last + rs.getLong(3) : last;
            }
        }
    }

    @Override
    public String moveToSql(KeyGenerator generator, long next) {
        return "SELECT setval('" + generator.name().replace("'", "''") + "', " + next + ", false)";
    }

    @Override
    public List<String> otherUsers(Connection connection, KeyGenerator generator) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT DISTINCT quote_ident(n.nspname) || '.'"
                + " || quote_ident(c.relname) || '.' || quote_ident(a.attname) FROM pg_depend d"
                + " JOIN pg_attrdef ad ON d.classid = 'pg_attrdef'::regclass AND d.objid = ad.oid"
                + " JOIN pg_class c ON c.oid = ad.adrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum"
                + " WHERE d.refobjid = to_regclass(?) AND ad.adrelid <> COALESCE(to_regclass(?)::oid, 0) ORDER BY 1")) {
            ps.setString(1, generator.name());
            ps.setString(2, quoteTable(generator.table()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    @Override
    public String upsertSql(String table, List<String> columns, List<String> key) {
        return insert(table, columns) + conflict(key) + updates(columns, key, "");
    }

    @Override
    public String upsertIfNotOlderSql(String table, List<String> columns, List<String> key, String version) {
        String v = quote(version);
        String guard = " WHERE " + quoteTable(table) + "." + v + " IS NULL OR EXCLUDED." + v + " >= " + quoteTable(table) + "." + v;
        return insert(table, columns) + conflict(key) + updates(columns, key, guard);
    }

    private String insert(String table, List<String> columns) {
        return "INSERT INTO " + quoteTable(table) + " (" + columnList(columns) + ") VALUES (" + Dialect.placeholders(columns.size()) + ")";
    }

    private String conflict(List<String> key) {
        return " ON CONFLICT (" + columnList(key) + ")";
    }

    private String updates(List<String> columns, List<String> key, String guard) {
        List<String> rest = columns.stream().filter(c -> !key.contains(c)).toList();
        if (rest.isEmpty()) {
            return " DO NOTHING";
        }
        return " DO UPDATE SET " + rest.stream().map(c -> quote(c) + " = EXCLUDED." + quote(c))
                .collect(Collectors.joining(", ")) + guard;
    }
}
