package io.decant.it.backfill;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.decant.AdvanceRequest;
import io.decant.Decant;
import io.decant.Phase;
import io.decant.config.DecantConfig;
import io.decant.jdbc.testing.TestDatabases;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.time.Duration;

/**
 * A legacy database (also the control store) and a target database on real servers, a
 * {@code decant.yaml} for one migration between them, and an independent SQL comparison of the two
 * tables that knows nothing of Decant's code.
 */
final class BackfillFixture implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Database legacy;
    final Database target;
    Path configFile;
    Decant decant;

    BackfillFixture(Engine legacyEngine, Engine targetEngine) {
        this.legacy = TestDatabases.of(legacyEngine).createDatabase();
        this.target = TestDatabases.of(targetEngine).createDatabase();
    }

    /** Writes decant.yaml with {@code migration} as the body of {@code migrations.orders} and opens Decant. */
    Decant open(String migration, String instances) throws IOException {
        String yaml = "control: legacy\n"
                + "stores:\n"
                + store("legacy", legacy)
                + store("orders", target)
                + (instances == null ? "" : "instances: " + instances + "\n")
                + "migrations:\n"
                + "  orders:\n"
                + migration.lines().map(l -> "    " + l + "\n").reduce("", String::concat);
        configFile = Files.createTempFile("decant-backfill", ".yaml");
        Files.writeString(configFile, yaml);
        decant = Decant.open(DecantConfig.load(configFile));
        return decant;
    }

    private static String store(String name, Database db) {
        return "  " + name + ":\n    url: " + db.url() + "\n"
                + (db.user() == null ? "" : "    user: " + db.user() + "\n")
                + (db.password() == null ? "" : "    password: " + db.password() + "\n");
    }

    /** decant init, then advance to DUAL_WRITE (no instances registered: the barrier is immediate). */
    void toDualWrite() {
        decant.init();
        decant.advance("orders", new AdvanceRequest(Optional.of(Phase.DUAL_WRITE), Duration.ofSeconds(10), false, null, "test"));
    }

    boolean postgres(Database db) {
        return db.engine() == Engine.POSTGRES;
    }

    /** Rows of a table as canonical text, in key order, reading {@code columns}. */
    static List<List<String>> rows(Database db, String table, List<String> columns, List<String> key) throws SQLException {
        String q = db.engine() == Engine.POSTGRES ? "\"" : "`";
        String cols = String.join(", ", columns.stream().map(c -> q + c + q).toList());
        String order = String.join(", ", key.stream().map(c -> q + c + q).toList());
        List<List<String>> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            if (db.engine() == Engine.POSTGRES) {
                s.execute("SET TIME ZONE 'UTC'");
            } else {
                s.execute("SET time_zone = '+00:00'");
            }
            try (ResultSet rs = s.executeQuery("SELECT " + cols + " FROM " + table + " ORDER BY " + order)) {
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns.size(); i++) {
                        row.add(canonical(rs, i));
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }

    private static String canonical(ResultSet rs, int i) throws SQLException {
        Object v = rs.getObject(i);
        if (v == null) {
            return "∅";
        }
        String type = rs.getMetaData().getColumnTypeName(i).toLowerCase();
        if (type.contains("timestamptz")) {
            return rs.getObject(i, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime().toString();
        }
        if (v instanceof java.sql.Timestamp || v instanceof LocalDateTime) {
            return rs.getObject(i, LocalDateTime.class).toString();
        }
        if (v instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (v instanceof Number) {
            return new BigDecimal(v.toString()).stripTrailingZeros().toPlainString();
        }
        if (v instanceof byte[] b) {
            return HexFormat.of().formatHex(b);
        }
        String text = v.toString();
        if (type.contains("json") || text.startsWith("{") || text.startsWith("[")) {
            try {
                return JSON.readTree(text).toString();
            } catch (IOException e) {
                return text;
            }
        }
        return text;
    }

    @Override
    public void close() throws IOException {
        if (decant != null) {
            decant.close();
        }
        if (configFile != null) {
            Files.deleteIfExists(configFile);
        }
    }
}
