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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * MariaDB (and MySQL): backquoted identifiers, {@code INSERT … ON DUPLICATE KEY UPDATE}. A
 * MariaDB {@code JSON} column is a {@code longtext} with a {@code json_valid} check; it is
 * described as JSON.
 */
public final class MariaDbDialect implements Dialect {
    private static final Pattern JSON_CHECK = Pattern.compile("json_valid\\(`([^`]+)`\\)", Pattern.CASE_INSENSITIVE);

    @Override
    public String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    @Override
    public boolean holdsWallTime(ColumnInfo column) {
        return column.kind() == ValueKind.TIMESTAMP && column.typeName().regionMatches(true, 0, "datetime", 0, 8);
    }

    /**
     * An offset by arithmetic (exact for every date); a region through {@code CONVERT_TZ}, which needs
     * the server's time zone tables and leaves values outside TIMESTAMP's range (1970–2038) as they are.
     */
    @Override
    public String wallToUtcSql(String expression, ZoneId zone) {
        if (zone instanceof ZoneOffset offset) {
            return "((" + expression + ") - INTERVAL " + offset.getTotalSeconds() + " SECOND)";
        }
        return "CONVERT_TZ(" + expression + ", '" + zone.getId().replace("'", "''") + "', '+00:00')";
    }

    @Override
    public String unknownZoneAdvice() {
        return "load the server's time zone tables (mariadb-tzinfo-to-sql /usr/share/zoneinfo | mariadb -u root mysql)"
                + " or give a fixed offset such as +02:00";
    }

    @Override
    public String zoneKnownSql() {
        return "SELECT CONVERT_TZ('2000-01-01 00:00:00', ?, '+00:00')";
    }

    @Override
    public String sessionInitSql() {
        return "SET time_zone = '+00:00'";
    }

    @Override
    public Optional<List<ColumnInfo>> describe(Connection connection, String table) throws SQLException {
        TableName name = TableName.parse(table);
        Set<String> jsonColumns = jsonColumns(connection, name);
        String sql = "SELECT column_name, data_type, column_type, is_nullable,"
                + " COALESCE(datetime_precision, numeric_precision, character_maximum_length, -1), COALESCE(numeric_scale, -1),"
                // filled on insert: a DEFAULT (column_default is the text 'NULL' for DEFAULT NULL, SQL NULL for
                // none), AUTO_INCREMENT, a generated (VIRTUAL / STORED / PERSISTENT) column
                + " (column_default IS NOT NULL OR LOWER(extra) LIKE '%auto_increment%' OR UPPER(extra) LIKE '%GENERATED%')"
                + " FROM information_schema.columns"
                + " WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ? ORDER BY ordinal_position";
        List<ColumnInfo> columns = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, name.schema().orElse(null));
            ps.setString(2, name.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String column = rs.getString(1);
                    String dataType = rs.getString(2).toLowerCase(Locale.ROOT);
                    boolean json = jsonColumns.contains(column.toLowerCase(Locale.ROOT));
                    ValueKind kind = json ? ValueKind.JSON : kindOf(dataType, rs.getString(3));
                    boolean exact = kind == ValueKind.DECIMAL || kind == ValueKind.TIMESTAMP || kind == ValueKind.TIMESTAMP_TZ
                            || kind == ValueKind.TIME || kind == ValueKind.TEXT;
                    columns.add(new ColumnInfo(column, json ? "json" : dataType, kind, "YES".equals(rs.getString(4)),
                            exact ? (int) Math.min(Integer.MAX_VALUE, rs.getLong(5)) : -1, kind == ValueKind.DECIMAL ? rs.getInt(6) : -1, rs.getBoolean(7)));
                }
            }
        }
        return columns.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(columns));
    }

    private static Set<String> jsonColumns(Connection connection, TableName name) throws SQLException {
        if (!connection.getMetaData().getDatabaseProductVersion().contains("MariaDB")) {
            // MySQL has a native json type, reported as such (and no table_name in check_constraints)
            return Set.of();
        }
        String sql = "SELECT check_clause FROM information_schema.check_constraints"
                + " WHERE constraint_schema = COALESCE(?, DATABASE()) AND table_name = ?";
        Set<String> json = new HashSet<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, name.schema().orElse(null));
            ps.setString(2, name.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Matcher m = JSON_CHECK.matcher(rs.getString(1).trim());
                    if (m.matches()) {
                        json.add(m.group(1).toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return json;
    }

    @Override
    public Map<String, String> declaredTypes(Connection connection, String table) throws SQLException {
        TableName name = TableName.parse(table);
        Map<String, String> types = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT column_name, column_type, character_set_name,"
                + " collation_name FROM information_schema.columns WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ?")) {
            ps.setString(1, name.schema().orElse(null));
            ps.setString(2, name.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(2);
                    if (rs.getString(3) != null && rs.getString(4) != null) {
                        type += " CHARACTER SET " + rs.getString(3) + " COLLATE " + rs.getString(4);
                    }
                    types.put(rs.getString(1), type);
                }
            }
        }
        return types;
    }

    @Override
    public Optional<String> columnCheck(String column, ValueKind kind) {
        return kind == ValueKind.JSON ? Optional.of("CHECK (json_valid(" + quote(column) + "))") : Optional.empty();
    }

    @Override
    public String lockTableSql(String table) {
        return "LOCK TABLES " + quoteTable(table) + " WRITE";
    }

    @Override
    public Optional<String> unlockTablesSql() {
        return Optional.of("UNLOCK TABLES");
    }

    @Override
    public Optional<TableLocation> locate(Connection connection, String table) throws SQLException {
        TableName name = TableName.parse(table);
        String sql = "SELECT CONCAT(@@hostname, ':', @@port, ':', @@datadir), CONCAT(table_schema, '.', table_name)"
                + " FROM information_schema.tables WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ?";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, name.schema().orElse(null));
            ps.setString(2, name.table());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new TableLocation("MariaDB " + rs.getString(1), rs.getString(2)))
                        : Optional.empty();
            }
        }
    }

    @Override
    public ValueKind kindOf(String dataType, String columnType) {
        String type = dataType.toLowerCase(Locale.ROOT);
        if (type.equals("tinyint") && columnType != null && columnType.toLowerCase(Locale.ROOT).startsWith("tinyint(1)")) {
            return ValueKind.BOOLEAN;
        }
        return switch (type) {
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint" -> ValueKind.INTEGER;
            case "decimal", "numeric" -> ValueKind.DECIMAL;
            case "float", "double", "real" -> ValueKind.FLOAT;
            case "bool", "boolean" -> ValueKind.BOOLEAN;
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext" -> ValueKind.TEXT;
            case "datetime", "timestamp" -> ValueKind.TIMESTAMP;
            case "date" -> ValueKind.DATE;
            case "time" -> ValueKind.TIME;
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> ValueKind.BYTES;
            case "json" -> ValueKind.JSON;
            case "uuid" -> ValueKind.UUID;
            default -> ValueKind.OTHER;
        };
    }

    @Override
    public void bindText(PreparedStatement statement, int index, String value, ValueKind kind) throws SQLException {
        statement.setString(index, value);
    }

    @Override
    public int nullType(ValueKind kind) {
        return switch (kind) {
            case INTEGER -> Types.BIGINT;
            case DECIMAL -> Types.DECIMAL;
            case FLOAT -> Types.DOUBLE;
            case BOOLEAN -> Types.BOOLEAN;
            case TIMESTAMP, TIMESTAMP_TZ -> Types.TIMESTAMP;
            case DATE -> Types.DATE;
            case TIME -> Types.TIME;
            case BYTES -> Types.VARBINARY;
            case TEXT, JSON, UUID, OTHER -> Types.VARCHAR;
        };
    }

    private static final Pattern NEXTVAL = Pattern.compile("nextval\\((`?)([^`.()]+)\\1(?:\\.(`?)([^`.()]+)\\3)?\\)",
            Pattern.CASE_INSENSITIVE);

    @Override
    public Optional<KeyGenerator> keyGenerator(Connection connection, String table, String column, Optional<String> sequence)
            throws SQLException {
        TableName name = TableName.parse(table);
        if (sequence.isPresent()) {
            TableName seq = TableName.parse(sequence.get());
            try (PreparedStatement ps = connection.prepareStatement("SELECT table_schema FROM information_schema.tables"
                    + " WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ? AND table_type = 'SEQUENCE'")) {
                ps.setString(1, seq.schema().orElse(null));
                ps.setString(2, seq.table());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new KeyGenerator(true, quote(rs.getString(1)) + "." + quote(seq.table()), table,
                            false)) : Optional.empty();
                }
            }
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT table_schema, extra, column_default FROM information_schema.columns"
                + " WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ? AND column_name = ?")) {
            ps.setString(1, name.schema().orElse(null));
            ps.setString(2, name.table());
            ps.setString(3, column);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String schema = rs.getString(1);
                String extra = rs.getString(2);
                String dflt = rs.getString(3);
                if (extra != null && extra.toLowerCase(Locale.ROOT).contains("auto_increment")) {
                    return Optional.of(new KeyGenerator(false, quote(schema) + "." + quote(name.table()), table, true));
                }
                Matcher m = dflt == null ? null : NEXTVAL.matcher(dflt);
                if (m != null && m.find()) {
                    String seqSchema = m.group(4) == null ? schema : m.group(2);
                    String seqName = m.group(4) == null ? m.group(2) : m.group(4);
                    return Optional.of(new KeyGenerator(true, quote(seqSchema) + "." + quote(seqName), table, false));
                }
                return Optional.empty();
            }
        }
    }

    @Override
    public long nextValue(Connection connection, KeyGenerator generator) throws SQLException {
        if (generator.sequence()) {
            // the name was quoted here from the catalog's own text; the end of the cache is above every value handed out
            try (PreparedStatement ps = connection.prepareStatement("SELECT next_not_cached_value FROM " + generator.name());
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
        TableName name = TableName.parse(generator.table());
        try (PreparedStatement ps = connection.prepareStatement("SELECT auto_increment FROM information_schema.tables"
                + " WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ?")) {
            ps.setString(1, name.schema().orElse(null));
            ps.setString(2, name.table());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("table " + generator.table() + " not found");
                }
                long next = rs.getLong(1);
                return rs.wasNull() ? 1 : next;
            }
        }
    }

    @Override
    public String moveToSql(KeyGenerator generator, long next) {
        return generator.sequence() ? "SELECT SETVAL(" + generator.name() + ", " + next + ", 0)"
                : "ALTER TABLE " + generator.name() + " AUTO_INCREMENT = " + next;
    }

    @Override
    public List<String> otherUsers(Connection connection, KeyGenerator generator) {
        // an AUTO_INCREMENT counter belongs to its table alone; a sequence is not dropped with a table
        return List.of();
    }

    @Override
    public String upsertSql(String table, List<String> columns, List<String> key) {
        List<String> rest = columns.stream().filter(c -> !key.contains(c)).toList();
        String update = rest.isEmpty()
                ? quote(key.get(0)) + " = " + quote(key.get(0))
                : rest.stream().map(c -> quote(c) + " = VALUES(" + quote(c) + ")").collect(Collectors.joining(", "));
        return insert(table, columns) + " ON DUPLICATE KEY UPDATE " + update;
    }

    /**
     * Each non-key column is assigned only when the incoming version is not older; MariaDB assigns
     * left to right and later assignments see earlier ones, so the version column comes last.
     */
    @Override
    public String upsertIfNotOlderSql(String table, List<String> columns, List<String> key, String version) {
        String v = quote(version);
        String notOlder = "(" + v + " IS NULL OR VALUES(" + v + ") >= " + v + ")";
        List<String> assigned = new ArrayList<>(columns.stream().filter(c -> !key.contains(c) && !c.equals(version)).toList());
        if (columns.contains(version) && !key.contains(version)) {
            assigned.add(version);
        }
        String update = assigned.isEmpty()
                ? quote(key.get(0)) + " = " + quote(key.get(0))
                : assigned.stream().map(c -> quote(c) + " = IF(" + notOlder + ", VALUES(" + quote(c) + "), " + quote(c) + ")")
                        .collect(Collectors.joining(", "));
        return insert(table, columns) + " ON DUPLICATE KEY UPDATE " + update;
    }

    private String insert(String table, List<String> columns) {
        return "INSERT INTO " + quoteTable(table) + " (" + columnList(columns) + ") VALUES (" + Dialect.placeholders(columns.size()) + ")";
    }
}
