package io.decant.jdbc.backup;

import io.decant.jdbc.dialect.Dialect;
import io.decant.jdbc.dialect.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The full declared type of each column (with length, precision, scale, and on MariaDB the
 * character set and collation of text columns), by column name.
 */
final class DeclaredTypes {
    private DeclaredTypes() {
    }

    static Map<String, String> of(Connection connection, Dialect dialect, String table, boolean postgres) throws SQLException {
        TableName name = TableName.parse(table);
        String sql = postgres
                ? "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                        + " WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped"
                : "SELECT column_name, column_type, character_set_name, collation_name FROM information_schema.columns"
                        + " WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ?";
        Map<String, String> types = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            if (postgres) {
                ps.setString(1, dialect.quoteTable(table));
            } else {
                ps.setString(1, name.schema().orElse(null));
                ps.setString(2, name.table());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(2);
                    if (!postgres && rs.getString(3) != null && rs.getString(4) != null) {
                        type += " CHARACTER SET " + rs.getString(3) + " COLLATE " + rs.getString(4);
                    }
                    types.put(rs.getString(1), type);
                }
            }
        }
        return types;
    }
}
