package io.decant.http.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.decant.AdvanceRequest;
import io.decant.Decant;
import io.decant.Phase;
import io.decant.config.DecantConfig;
import io.decant.control.ControlStore;
import io.decant.driver.StoreConnection;
import io.decant.jdbc.driver.JdbcStoreDriver;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.jdbc.testing.TestDatabases;
import io.decant.service.DecantEndpoint;
import io.decant.service.RunningEndpoint;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A legacy database (also the control store) and a service's database on real servers; the
 * service's table served by decant-service's endpoint (in this JVM, on a random port, over the
 * service's own pool whose sessions are not in UTC); a {@code decant.yaml} whose target store is
 * that endpoint ({@code url: http://…}, {@code token:}); and an independent SQL comparison of the
 * two tables that knows nothing of Decant's code.
 */
final class ServiceFixture implements AutoCloseable {
    static final String TOKEN = "http-it-token-" + Long.toHexString(System.nanoTime());

    final Database legacy;
    final Database service;
    private HikariDataSource servicePool;
    private RunningEndpoint endpoint;
    Path configFile;
    Decant decant;
    private final List<Decant> opened = new ArrayList<>();
    private StoreConnection controlConnection;

    ServiceFixture(Engine legacyEngine, Engine serviceEngine) {
        this.legacy = TestDatabases.of(legacyEngine).createDatabase();
        this.service = TestDatabases.of(serviceEngine).createDatabase();
    }

    /** Serves {@code table} of the service's database (created by the caller) with the version column, if any. */
    RunningEndpoint serve(String table, String version) {
        HikariConfig h = new HikariConfig();
        h.setJdbcUrl(service.url());
        h.setUsername(service.user());
        h.setPassword(service.password());
        h.setMaximumPoolSize(10);
        h.setConnectionInitSql(postgres(service) ? "SET TIME ZONE 'America/New_York'" : "SET time_zone = '-05:00'");
        servicePool = new HikariDataSource(h);
        DecantEndpoint e = DecantEndpoint.over(servicePool, table).token(TOKEN).threads(12);
        if (version != null) {
            e.version(version);
        }
        endpoint = e.start(0);
        return endpoint;
    }

    /**
     * Writes decant.yaml with {@code migration} as the body of {@code migrations.orders} (source store
     * {@code legacy}, target store {@code orders}: the endpoint) and opens Decant.
     */
    Decant open(String migration, String instances) throws IOException {
        String yaml = "control: legacy\n"
                + "stores:\n"
                + "  legacy:\n    url: " + legacy.url() + "\n"
                + (legacy.user() == null ? "" : "    user: " + legacy.user() + "\n")
                + (legacy.password() == null ? "" : "    password: " + legacy.password() + "\n")
                + "  orders:\n    url: " + endpoint.uri() + "\n    token: " + TOKEN + "\n    pool-size: 12\n"
                + (instances == null ? "" : "instances: " + instances + "\n")
                + "migrations:\n"
                + "  orders:\n"
                + migration.lines().map(l -> "    " + l + "\n").reduce("", String::concat);
        configFile = Files.createTempFile("decant-http", ".yaml");
        Files.writeString(configFile, yaml);
        decant = open();
        return decant;
    }

    /** Another Decant on the same configuration (closed with the fixture). */
    Decant open() {
        Decant d = Decant.open(DecantConfig.load(configFile));
        opened.add(d);
        return d;
    }

    /** decant init, then advance to DUAL_WRITE (no instances registered: the barrier is immediate). */
    void toDualWrite() {
        decant.init();
        decant.advance("orders", new AdvanceRequest(Optional.of(Phase.DUAL_WRITE), Duration.ofSeconds(10), false, null, "test"));
    }

    /** The control store (the legacy database), reached directly. */
    synchronized ControlStore control() {
        if (controlConnection == null) {
            controlConnection = new JdbcStoreDriver().connect(DecantConfig.load(configFile).store("legacy"));
        }
        return controlConnection.control();
    }

    static boolean postgres(Database db) {
        return db.engine() == Engine.POSTGRES;
    }

    /** Rows of a table as canonical text, in key order, reading {@code columns} with plain SQL. */
    static List<List<String>> rows(Database db, String table, List<String> columns, String key) {
        String cols = String.join(", ", columns);
        List<List<String>> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(postgres(db) ? "SET TIME ZONE 'UTC'" : "SET time_zone = '+00:00'");
            try (ResultSet rs = s.executeQuery("SELECT " + cols + " FROM " + table + " ORDER BY " + key)) {
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns.size(); i++) {
                        row.add(canonical(rs, i));
                    }
                    out.add(row);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading " + table + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static String canonical(ResultSet rs, int i) throws SQLException {
        Object v = rs.getObject(i);
        if (v == null) {
            return "∅";
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
        return v.toString();
    }

    /** Runs statements on a database, each in its own transaction. */
    static void execute(Database db, String... sql) {
        db.execute(sql);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (Decant d : opened) {
            try {
                d.close();
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }
        if (controlConnection != null) {
            controlConnection.close();
        }
        if (endpoint != null) {
            endpoint.close();
        }
        if (servicePool != null) {
            servicePool.close();
        }
        if (configFile != null) {
            try {
                Files.deleteIfExists(configFile);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
        legacy.close();
        service.close();
    }
}
