package io.decant.jdbc.control;

import io.decant.control.BackfillPlan;
import io.decant.control.ChunkHandoff;
import io.decant.control.ChunkLease;
import io.decant.control.ChunkLeases;
import io.decant.control.ChunkProgress;
import io.decant.control.ChunkStatus;
import io.decant.control.UncheckedCopy;
import io.decant.spi.Key;
import io.decant.store.KeyRange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@link ChunkLeases} in two tables of the control store: {@code decant_backfill_plan} (one row per
 * migration: the plan id, the versions it was made under, its size, when it started and completed;
 * the row is also the planning lock) and {@code decant_backfill_lease} (one row per chunk: its key
 * range as JSON keys, state, lease owner and expiry, attempts, rows copied), and
 * {@code decant_backfill_unchecked} (copies made without source row locks whose check may not have
 * run, with the chunk's range, until the chunk is checkpointed or the copy settled). Claims lock with
 * {@code FOR UPDATE SKIP LOCKED} (PostgreSQL 9.5+, MariaDB 10.6+), so concurrent workers never
 * wait for each other; lease times come from the control store's clock.
 */
public final class JdbcChunkLeases implements ChunkLeases {
    private static final String PLAN_COLUMNS = "migration, plan_id, phase_version, dual_write_version, chunk_rows,"
            + " chunks_total, rows_estimate, started_at, completed_at";
    /** The tables, also created by control schema step 3; created here too for a store initialized before it. */
    static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS decant_backfill_plan (migration varchar(64) NOT NULL PRIMARY KEY,"
                    + " plan_id bigint NOT NULL, phase_version bigint NOT NULL, dual_write_version bigint NOT NULL,"
                    + " chunk_rows integer NOT NULL, chunks_total integer NOT NULL, rows_estimate bigint NOT NULL,"
                    + " started_at ${TS}, completed_at ${TS})${TABLE}",
            "CREATE TABLE IF NOT EXISTS decant_backfill_lease (migration varchar(64) NOT NULL, plan_id bigint NOT NULL,"
                    + " chunk_no integer NOT NULL, after_key ${LONGTEXT}, up_to_key ${LONGTEXT},"
                    + " state varchar(8) NOT NULL, owner varchar(200), lease_until ${TS},"
                    + " attempts integer NOT NULL, rows_copied bigint NOT NULL,"
                    + " PRIMARY KEY (migration, plan_id, chunk_no))${TABLE}",
            "CREATE TABLE IF NOT EXISTS decant_backfill_unchecked (migration varchar(64) NOT NULL, plan_id bigint NOT NULL,"
                    + " chunk_no integer NOT NULL, mark varchar(100) NOT NULL, after_key ${LONGTEXT}, up_to_key ${LONGTEXT},"
                    + " recorded_at ${TS}, PRIMARY KEY (migration, plan_id, chunk_no, mark))${TABLE}");
    private static final int INSERT_BATCH = 500;
    private static final String INSERT_CHUNK = "INSERT INTO decant_backfill_lease (migration, plan_id, chunk_no,"
            + " after_key, up_to_key, state, owner, lease_until, attempts, rows_copied)"
            + " VALUES (?, ?, ?, ?, ?, 'pending', NULL, NULL, 0, 0)";

    private final ControlDb db;
    private final LeaseTable leases;
    private volatile boolean schemaReady;

    JdbcChunkLeases(ControlDb db) {
        this.db = db;
        this.leases = new LeaseTable(db, "decant_backfill_lease", "plan_id", "chunk_no");
    }

    @Override
    public void ensureSchema() {
        if (!schemaReady) {
            db.createTables("backfill lease tables", DDL);
            schemaReady = true;
        }
    }

    @Override
    public Optional<BackfillPlan> plan(String migration) {
        ensureSchema();
        return db.autocommit("read the backfill plan of " + migration, c -> readPlan(c, migration, false));
    }

    private Optional<BackfillPlan> readPlan(Connection c, String migration, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + PLAN_COLUMNS + " FROM decant_backfill_plan"
                + " WHERE migration = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setString(1, migration);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getLong(2) == 0) {
                    return Optional.empty();
                }
                return Optional.of(new BackfillPlan(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getInt(5), rs.getInt(6), rs.getLong(7), db.sql.instant(rs, 8), db.sql.instant(rs, 9)));
            }
        }
    }

    @Override
    public BackfillPlan planOnce(String migration, Predicate<BackfillPlan> keep, BackfillPlan draft, Planner planner) {
        ensureSchema();
        return db.transaction("plan the backfill of " + migration, c -> {
            long previousId = LeaseTable.lockPlanRow(c, "decant_backfill_plan", "plan_id", "INSERT INTO decant_backfill_plan ("
                    + PLAN_COLUMNS + ") VALUES (?, 0, 0, 0, 0, 0, 0, NULL, NULL)"
                    + db.sql.onConflictDoNothing("migration", "plan_id"), migration);
            Optional<BackfillPlan> current = readPlan(c, migration, false);
            if (current.isPresent() && keep.test(current.get())) {
                return current.get();
            }
            leases.deleteAll(c, migration);
            long planId = previousId + 1;
            int chunks = insertChunks(c, migration, planId, planner);
            try (PreparedStatement ps = c.prepareStatement("UPDATE decant_backfill_plan SET plan_id = ?, phase_version = ?,"
                    + " dual_write_version = ?, chunk_rows = ?, chunks_total = ?, rows_estimate = ?, started_at = "
                    + db.sql.now() + ", completed_at = NULL WHERE migration = ?")) {
                ps.setLong(1, planId);
                ps.setLong(2, draft.phaseVersion());
                ps.setLong(3, draft.dualWriteVersion());
                ps.setInt(4, draft.chunkRows());
                ps.setInt(5, chunks);
                ps.setLong(6, draft.rowsEstimate());
                ps.setString(7, migration);
                ps.executeUpdate();
            }
            return readPlan(c, migration, false).orElseThrow();
        });
    }

    private static int insertChunks(Connection c, String migration, long planId, Planner planner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_CHUNK)) {
            int[] count = {0};
            SQLException[] failed = {null};
            planner.plan(range -> {
                if (failed[0] != null) {
                    return;
                }
                try {
                    bindChunk(ps, migration, planId, count[0]++, range.after(), range.upTo().orElse(null));
                    ps.addBatch();
                    if (count[0] % INSERT_BATCH == 0) {
                        ps.executeBatch();
                    }
                } catch (SQLException e) {
                    failed[0] = e;
                }
            });
            if (failed[0] != null) {
                throw failed[0];
            }
            ps.executeBatch();
            return count[0];
        }
    }

    @Override
    public void updateEstimate(String migration, long planId, long rowsEstimate) {
        db.autocommit("update the backfill estimate of " + migration, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE decant_backfill_plan SET rows_estimate = ? WHERE migration = ? AND plan_id = ?")) {
                ps.setLong(1, rowsEstimate);
                ps.setString(2, migration);
                ps.setLong(3, planId);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * {@inheritDoc} Commits without waiting for its WAL flush: a crash that loses it loses only the
     * chunks it stored, which the tail, its start not moved, still covers.
     */
    @Override
    public Optional<ChunkLease> extendTail(ChunkLease tail, List<Key> boundaries, long rowsPerChunk, Duration lease) {
        if (tail.range().upTo().isPresent() || boundaries.isEmpty()) {
            throw new IllegalArgumentException("chunk " + tail.chunkNo() + " " + tail.range() + " is not an open-ended tail,"
                    + " or no boundary was given");
        }
        return db.transactionWithoutFlush("store the next chunks of the backfill of " + tail.migration(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT up_to_key FROM decant_backfill_lease WHERE "
                    + leases.held() + " FOR UPDATE")) {
                bindLease(ps, 1, tail);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<ChunkLease>empty();
                    }
                }
            }
            int next;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT MAX(chunk_no) FROM decant_backfill_lease WHERE migration = ? AND plan_id = ?")) {
                ps.setString(1, tail.migration());
                ps.setLong(2, tail.planId());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    next = rs.getInt(1) + 1;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(INSERT_CHUNK)) {
                Optional<Key> from = tail.range().after();
                for (Key upTo : boundaries) {
                    bindChunk(ps, tail.migration(), tail.planId(), next++, from, upTo);
                    ps.addBatch();
                    from = Optional.of(upTo);
                }
                ps.executeBatch();
            }
            Key start = boundaries.get(boundaries.size() - 1);
            try (PreparedStatement ps = c.prepareStatement("UPDATE decant_backfill_lease SET after_key = ?, lease_until = "
                    + db.sql.nowPlusMicros() + " WHERE " + leases.held())) {
                ps.setString(1, start.encode());
                ps.setLong(2, ControlSql.micros(lease));
                bindLease(ps, 3, tail);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE decant_backfill_plan SET chunks_total = chunks_total + ?,"
                    + " rows_estimate = rows_estimate + ? WHERE migration = ? AND plan_id = ?")) {
                ps.setInt(1, boundaries.size());
                ps.setLong(2, boundaries.size() * rowsPerChunk);
                ps.setString(3, tail.migration());
                ps.setLong(4, tail.planId());
                ps.executeUpdate();
            }
            return Optional.of(new ChunkLease(tail.migration(), tail.planId(), tail.chunkNo(), KeyRange.between(start, null),
                    tail.owner(), tail.attempt()));
        });
    }

    @Override
    public Optional<ChunkLease> claim(String migration, long planId, String owner, Duration lease) {
        return db.transaction("claim a backfill chunk of " + migration, c -> claim(c, migration, planId, owner, lease));
    }

    private Optional<ChunkLease> claim(Connection c, String migration, long planId, String owner, Duration lease)
            throws SQLException {
        ChunkLease claimed = null;
        try (PreparedStatement ps = c.prepareStatement(leases.firstClaimable("after_key, up_to_key"))) {
            ps.setString(1, migration);
            ps.setLong(2, planId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    claimed = new ChunkLease(migration, planId, rs.getInt(1), range(rs.getString(2), rs.getString(3)),
                            owner, rs.getInt(4) + 1);
                }
            }
        }
        if (claimed == null) {
            return Optional.empty();
        }
        leases.lease(c, migration, planId, claimed.chunkNo(), owner, lease, claimed.attempt());
        return Optional.of(claimed);
    }

    private static KeyRange range(String after, String upTo) {
        return KeyRange.between(after == null ? null : Key.decode(after), upTo == null ? null : Key.decode(upTo));
    }

    @Override
    public boolean complete(ChunkLease lease, long rowsCopied) {
        return db.transaction("checkpoint chunk " + lease.chunkNo() + " of " + lease.migration(),
                c -> complete(c, lease, rowsCopied));
    }

    @Override
    public ChunkHandoff completeAndClaim(ChunkLease done, long rowsCopied, String owner, Duration lease) {
        String operation = "checkpoint chunk " + done.chunkNo() + " of " + done.migration() + " and claim the next";
        if (db.sql.dataModifyingCtes()) {
            return db.transaction(operation, c -> completeAndClaimInOneStatement(c, done, rowsCopied, owner, lease));
        }
        return db.transaction(operation,
                c -> new ChunkHandoff(complete(c, done, rowsCopied), claim(c, done.migration(), done.planId(), owner, lease)));
    }

    /**
     * Where CTEs may modify data (PostgreSQL): the checkpoint, the forgetting of the chunk's unchecked
     * copies and the next claim as data-modifying CTEs of one statement: one round trip a chunk (plus the commit). The next
     * chunk is never the one being checkpointed (a statement must not change a row twice).
     *
     * <p>The transaction commits without waiting for its WAL flush: a crash of the control store that
     * loses it loses progress, never a row — the chunk, still leased or pending, is copied again
     * (into a range that now holds rows: merged share-locked), an unchecked copy it would have
     * forgotten is settled once more, and a lost claim lets another worker copy the chunk too, which
     * the copies tolerate (the second meets the first's rows and merges).
     */
    private ChunkHandoff completeAndClaimInOneStatement(Connection c, ChunkLease done, long rowsCopied, String owner,
                                                       Duration lease) throws SQLException {
        String sql = "WITH done AS (UPDATE decant_backfill_lease SET state = 'done', rows_copied = ?, lease_until = NULL"
                + " WHERE " + leases.held() + " RETURNING chunk_no),"
                + " forgotten AS (DELETE FROM decant_backfill_unchecked u USING done WHERE u.migration = ? AND u.plan_id = ?"
                + " AND u.chunk_no = done.chunk_no),"
                + " next AS (SELECT chunk_no FROM decant_backfill_lease WHERE migration = ? AND plan_id = ? AND chunk_no <> ?"
                + " AND " + leases.claimable() + " ORDER BY chunk_no LIMIT 1 FOR UPDATE SKIP LOCKED),"
                + " claimed AS (UPDATE decant_backfill_lease l SET state = 'leased', owner = ?, lease_until = "
                + db.sql.nowPlusMicros() + ", attempts = l.attempts + 1 FROM next WHERE l.migration = ? AND l.plan_id = ?"
                + " AND l.chunk_no = next.chunk_no RETURNING l.chunk_no, l.after_key, l.up_to_key, l.attempts)"
                + " SELECT (SELECT count(*) FROM done), claimed.chunk_no, claimed.after_key, claimed.up_to_key, claimed.attempts"
                + " FROM (SELECT 1) one LEFT JOIN claimed ON true";
        db.commitWithoutFlush(c);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, rowsCopied);
            bindLease(ps, 2, done);
            ps.setString(7, done.migration());
            ps.setLong(8, done.planId());
            ps.setString(9, done.migration());
            ps.setLong(10, done.planId());
            ps.setInt(11, done.chunkNo());
            ps.setString(12, owner);
            ps.setLong(13, ControlSql.micros(lease));
            ps.setString(14, done.migration());
            ps.setLong(15, done.planId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                boolean completed = rs.getLong(1) == 1;
                rs.getInt(2);
                if (rs.wasNull()) {
                    return new ChunkHandoff(completed, Optional.empty());
                }
                return new ChunkHandoff(completed, Optional.of(new ChunkLease(done.migration(), done.planId(), rs.getInt(2),
                        range(rs.getString(3), rs.getString(4)), owner, rs.getInt(5))));
            }
        }
    }

    private boolean complete(Connection c, ChunkLease lease, long rowsCopied) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE decant_backfill_lease SET state = 'done',"
                + " rows_copied = ?, lease_until = NULL WHERE " + leases.held())) {
            ps.setLong(1, rowsCopied);
            bindLease(ps, 2, lease);
            if (ps.executeUpdate() != 1) {
                return false;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM decant_backfill_unchecked"
                + " WHERE migration = ? AND plan_id = ? AND chunk_no = ?")) {
            ps.setString(1, lease.migration());
            ps.setLong(2, lease.planId());
            ps.setInt(3, lease.chunkNo());
            ps.executeUpdate();
        }
        return true;
    }

    @Override
    public boolean recordUncheckedCopy(ChunkLease lease, String mark) {
        return db.transaction("record an unchecked copy of chunk " + lease.chunkNo() + " of " + lease.migration(), c -> {
            // the lease row locked, so a claim taking the chunk over comes after this record or finds us gone
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM decant_backfill_lease WHERE " + leases.held()
                    + " FOR UPDATE")) {
                bindLease(ps, 1, lease);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO decant_backfill_unchecked (migration, plan_id,"
                    + " chunk_no, mark, after_key, up_to_key, recorded_at) VALUES (?, ?, ?, ?, ?, ?, " + db.sql.now() + ")")) {
                ps.setString(1, lease.migration());
                ps.setLong(2, lease.planId());
                ps.setInt(3, lease.chunkNo());
                ps.setString(4, mark);
                ps.setString(5, lease.range().after().map(Key::encode).orElse(null));
                ps.setString(6, lease.range().upTo().map(Key::encode).orElse(null));
                ps.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public List<UncheckedCopy> uncheckedCopies(String migration) {
        ensureSchema();
        return db.autocommit("list the unchecked copies of " + migration, c -> {
            List<UncheckedCopy> list = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT plan_id, chunk_no, after_key, up_to_key, mark"
                    + " FROM decant_backfill_unchecked WHERE migration = ? ORDER BY plan_id, chunk_no, mark")) {
                ps.setString(1, migration);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        list.add(new UncheckedCopy(migration, rs.getLong(1), rs.getInt(2), range(rs.getString(3),
                                rs.getString(4)), rs.getString(5)));
                    }
                }
            }
            return list;
        });
    }

    @Override
    public void forgetUncheckedCopy(UncheckedCopy copy) {
        db.autocommit("forget an unchecked copy of chunk " + copy.chunkNo() + " of " + copy.migration(), c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM decant_backfill_unchecked"
                    + " WHERE migration = ? AND plan_id = ? AND chunk_no = ? AND mark = ?")) {
                ps.setString(1, copy.migration());
                ps.setLong(2, copy.planId());
                ps.setInt(3, copy.chunkNo());
                ps.setString(4, copy.mark());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void release(ChunkLease lease) {
        leases.release("chunk", lease.migration(), lease.planId(), lease.chunkNo(), lease.owner(), lease.attempt());
    }

    /** Binds {@link #INSERT_CHUNK}'s parameters: a pending chunk from {@code after} (exclusive) up to {@code upTo} (null: +∞). */
    private static void bindChunk(PreparedStatement ps, String migration, long planId, int chunkNo, Optional<Key> after,
                                  Key upTo) throws SQLException {
        ps.setString(1, migration);
        ps.setLong(2, planId);
        ps.setInt(3, chunkNo);
        ps.setString(4, after.map(Key::encode).orElse(null));
        ps.setString(5, upTo == null ? null : upTo.encode());
    }

    private static void bindLease(PreparedStatement ps, int from, ChunkLease lease) throws SQLException {
        LeaseTable.bindHeld(ps, from, lease.migration(), lease.planId(), lease.chunkNo(), lease.owner(), lease.attempt());
    }

    @Override
    public ChunkProgress progress(String migration, long planId) {
        LeaseTable.Counts n = leases.counts("read the backfill progress of " + migration, migration, planId, "rows_copied");
        return new ChunkProgress(n.total(), n.done(), n.leased(), n.rows());
    }

    @Override
    public BackfillPlan markCompleted(String migration, long planId) {
        return db.transaction("complete the backfill of " + migration, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE decant_backfill_plan SET completed_at = " + db.sql.now()
                    + " WHERE migration = ? AND plan_id = ? AND completed_at IS NULL AND NOT EXISTS (SELECT 1"
                    + " FROM decant_backfill_lease l WHERE l.migration = ? AND l.plan_id = ? AND l.state <> 'done')")) {
                ps.setString(1, migration);
                ps.setLong(2, planId);
                ps.setString(3, migration);
                ps.setLong(4, planId);
                ps.executeUpdate();
            }
            return readPlan(c, migration, false).orElseThrow();
        });
    }

    @Override
    public List<ChunkStatus> chunks(String migration, long planId) {
        return db.autocommit("list the backfill chunks of " + migration, c -> {
            List<ChunkStatus> list = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT chunk_no, after_key, up_to_key, state, owner, attempts,"
                    + " rows_copied FROM decant_backfill_lease WHERE migration = ? AND plan_id = ? ORDER BY chunk_no")) {
                ps.setString(1, migration);
                ps.setLong(2, planId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        list.add(new ChunkStatus(rs.getInt(1), range(rs.getString(2), rs.getString(3)), rs.getString(4),
                                rs.getString(5), rs.getInt(6), rs.getLong(7)));
                    }
                }
            }
            return list;
        });
    }
}
