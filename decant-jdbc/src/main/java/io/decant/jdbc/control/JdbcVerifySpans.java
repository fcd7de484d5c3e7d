package io.decant.jdbc.control;

import io.decant.control.PlannedSpan;
import io.decant.control.SpanLease;
import io.decant.control.SpanProgress;
import io.decant.control.SpanResult;
import io.decant.control.SpanStatus;
import io.decant.control.VerifyPlan;
import io.decant.control.VerifySpans;
import io.decant.jdbc.StoreFailures;
import io.decant.spi.Key;
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
 * {@link VerifySpans} in two tables of the control store, apart from the backfill's:
 * {@code decant_verify_plan} (one row per migration: the current run, its settings, its planner
 * and the planner's lease; the row is also the run lock) and {@code decant_verify_span} (one row
 * per span: its keys and part cuts as JSON keys, state, lease owner and expiry, attempts, and once
 * done the span's result — counts and its first differences as JSON). Claims lock with {@code FOR
 * UPDATE SKIP LOCKED} (PostgreSQL 9.5+, MariaDB 10.6+); lease times come from the control store's clock.
 */
public final class JdbcVerifySpans implements VerifySpans {
    private static final String PLAN_COLUMNS = "migration, run_id, phase_version, settings, sample_limit, chunk_rows,"
            + " spans_total, planner, started_at, completed_at";
    /** The tables, also created by control schema step 3; created here too for a store initialized before it. */
    static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS decant_verify_plan (migration varchar(64) NOT NULL PRIMARY KEY,"
                    + " run_id bigint NOT NULL, phase_version bigint NOT NULL, settings varchar(512) NOT NULL,"
                    + " sample_limit integer NOT NULL, chunk_rows integer NOT NULL, spans_total integer NOT NULL,"
                    + " planner varchar(200), planner_until ${TS}, started_at ${TS}, completed_at ${TS})${TABLE}",
            "CREATE TABLE IF NOT EXISTS decant_verify_span (migration varchar(64) NOT NULL, run_id bigint NOT NULL,"
                    + " span_no integer NOT NULL, lower_key ${LONGTEXT}, lower_inclusive integer NOT NULL,"
                    + " upper_key ${LONGTEXT}, cuts ${LONGTEXT}, state varchar(8) NOT NULL, owner varchar(200),"
                    + " lease_until ${TS}, attempts integer NOT NULL, rows_compared bigint NOT NULL,"
                    + " missing bigint NOT NULL, extra bigint NOT NULL, differing bigint NOT NULL,"
                    + " repaired bigint NOT NULL, in_flight bigint NOT NULL, descended integer NOT NULL,"
                    + " differences ${LONGTEXT}, written_since_flip bigint NOT NULL DEFAULT 0,"
                    + " PRIMARY KEY (migration, run_id, span_no))${TABLE}");
    private static final String SUMS = "COALESCE(SUM(rows_compared), 0), COALESCE(SUM(missing), 0),"
            + " COALESCE(SUM(extra), 0), COALESCE(SUM(differing), 0), COALESCE(SUM(repaired), 0),"
            + " COALESCE(SUM(in_flight), 0), COALESCE(SUM(written_since_flip), 0), COALESCE(SUM(descended), 0)";

    private final ControlDb db;
    private final LeaseTable leases;
    private volatile boolean schemaReady;

    JdbcVerifySpans(ControlDb db) {
        this.db = db;
        this.leases = new LeaseTable(db, "decant_verify_span", "run_id", "span_no");
    }

    @Override
    public void ensureSchema() {
        if (!schemaReady) {
            db.createTables("verification run tables", DDL);
            schemaReady = true;
        }
    }

    @Override
    public Optional<VerifyPlan> plan(String migration) {
        ensureSchema();
        return db.autocommit("read the verification run of " + migration, c -> readPlan(c, migration));
    }

    @Override
    public Optional<RunStatus> runStatus(String migration) {
        Optional<VerifyPlan> plan = db.autocommit("read the verification run of " + migration, c -> {
            try {
                return readPlan(c, migration);
            } catch (SQLException e) {
                if (StoreFailures.isMissingTable(e)) {
                    return Optional.<VerifyPlan>empty(); // no verification ever ran here
                }
                throw e;
            }
        });
        return plan.map(p -> new RunStatus(p, progress(migration, p.runId())));
    }

    private Optional<VerifyPlan> readPlan(Connection c, String migration) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + PLAN_COLUMNS + " FROM decant_verify_plan WHERE migration = ?")) {
            ps.setString(1, migration);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getLong(2) == 0) {
                    return Optional.empty();
                }
                return Optional.of(new VerifyPlan(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getInt(5),
                        rs.getInt(6), rs.getInt(7), rs.getString(8), db.sql.instant(rs, 9), db.sql.instant(rs, 10)));
            }
        }
    }

    @Override
    public VerifyPlan startOrJoin(String migration, Predicate<VerifyPlan> keep, VerifyPlan draft, String owner, Duration lease) {
        ensureSchema();
        return db.transaction("start the verification run of " + migration, c -> {
            long previousId = LeaseTable.lockPlanRow(c, "decant_verify_plan", "run_id", "INSERT INTO decant_verify_plan ("
                    + PLAN_COLUMNS + ") VALUES (?, 0, 0, '', 0, 0, -1, NULL, NULL, NULL)"
                    + db.sql.onConflictDoNothing("migration", "run_id"), migration);
            Optional<VerifyPlan> current = readPlan(c, migration);
            if (current.isPresent() && keep.test(current.get())) {
                return current.get();
            }
            leases.deleteAll(c, migration);
            try (PreparedStatement ps = c.prepareStatement("UPDATE decant_verify_plan SET run_id = ?, phase_version = ?,"
                    + " settings = ?, sample_limit = ?, chunk_rows = ?, spans_total = -1, planner = ?, planner_until = "
                    + db.sql.nowPlusMicros() + ", started_at = " + db.sql.now() + ", completed_at = NULL WHERE migration = ?")) {
                ps.setLong(1, previousId + 1);
                ps.setLong(2, draft.phaseVersion());
                ps.setString(3, draft.settings());
                ps.setInt(4, draft.sampleLimit());
                ps.setInt(5, draft.chunkRows());
                ps.setString(6, owner);
                ps.setLong(7, ControlSql.micros(lease));
                ps.setString(8, migration);
                ps.executeUpdate();
            }
            return readPlan(c, migration).orElseThrow();
        });
    }

    @Override
    public boolean addSpans(VerifyPlan plan, String owner, int firstSpanNo, List<PlannedSpan> spans, Duration lease,
                            boolean last) {
        return db.transaction("store the planned spans of " + plan.migration(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE decant_verify_plan SET planner_until = "
                    + db.sql.nowPlusMicros() + ", spans_total = ? WHERE migration = ? AND run_id = ? AND planner = ?"
                    + " AND spans_total = -1")) {
                ps.setLong(1, ControlSql.micros(lease));
                ps.setInt(2, last ? firstSpanNo + spans.size() : -1);
                ps.setString(3, plan.migration());
                ps.setLong(4, plan.runId());
                ps.setString(5, owner);
                if (ps.executeUpdate() != 1) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO decant_verify_span (migration, run_id, span_no,"
                    + " lower_key, lower_inclusive, upper_key, cuts, state, owner, lease_until, attempts, rows_compared,"
                    + " missing, extra, differing, repaired, in_flight, descended, differences)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', NULL, NULL, 0, 0, 0, 0, 0, 0, 0, 0, NULL)")) {
                for (int i = 0; i < spans.size(); i++) {
                    PlannedSpan s = spans.get(i);
                    ps.setString(1, plan.migration());
                    ps.setLong(2, plan.runId());
                    ps.setInt(3, firstSpanNo + i);
                    ps.setString(4, s.span().lower().map(Key::encode).orElse(null));
                    ps.setInt(5, s.span().lowerInclusive() ? 1 : 0);
                    ps.setString(6, s.span().upper().map(Key::encode).orElse(null));
                    ps.setString(7, SpanJson.keys(s.cuts()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return true;
        });
    }

    @Override
    public Optional<PlanningPoint> takeOverPlanning(VerifyPlan plan, String owner, Duration lease, Optional<String> deadPlanner) {
        return db.transaction("take over planning the verification of " + plan.migration(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT run_id, spans_total, planner, CASE WHEN planner_until < "
                    + db.sql.now() + " THEN 1 ELSE 0 END FROM decant_verify_plan WHERE migration = ? FOR UPDATE")) {
                ps.setString(1, plan.migration());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getLong(1) != plan.runId() || rs.getInt(2) >= 0) {
                        return Optional.<PlanningPoint>empty();
                    }
                    boolean expired = rs.getInt(4) == 1;
                    boolean dead = deadPlanner.isPresent() && deadPlanner.get().equals(rs.getString(3));
                    if (!expired && !dead) {
                        return Optional.<PlanningPoint>empty();
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE decant_verify_plan SET planner = ?, planner_until = "
                    + db.sql.nowPlusMicros() + " WHERE migration = ? AND run_id = ?")) {
                ps.setString(1, owner);
                ps.setLong(2, ControlSql.micros(lease));
                ps.setString(3, plan.migration());
                ps.setLong(4, plan.runId());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT span_no, upper_key FROM decant_verify_span"
                    + " WHERE migration = ? AND run_id = ? ORDER BY span_no DESC LIMIT 1")) {
                ps.setString(1, plan.migration());
                ps.setLong(2, plan.runId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.of(new PlanningPoint(0, Optional.empty()));
                    }
                    // a span without an upper key is only ever stored with the end of planning
                    return Optional.of(new PlanningPoint(rs.getInt(1) + 1, Optional.of(Key.decode(rs.getString(2)))));
                }
            }
        });
    }

    @Override
    public Optional<SpanLease> claim(VerifyPlan plan, String owner, Duration lease) {
        // a claim the database loses in a crash is claimed again; the span is compared by whoever holds it
        return db.transactionWithoutFlush("claim a span of the verification of " + plan.migration(), c -> {
            SpanLease claimed = null;
            try (PreparedStatement ps = c.prepareStatement(leases.firstClaimable("lower_key, lower_inclusive, upper_key, cuts"))) {
                ps.setString(1, plan.migration());
                ps.setLong(2, plan.runId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        PlannedSpan span = new PlannedSpan(new io.decant.store.KeySpan(key(rs.getString(2)), rs.getInt(3) == 1,
                                key(rs.getString(4))), SpanJson.parseKeys(rs.getString(5)));
                        claimed = new SpanLease(plan.migration(), plan.runId(), rs.getInt(1), span, owner, rs.getInt(6) + 1);
                    }
                }
            }
            if (claimed == null) {
                return Optional.<SpanLease>empty();
            }
            leases.lease(c, plan.migration(), plan.runId(), claimed.spanNo(), owner, lease, claimed.attempt());
            return Optional.of(claimed);
        });
    }

    private static Optional<Key> key(String encoded) {
        return encoded == null ? Optional.empty() : Optional.of(Key.decode(encoded));
    }

    @Override
    public boolean complete(SpanLease lease, SpanResult r) {
        // a result the database loses in a crash leaves its span to compare again; the run's completion,
        // the evidence, waits for the disk, and with it every span result committed before it
        return db.transactionWithoutFlush("checkpoint span " + lease.spanNo() + " of the verification of " + lease.migration(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE decant_verify_span SET state = 'done', lease_until = NULL,"
                    + " rows_compared = ?, missing = ?, extra = ?, differing = ?, repaired = ?, in_flight = ?, descended = ?,"
                    + " differences = ?, written_since_flip = ? WHERE " + leases.held())) {
                ps.setLong(1, r.rows());
                ps.setLong(2, r.missing());
                ps.setLong(3, r.extra());
                ps.setLong(4, r.differing());
                ps.setLong(5, r.repaired());
                ps.setLong(6, r.inFlight());
                ps.setInt(7, (int) Math.min(1, r.spansDescended()));
                ps.setString(8, r.differences().isEmpty() ? null : SpanJson.differences(r.differences()));
                ps.setLong(9, r.writtenSinceFlip());
                LeaseTable.bindHeld(ps, 10, lease.migration(), lease.runId(), lease.spanNo(), lease.owner(), lease.attempt());
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void release(String migration, long runId, int spanNo, String owner, int attempt) {
        leases.release("verification span", migration, runId, spanNo, owner, attempt);
    }

    @Override
    public SpanProgress progress(String migration, long runId) {
        LeaseTable.Counts n = leases.counts("read the verification progress of " + migration, migration, runId, "rows_compared");
        return new SpanProgress(n.total(), n.done(), n.leased(), n.rows());
    }

    @Override
    public List<SpanStatus> spans(String migration, long runId) {
        return db.autocommit("list the spans of the verification of " + migration, c -> {
            List<SpanStatus> list = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT span_no, state, owner, attempts, rows_compared"
                    + " FROM decant_verify_span WHERE migration = ? AND run_id = ? ORDER BY span_no")) {
                ps.setString(1, migration);
                ps.setLong(2, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        list.add(new SpanStatus(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getLong(5)));
                    }
                }
            }
            return list;
        });
    }

    @Override
    public SpanResult totals(String migration, long runId, int sampleLimit) {
        return db.autocommit("add up the verification of " + migration, c -> {
            long[] sums = new long[8];
            try (PreparedStatement ps = c.prepareStatement("SELECT " + SUMS + " FROM decant_verify_span"
                    + " WHERE migration = ? AND run_id = ? AND state = 'done'")) {
                ps.setString(1, migration);
                ps.setLong(2, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    for (int i = 0; i < sums.length; i++) {
                        sums[i] = rs.getLong(i + 1);
                    }
                }
            }
            SpanJson.FirstDifferences first = new SpanJson.FirstDifferences(sampleLimit);
            try (PreparedStatement ps = c.prepareStatement("SELECT differences FROM decant_verify_span WHERE migration = ?"
                    + " AND run_id = ? AND state = 'done' AND differences IS NOT NULL ORDER BY span_no")) {
                ps.setString(1, migration);
                ps.setLong(2, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        SpanJson.parseDifferences(rs.getString(1)).forEach(first::add);
                    }
                }
            }
            return new SpanResult(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6], sums[7], first.list());
        });
    }

    @Override
    public boolean markCompleted(String migration, long runId) {
        return db.autocommit("complete the verification of " + migration, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE decant_verify_plan SET completed_at = " + db.sql.now()
                    + " WHERE migration = ? AND run_id = ? AND completed_at IS NULL AND spans_total >= 0"
                    + " AND NOT EXISTS (SELECT 1 FROM decant_verify_span s WHERE s.migration = ? AND s.run_id = ?"
                    + " AND s.state <> 'done')")) {
                ps.setString(1, migration);
                ps.setLong(2, runId);
                ps.setString(3, migration);
                ps.setLong(4, runId);
                return ps.executeUpdate() == 1;
            }
        });
    }
}
