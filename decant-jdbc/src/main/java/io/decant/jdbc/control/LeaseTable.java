package io.decant.jdbc.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The lease columns a table of work units shares with the others of its kind — the backfill's
 * chunks, the verification's spans: one row per unit, keyed by {@code (migration, <run>, <unit>)},
 * with {@code state} ({@code pending}, {@code leased}, {@code done}), {@code owner},
 * {@code lease_until} (the control store's clock), {@code attempts} (the lease's fencing number:
 * a checkpoint or release holds only for the owner of that attempt). Claims lock with
 * {@code FOR UPDATE SKIP LOCKED}, so workers never wait for each other.
 */
final class LeaseTable {
    private final ControlDb db;
    private final String table;
    private final String run;
    private final String unit;

    /**
     * @param table the table's name
     * @param run   the column naming the plan or run the units belong to
     * @param unit  the column numbering the units within it
     */
    LeaseTable(ControlDb db, String table, String run, String unit) {
        this.db = db;
        this.table = table;
        this.run = run;
        this.unit = unit;
    }

    /** {@code WHERE} condition of a unit free to claim: pending, or leased by a lease that ran out. */
    String claimable() {
        return "(state = 'pending' OR (state = 'leased' AND lease_until < " + db.sql.now() + "))";
    }

    /**
     * The statement selecting, locked, the first claimable unit of a run (parameters: migration, run):
     * its number, then {@code columns}, then its attempts so far.
     */
    String firstClaimable(String columns) {
        return "SELECT " + unit + ", " + columns + ", attempts FROM " + table + " WHERE migration = ? AND " + run + " = ?"
                + " AND " + claimable() + " ORDER BY " + unit + " LIMIT 1 FOR UPDATE SKIP LOCKED";
    }

    /** Leases a unit selected by {@link #firstClaimable} to {@code owner} for {@code lease}, as attempt {@code attempt}. */
    void lease(Connection c, String migration, long runId, int unitNo, String owner, Duration lease, int attempt)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET state = 'leased', owner = ?,"
                + " lease_until = " + db.sql.nowPlusMicros() + ", attempts = ?"
                + " WHERE migration = ? AND " + run + " = ? AND " + unit + " = ?")) {
            ps.setString(1, owner);
            ps.setLong(2, ControlSql.micros(lease));
            ps.setInt(3, attempt);
            ps.setString(4, migration);
            ps.setLong(5, runId);
            ps.setInt(6, unitNo);
            ps.executeUpdate();
        }
    }

    /**
     * {@code WHERE} condition of the unit held by one lease; {@link #bindHeld} binds its five
     * parameters (migration, run, unit, owner, attempt).
     */
    String held() {
        return "migration = ? AND " + run + " = ? AND " + unit + " = ? AND state = 'leased' AND owner = ? AND attempts = ?";
    }

    static void bindHeld(PreparedStatement ps, int from, String migration, long runId, int unitNo, String owner,
                         int attempt) throws SQLException {
        ps.setString(from, migration);
        ps.setLong(from + 1, runId);
        ps.setInt(from + 2, unitNo);
        ps.setString(from + 3, owner);
        ps.setInt(from + 4, attempt);
    }

    /** Gives a held unit back, pending again; a lease lost meanwhile changes nothing. */
    void release(String what, String migration, long runId, int unitNo, String owner, int attempt) {
        db.autocommit("release " + what + " " + unitNo + " of " + migration, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET state = 'pending', lease_until = NULL"
                    + " WHERE " + held())) {
                bindHeld(ps, 1, migration, runId, unitNo, owner, attempt);
                return ps.executeUpdate();
            }
        });
    }

    /** A run's units: how many, done, leased, and the sum of {@code rowsColumn}. */
    record Counts(int total, int done, int leased, long rows) {
    }

    Counts counts(String operation, String migration, long runId, String rowsColumn) {
        return db.autocommit(operation, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*),"
                    + " COALESCE(SUM(CASE WHEN state = 'done' THEN 1 ELSE 0 END), 0),"
                    // leased counts only live leases: a dead process's spans are not "being compared"
                    + " COALESCE(SUM(CASE WHEN state = 'leased' AND lease_until >= " + db.sql.now() + " THEN 1 ELSE 0 END), 0),"
                    + " COALESCE(SUM(" + rowsColumn + "), 0) FROM " + table + " WHERE migration = ? AND " + run + " = ?")) {
                ps.setString(1, migration);
                ps.setLong(2, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Counts(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getLong(4));
                }
            }
        });
    }

    /**
     * Within a transaction: makes sure the plan row of {@code migration} exists in {@code planTable}
     * ({@code insertPlaceholder}, a conflict-ignoring insert taking the migration as its one
     * parameter), locks it, and returns its current run id (0 before the first run).
     */
    static long lockPlanRow(Connection c, String planTable, String runColumn, String insertPlaceholder, String migration)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insertPlaceholder)) {
            ps.setString(1, migration);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + runColumn + " FROM " + planTable
                + " WHERE migration = ? FOR UPDATE")) {
            ps.setString(1, migration);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Deletes every unit of {@code migration}, of every run. */
    void deleteAll(Connection c, String migration) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE migration = ?")) {
            ps.setString(1, migration);
            ps.executeUpdate();
        }
    }
}
