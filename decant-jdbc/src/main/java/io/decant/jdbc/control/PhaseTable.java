package io.decant.jdbc.control;

import io.decant.Phase;
import io.decant.control.AuditEntry;
import io.decant.control.MigrationState;
import io.decant.control.PhaseLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Migrations with their phase ({@code decant_migrations}) and the audit log ({@code decant_audit}). */
final class PhaseTable implements PhaseLog {
    private static final String STATE_COLUMNS = "name, phase, version, changed_at, dual_write_version";
    private static final String AUDIT_COLUMNS = "id, migration, at, actor, action, from_phase, to_phase, version, reason, forced, detail";

    private final ControlDb db;
    private final ControlSql sql;

    PhaseTable(ControlDb db) {
        this.db = db;
        this.sql = db.sql;
    }

    @Override
    public MigrationState register(String migration) {
        return db.transaction("register migration " + migration, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO decant_migrations (" + STATE_COLUMNS + ")"
                    + " VALUES (?, ?, 1, " + sql.now() + ", 0)" + sql.onConflictDoNothing("name", "name"))) {
                ps.setString(1, migration);
                ps.setString(2, Phase.LEGACY_ONLY.name());
                ps.executeUpdate();
            }
            return state(c, migration).orElseThrow();
        });
    }

    @Override
    public Optional<String> registeredTables(String migration) {
        return db.autocommit("read tables of migration " + migration, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT table_names FROM decant_migrations WHERE name = ?")) {
                ps.setString(1, migration);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void registerTables(String migration, String tables) {
        db.autocommit("record tables of migration " + migration, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE decant_migrations SET table_names = ? WHERE name = ?")) {
                ps.setString(1, tables);
                ps.setString(2, migration);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<MigrationState> state(String migration) {
        return db.autocommit("read state of migration " + migration, c -> state(c, migration));
    }

    Optional<MigrationState> state(Connection c, String migration) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + STATE_COLUMNS + " FROM decant_migrations WHERE name = ?")) {
            ps.setString(1, migration);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(state(rs)) : Optional.empty();
            }
        }
    }

    @Override
    public List<MigrationState> states() {
        return db.autocommit("list migrations", c -> {
            List<MigrationState> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + STATE_COLUMNS + " FROM decant_migrations ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(state(rs));
                }
            }
            return out;
        });
    }

    private MigrationState state(ResultSet rs) throws SQLException {
        return new MigrationState(rs.getString(1), Phase.valueOf(rs.getString(2)), rs.getLong(3), sql.instant(rs, 4), rs.getLong(5));
    }

    /**
     * Compare-and-set on (phase, version) with the audit line in the same transaction. Leaving
     * LEGACY_ONLY for DUAL_WRITE or later records the new version as the dual-write version.
     */
    @Override
    public Optional<MigrationState> transition(MigrationState expected, Phase to, AuditEntry audit) {
        long next = expected.version() + 1;
        boolean entersDualWrite = expected.phase() == Phase.LEGACY_ONLY && !to.isBefore(Phase.DUAL_WRITE);
        return db.transaction("move migration " + expected.migration() + " to " + to, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE decant_migrations SET phase = ?, version = ?,"
                    + " changed_at = " + sql.now() + ", dual_write_version = CASE WHEN ? THEN ? ELSE dual_write_version END"
                    + " WHERE name = ? AND phase = ? AND version = ?")) {
                ps.setString(1, to.name());
                ps.setLong(2, next);
                ps.setBoolean(3, entersDualWrite);
                ps.setLong(4, next);
                ps.setString(5, expected.migration());
                ps.setString(6, expected.phase().name());
                ps.setLong(7, expected.version());
                if (ps.executeUpdate() != 1) {
                    return Optional.empty();
                }
            }
            insertAudit(c, new AuditEntry(0, expected.migration(), null, audit.actor(), audit.action(),
                    expected.phase(), to, next, audit.reason(), audit.forced(), audit.detail()));
            return state(c, expected.migration());
        });
    }

    @Override
    public void audit(AuditEntry entry) {
        db.autocommit("append audit line for " + entry.migration(), c -> {
            insertAudit(c, entry);
            return null;
        });
    }

    private void insertAudit(Connection c, AuditEntry e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO decant_audit (migration, at, actor, action, from_phase,"
                + " to_phase, version, reason, forced, detail) VALUES (?, " + sql.now() + ", ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, e.migration());
            ps.setString(2, e.actor() == null ? "unknown" : e.actor());
            ps.setString(3, e.action());
            ps.setString(4, e.from() == null ? null : e.from().name());
            ps.setString(5, e.to() == null ? null : e.to().name());
            ps.setLong(6, e.version());
            ps.setString(7, e.reason());
            ps.setBoolean(8, e.forced());
            ps.setString(9, e.detail());
            ps.executeUpdate();
        }
    }

    /** Newest first; every migration's lines when {@code migration} is null. */
    @Override
    public List<AuditEntry> auditTail(String migration, int limit) {
        return db.autocommit("read audit log", c -> {
            String where = migration == null ? "" : " WHERE migration = ?";
            List<AuditEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + AUDIT_COLUMNS + " FROM decant_audit" + where
                    + " ORDER BY id DESC LIMIT ?")) {
                int i = 1;
                if (migration != null) {
                    ps.setString(i++, migration);
                }
                ps.setInt(i, Math.max(0, limit));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AuditEntry(rs.getLong(1), rs.getString(2), sql.instant(rs, 3), rs.getString(4),
                                rs.getString(5), phase(rs.getString(6)), phase(rs.getString(7)), rs.getLong(8),
                                rs.getString(9), rs.getBoolean(10), rs.getString(11)));
                    }
                }
            }
            return out;
        });
    }

    private static Phase phase(String name) {
        return name == null ? null : Phase.valueOf(name);
    }
}
