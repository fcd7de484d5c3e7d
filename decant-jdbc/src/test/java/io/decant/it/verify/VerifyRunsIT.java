package io.decant.it.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.Decant;
import io.decant.Phase;
import io.decant.ProgressListener;
import io.decant.StatusReport;
import io.decant.VerifyOptions;
import io.decant.VerifyReport;
import io.decant.VerifyReport.Difference;
import io.decant.VerifyReport.Kind;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.spi.Key;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A full-table verify is a run in the control store: each span's result is stored with the span,
 * the stored verification adds them up, an unfinished run is resumed (spans held by a process that
 * stopped answering are taken over once their lease ran out; done spans are not compared again),
 * and a finished run, a phase change, other settings or {@code restart} start a new run. Each test
 * runs with the control store in PostgreSQL and in MariaDB.
 */
class VerifyRunsIT {
    private static final int ROWS = 600;
    private static final String VERIFY = "{ chunk-rows: 32, recheck-delay: 100ms, lease-timeout: 2s }";
    private static final String MIGRATION = "orders_hashed";

    static Stream<Arguments> pairs() {
        return Stream.of(Arguments.of(Engine.POSTGRES, Engine.POSTGRES), Arguments.of(Engine.MARIADB, Engine.POSTGRES));
    }

    /** Plants one difference of each kind (and a second differing row); returns them in key order. */
    private static List<Difference> plant(VerifyFixture f) {
        f.target.execute("DELETE FROM orders WHERE region = 'eu' AND order_id = 12",
                "UPDATE orders SET status = 'changed' WHERE region = 'us' AND order_id = 150",
                "UPDATE orders SET customer = 7 WHERE region = 'eu' AND order_id = 290");
        f.legacy.execute("DELETE FROM orders WHERE region = 'us' AND id = 77");
        return List.of(
                new Difference(Kind.MISSING_IN_TARGET, Key.of("eu", 12), List.of(), false),
                new Difference(Kind.DIFFERING_COLUMNS, Key.of("eu", 290), List.of("customer"), false),
                new Difference(Kind.EXTRA_IN_TARGET, Key.of("us", 77), List.of(), false),
                new Difference(Kind.DIFFERING_COLUMNS, Key.of("us", 150), List.of("status"), false));
    }

    @ParameterizedTest(name = "control store in {0}")
    @MethodSource("pairs")
    void eachSpanKeepsItsResultAndTheStoredVerificationAddsThemUp(Engine legacy, Engine target) throws Exception {
        try (VerifyFixture f = new VerifyFixture(legacy, target)) {
            Decant decant = f.open(VERIFY);
            f.fill(ROWS);
            List<Difference> planted = plant(f);

            VerifyReport r = decant.verify(MIGRATION, VerifyOptions.defaults(), null);

            assertThat(r.samples()).isEqualTo(planted);
            assertThat(r.rowsCompared()).isEqualTo(ROWS - 1);
            assertThat(sumOverSpans(f.legacy)).containsExactly(ROWS - 1L, 1L, 1L, 2L);
            assertThat(count(f.legacy, "SELECT COUNT(*) FROM decant_verify_span WHERE state <> 'done' OR attempts <> 1")).isZero();
            assertThat(count(f.legacy, "SELECT COUNT(*) FROM decant_verify_span")).isEqualTo(r.spans()).isGreaterThan(10);
            assertThat(latestVerification(f.legacy)).containsExactly(1L, ROWS - 1L, 1L, 1L, 2L);
        }
    }

    @ParameterizedTest(name = "control store in {0}")
    @MethodSource("pairs")
    void anUnfinishedRunIsResumedTakingOverExpiredLeasesWithoutComparingDoneSpansAgain(Engine legacy, Engine target)
            throws Exception {
        try (VerifyFixture f = new VerifyFixture(legacy, target)) {
            Decant decant = f.open(VERIFY);
            f.fill(ROWS);
            List<Difference> planted = plant(f);
            assertThat(decant.status(MIGRATION).verifyRun()).as("before any verification").isNull();
            decant.verify(MIGRATION, VerifyOptions.defaults(), null);
            assertThat(decant.status(MIGRATION).verifyRun()).as("a finished run is shown as the verification").isNull();
            long recordsBefore = count(f.legacy, "SELECT COUNT(*) FROM decant_verifications");
            // as if the run had been stopped: spans 0-4 never compared, 5-9 held by a process on
            // another host that stopped answering (its leases run out in 2 s), the rest done
            f.legacy.execute("UPDATE decant_verify_plan SET completed_at = NULL",
                    "UPDATE decant_verify_span SET state = 'pending', rows_compared = 0, missing = 0, extra = 0,"
                            + " differing = 0, differences = NULL WHERE span_no < 5",
                    "UPDATE decant_verify_span SET state = 'leased', owner = 'elsewhere:1:gone', rows_compared = 0,"
                            + " missing = 0, extra = 0, differing = 0, differences = NULL, lease_until = "
                            + (legacy == Engine.POSTGRES ? "now() + interval '2 seconds'" : "UTC_TIMESTAMP(6) + INTERVAL 2 SECOND")
                            + " WHERE span_no BETWEEN 5 AND 9");
            Map<Integer, Integer> untouched = attempts(f.legacy, "span_no >= 10");
            int spans = (int) count(f.legacy, "SELECT COUNT(*) FROM decant_verify_span");
            StatusReport.VerifyRun running = decant.status(MIGRATION).verifyRun();
            assertThat(running).isNotNull();
            assertThat(running.runId()).isEqualTo(1);
            assertThat(running.spansTotal()).isEqualTo(spans);
            assertThat(running.spansDone()).isEqualTo(spans - 10);
            assertThat(running.spansLeased()).isEqualTo(5);
            assertThat(running.rowsCompared()).isEqualTo(count(f.legacy, "SELECT SUM(rows_compared) FROM decant_verify_span"))
                    .isPositive();
            List<String> messages = new CopyOnWriteArrayList<>();

            VerifyReport r = decant.verify(MIGRATION, VerifyOptions.defaults(), messages(messages));
            assertThat(decant.status(MIGRATION).verifyRun()).isNull();

            assertThat(messages).anyMatch(m -> m.contains("joining run 1, "));
            assertThat(r.samples()).isEqualTo(planted);
            assertThat(r.rowsCompared()).isEqualTo(ROWS - 1);
            assertThat(attempts(f.legacy, "span_no >= 10")).isEqualTo(untouched);
            assertThat(attempts(f.legacy, "span_no BETWEEN 5 AND 9").values()).containsOnly(2);
            assertThat(count(f.legacy, "SELECT COUNT(*) FROM decant_verify_span WHERE owner = 'elsewhere:1:gone'")).isZero();
            assertThat(count(f.legacy, "SELECT COUNT(*) FROM decant_verify_span WHERE state <> 'done'")).isZero();
            assertThat(count(f.legacy, "SELECT COUNT(*) FROM decant_verify_plan WHERE run_id = 1 AND completed_at IS NOT NULL"))
                    .isEqualTo(1);
            assertThat(count(f.legacy, "SELECT COUNT(*) FROM decant_verifications")).isEqualTo(recordsBefore + 1);
            assertThat(latestVerification(f.legacy)).containsExactly(1L, ROWS - 1L, 1L, 1L, 2L);
        }
    }

    @ParameterizedTest(name = "control store in {0}")
    @MethodSource("pairs")
    void aRunWhosePlannerStoppedAnsweringIsPlannedToTheEndByTheNextProcess(Engine legacy, Engine target) throws Exception {
        try (VerifyFixture f = new VerifyFixture(legacy, target)) {
            Decant decant = f.open(VERIFY);
            f.fill(ROWS);
            List<Difference> planted = plant(f);
            decant.verify(MIGRATION, VerifyOptions.defaults(), null);
            // as if the planner had stopped answering after planning seven spans (its lease ran out)
            f.legacy.execute("DELETE FROM decant_verify_span WHERE span_no >= 7",
                    "UPDATE decant_verify_plan SET completed_at = NULL, spans_total = -1, planner = 'elsewhere:1:gone',"
                            + " planner_until = " + (legacy == Engine.POSTGRES ? "now() - interval '1 second'"
                            : "UTC_TIMESTAMP(6) - INTERVAL 1 SECOND"));
            Map<Integer, Integer> planned = attempts(f.legacy, "span_no < 7");
            List<String> messages = new CopyOnWriteArrayList<>();

            VerifyReport r = decant.verify(MIGRATION, VerifyOptions.defaults(), messages(messages));

            assertThat(messages).anyMatch(m -> m.contains("joining run 1, 7 of 7+ spans done"))
                    .anyMatch(m -> m.contains("(elsewhere:1:gone) stopped answering; planning the rest from span 7"));
            assertThat(r.samples()).isEqualTo(planted);
            assertThat(r.rowsCompared()).isEqualTo(ROWS - 1);
            assertThat(attempts(f.legacy, "span_no < 7")).isEqualTo(planned);
            assertThat(count(f.legacy, "SELECT COUNT(*) FROM decant_verify_span WHERE state <> 'done'")).isZero();
            assertThat(count(f.legacy, "SELECT spans_total FROM decant_verify_plan"))
                    .isEqualTo(count(f.legacy, "SELECT COUNT(*) FROM decant_verify_span")).isGreaterThan(10);
            assertThat(latestVerification(f.legacy)).containsExactly(1L, ROWS - 1L, 1L, 1L, 2L);
        }
    }

    @ParameterizedTest(name = "control store in {0}")
    @MethodSource("pairs")
    void aFinishedRunAPhaseChangeOtherSettingsOrRestartStartANewRun(Engine legacy, Engine target) throws Exception {
        try (VerifyFixture f = new VerifyFixture(legacy, target)) {
            Decant decant = f.open(VERIFY);
            f.fill(ROWS);
            decant.verify(MIGRATION, VerifyOptions.defaults(), null);
            assertThat(runStartedBy(decant, VerifyOptions.defaults())).contains("run 2 started (run 1 had finished)");

            unfinish(f);
            f.advanceTo(Phase.DUAL_WRITE);
            assertThat(runStartedBy(decant, VerifyOptions.defaults())).contains("run 3 started (the phase changed since run 2");

            unfinish(f);
            assertThat(runStartedBy(decant, VerifyOptions.defaults().withRepair(true)))
                    .contains("run 4 started (run 3 compares with other settings: repair=no");

            unfinish(f);
            assertThat(runStartedBy(decant, VerifyOptions.defaults().withRepair(true).withRestart(true)))
                    .contains("run 5 started (--restart)");

            unfinish(f);
            List<String> messages = new CopyOnWriteArrayList<>();
            VerifyReport resumed = decant.verify(MIGRATION, VerifyOptions.defaults().withRepair(true), messages(messages));
            assertThat(messages).anyMatch(m -> m.contains("joining run 5, "));
            assertThat(resumed.clean()).isTrue();
        }
    }

    /** Makes the current run unfinished again: its first spans back to pending. */
    private static void unfinish(VerifyFixture f) {
        f.legacy.execute("UPDATE decant_verify_plan SET completed_at = NULL",
                "UPDATE decant_verify_span SET state = 'pending' WHERE span_no < 3");
    }

    private static String runStartedBy(Decant decant, VerifyOptions options) {
        List<String> messages = new CopyOnWriteArrayList<>();
        decant.verify(MIGRATION, options, messages(messages));
        return messages.stream().filter(m -> m.contains(" started")).findFirst().orElse(String.join(" / ", messages));
    }

    private static ProgressListener messages(List<String> into) {
        return new ProgressListener() {
            @Override
            public void update(String task, long done, long total) {
            }

            @Override
            public void message(String line) {
                into.add(line);
            }
        };
    }

    private static List<Long> sumOverSpans(Database db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT SUM(rows_compared), SUM(missing), SUM(extra), SUM(differing) FROM decant_verify_span")) {
            rs.next();
            return List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
        }
    }

    /** The latest stored verification of the migration: full table (1/0), rows, missing, extra, differing. */
    private static List<Long> latestVerification(Database db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT CASE WHEN full_table THEN 1 ELSE 0 END, rows_compared, missing_in_target, extra_in_target, differing"
                        + " FROM decant_verifications WHERE migration = '" + MIGRATION + "' ORDER BY id DESC LIMIT 1")) {
            rs.next();
            return List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
        }
    }

    private static Map<Integer, Integer> attempts(Database db, String where) throws SQLException {
        Map<Integer, Integer> out = new TreeMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT span_no, attempts FROM decant_verify_span WHERE " + where)) {
            while (rs.next()) {
                out.put(rs.getInt(1), rs.getInt(2));
            }
        }
        return out;
    }

    private static long count(Database db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
