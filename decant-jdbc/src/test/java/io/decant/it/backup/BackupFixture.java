package io.decant.it.backup;

import io.decant.Decant;
import io.decant.Phase;
import io.decant.config.DecantConfig;
import io.decant.config.MigrationConfig;
import io.decant.config.RetireSettings;
import io.decant.config.StoreConfig;
import io.decant.config.TableConfig;
import io.decant.control.AuditEntry;
import io.decant.control.ControlStore;
import io.decant.control.MigrationState;
import io.decant.control.VerificationRecord;
import io.decant.jdbc.driver.JdbcStoreConnection;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.jdbc.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A legacy {@code accounts} table with every kind of column (NULLs in every nullable column on
 * some rows), a service table that only maps two of its columns, the control store in the legacy
 * database, and helpers to put the migration into NEW_ONLY with a clean verification.
 */
final class BackupFixture implements AutoCloseable {
    static final String MIGRATION = "accounts";
    static final int ROWS = 300;

    final Engine engine;
    final Database legacy;
    final Database service;
    final DecantConfig config;
    final JdbcStoreConnection controlConnection;
    final ControlStore control;

    private BackupFixture(Engine engine, Database legacy, Database service, RetireSettings retire) {
        this.engine = engine;
        this.legacy = legacy;
        this.service = service;
        this.config = config(legacy, service, retire);
        this.controlConnection = JdbcStoreConnection.open(config.store("legacy"));
        this.control = controlConnection.control();
    }

    static BackupFixture create(Engine engine) {
        return create(engine, new RetireSettings(37, 0));
    }

    static BackupFixture create(Engine engine, RetireSettings retire) {
        Database legacy = TestDatabases.of(engine).createDatabase();
        Database service = TestDatabases.of(engine).createDatabase();
        if (engine == Engine.POSTGRES) {
            legacy.execute("CREATE TABLE accounts (id bigint PRIMARY KEY, small_n smallint, amount numeric(12,2),"
                            + " big_amount numeric, ratio double precision, ratio4 real, active boolean, name varchar(40),"
                            + " note text, created_at timestamp(6), seen_at timestamptz, birthday date, wake_at time,"
                            + " photo bytea, doc jsonb, doc_text json, ref uuid)",
                    "INSERT INTO accounts SELECT g, (g % 300)::smallint, (g * 1.25)::numeric(12,2),"
                            + " ('123456789012345678901234567890.' || g)::numeric, g / 7.0, (g / 3.0)::real, g % 2 = 0,"
                            + " 'name ' || g || ' ü✓', repeat('x', g % 17), TIMESTAMP '2024-02-29 12:00:00.123456' + g * INTERVAL '1 second',"
                            + " TIMESTAMPTZ '2024-01-01 00:00:00.000001+02' + g * INTERVAL '1 minute', DATE '2000-01-01' + g,"
                            + " TIME '08:30:00.5' + g * INTERVAL '1 second', decode(lpad(to_hex(g), 8, '0') || '00ff', 'hex'),"
                            + " ('{\"n\": ' || g || ', \"tags\": [\"a\", \"b\"]}')::jsonb, ('{ \"spaced\" :  ' || g || ' }')::json,"
                            + " md5(g::text)::uuid FROM generate_series(1, " + ROWS + ") g",
                    "UPDATE accounts SET small_n = NULL, amount = NULL, big_amount = NULL, ratio = NULL, ratio4 = NULL,"
                            + " active = NULL, name = NULL, note = NULL, created_at = NULL, seen_at = NULL, birthday = NULL,"
                            + " wake_at = NULL, photo = NULL, doc = NULL, doc_text = NULL, ref = NULL WHERE id % 50 = 0",
                    "UPDATE accounts SET amount = 2.50, big_amount = 0.000, note = '', photo = '\\x'::bytea WHERE id = 7");
            service.execute("CREATE TABLE accounts_new (id bigint PRIMARY KEY, name varchar(40))");
        } else {
            legacy.execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, small_n SMALLINT, amount DECIMAL(12,2),"
                            + " big_amount DECIMAL(40,10), ratio DOUBLE, ratio4 FLOAT, active BOOLEAN, name VARCHAR(40),"
                            + " note TEXT, created_at DATETIME(6), seen_at TIMESTAMP(6) NULL, birthday DATE, wake_at TIME(6),"
                            + " photo BLOB, doc JSON, ref UUID) DEFAULT CHARSET = utf8mb4",
                    "INSERT INTO accounts SELECT seq, seq % 300, seq * 1.25, CONCAT('123456789012345678901234567890.', seq),"
                            + " seq / 7.0, seq / 3.0, seq % 2 = 0, CONCAT('name ', seq, ' ü✓'), REPEAT('x', seq % 17),"
                            + " TIMESTAMP '2024-02-29 12:00:00.123456' + INTERVAL seq SECOND,"
                            + " TIMESTAMP '2024-01-01 00:00:00.000001' + INTERVAL seq MINUTE, DATE '2000-01-01' + INTERVAL seq DAY,"
                            + " TIME '08:30:00.5' + INTERVAL seq SECOND, UNHEX(CONCAT(LPAD(HEX(seq), 8, '0'), '00FF')),"
                            + " CONCAT('{\"n\": ', seq, ', \"tags\": [\"a\", \"b\"]}'), UUID() FROM seq_1_to_" + ROWS,
                    "UPDATE accounts SET small_n = NULL, amount = NULL, big_amount = NULL, ratio = NULL, ratio4 = NULL,"
                            + " active = NULL, name = NULL, note = NULL, created_at = NULL, seen_at = NULL, birthday = NULL,"
                            + " wake_at = NULL, photo = NULL, doc = NULL, ref = NULL WHERE id % 50 = 0",
                    "UPDATE accounts SET amount = 2.50, big_amount = 0.000, note = '', photo = X'' WHERE id = 7");
            service.execute("CREATE TABLE accounts_new (id BIGINT PRIMARY KEY, name VARCHAR(40))");
        }
        return new BackupFixture(engine, legacy, service, retire);
    }

    static DecantConfig config(Database legacy, Database service, RetireSettings retire) {
        Map<String, StoreConfig> stores = new LinkedHashMap<>();
        stores.put("legacy", new StoreConfig("legacy", legacy.url(), legacy.user(), legacy.password(), 4));
        stores.put("service", new StoreConfig("service", service.url(), service.user(), service.password(), 4));
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("id", "id");
        columns.put("name", "name");
        MigrationConfig m = new MigrationConfig(MIGRATION,
                new TableConfig("legacy", "accounts", List.of("id"), Optional.empty()),
                new TableConfig("service", "accounts_new", List.of("id"), Optional.empty()),
                columns, Optional.empty(), null, null, null, retire, null, null);
        return new DecantConfig("legacy", stores, Map.of(MIGRATION, m), null, Optional.empty());
    }

    /** Creates the control schema and registers the migration (as {@code decant init}). */
    Decant openDecant() {
        Decant decant = Decant.open(config);
        decant.init();
        return decant;
    }

    MigrationState state() {
        return control.phases().state(MIGRATION).orElseThrow();
    }

    /** Moves the migration to {@code phase} directly in the control store (as a test shortcut). */
    MigrationState moveTo(Phase phase) {
        MigrationState s = state();
        return control.phases().transition(s, phase, new AuditEntry(0, MIGRATION, null, "test@host", "advance", s.phase(), phase,
                s.version() + 1, "test setup", true, null)).orElseThrow();
    }

    /** Records a clean, full verification under the current phase version. */
    void recordCleanVerification() {
        MigrationState s = state();
        Instant now = control.now();
        control.evidence().recordVerification(new VerificationRecord(0, MIGRATION, s.version(), now.minusSeconds(2), now, true,
                ROWS, 0, 0, 0, 0));
    }

    /** NEW_ONLY with a clean verification: every retire precondition holds. */
    void readyToRetire() {
        moveTo(Phase.NEW_ONLY);
        recordCleanVerification();
    }

    long legacyRows() {
        return queryLong("SELECT COUNT(*) FROM accounts");
    }

    boolean legacyTableExists() {
        return queryLong(engine == Engine.POSTGRES
                ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'accounts'"
                : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'accounts'") == 1;
    }

    long queryLong(String sql) {
        try (Connection c = legacy.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every legacy row as the database itself prints it, in key order: an independent picture of the
     * table (PostgreSQL's record text; MariaDB's hex of each column's binary string form).
     */
    List<String> snapshot() {
        String sql = engine == Engine.POSTGRES
                ? "SELECT t::text FROM accounts t ORDER BY id"
                : "SELECT CONCAT_WS('|', " + String.join(", ", List.of("id", "small_n", "amount", "big_amount", "ratio", "ratio4",
                        "active", "name", "note", "created_at", "seen_at", "birthday", "wake_at", "photo", "doc", "ref").stream()
                        .map(c -> "COALESCE(HEX(CAST(" + c + " AS BINARY)), 'NULL')").toList()) + ") FROM accounts ORDER BY id";
        List<String> rows = new ArrayList<>();
        try (Connection c = legacy.connect(); Statement s = c.createStatement()) {
            if (engine == Engine.MARIADB) {
                s.execute("SET time_zone = '+00:00'");
            }
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    /** The control store's view of the migration: phase, version and the number of audit lines. */
    String controlPicture() {
        MigrationState s = state();
        return s.phase() + "@" + s.version() + " audit=" + control.phases().auditTail(MIGRATION, 1000).size()
                + " journal=" + control.journal().depth(MIGRATION) + " deferred=" + control.journal().deferredDepth(MIGRATION);
    }

    @Override
    public void close() {
        controlConnection.close();
    }
}
