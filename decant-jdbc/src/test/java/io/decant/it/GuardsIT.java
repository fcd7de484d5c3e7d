package io.decant.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.decant.AdvanceRequest;
import io.decant.Decant;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.Phase;
import io.decant.PhaseChange;
import io.decant.config.DecantConfig;
import io.decant.config.StoreConfig;
import io.decant.control.AuditEntry;
import io.decant.control.BackfillRecord;
import io.decant.control.Direction;
import io.decant.control.InstanceAck;
import io.decant.control.InstanceInfo;
import io.decant.control.JournalOrigin;
import io.decant.control.MigrationState;
import io.decant.control.ShadowCounts;
import io.decant.control.VerificationRecord;
import io.decant.it.TwoStores.Topology;
import io.decant.jdbc.testing.TestDatabases.Engine;
import io.decant.spi.Key;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each failed guard refuses the move (exit code 3), names the guard with its evidence, and leaves
 * every row of every decant_ table as it was; a forced move is audited.
 */
class GuardsIT {

    static List<Topology> topologies() {
        return TwoStores.crossTopologies();
    }

    private static AdvanceRequest to(Phase p) {
        return new AdvanceRequest(Optional.of(p), Duration.ZERO, false, null, "ops@it");
    }

    /** Every row of every decant_ table, as text, by plain SQL. */
    static Map<String, List<String>> snapshot(DataSource ds) throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (Connection c = ds.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = md.getTables(c.getCatalog(), c.getSchema(), "decant%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            for (String t : tables.stream().sorted().toList()) {
                List<String> rows = new ArrayList<>();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + t)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder b = new StringBuilder();
                        for (int i = 1; i <= n; i++) {
                            b.append(rs.getString(i)).append('|');
                        }
                        rows.add(b.toString());
                    }
                }
                rows.sort(null);
                out.put(t, rows);
            }
        }
        return out;
    }

    /** Asserts the advance is refused naming {@code guards} and that no control row changed. */
    static DecantException refused(TwoStores fx, Decant decant, AdvanceRequest req, String... guards) throws SQLException {
        DataSource control = fx.topology.controlOnTarget() ? fx.target.pool : fx.legacy.pool;
        Map<String, List<String>> before = snapshot(control);
        assertThat(before).containsKeys("decant_migrations");
        DecantException e = catchThrowableOfType(DecantException.class, () -> decant.advance(TwoStores.MIGRATION, req));
        assertThat(e).as("advance to %s refused", req.to()).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.GUARD_REFUSED);
        assertThat(e.getMessage()).contains(guards.length == 1 ? "1 guard failed" : guards.length + " guards failed");
        assertThat(e.details()).hasSize(guards.length);
        for (int i = 0; i < guards.length; i++) {
            assertThat(e.details().get(i)).startsWith("FAILED " + guards[i] + ": ");
        }
        assertThat(snapshot(control)).as("control tables after a refused advance").isEqualTo(before);
        return e;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void eachFailedGuardRefusesTheMoveNamingItAndChangesNoControlRow(Topology topology) throws Exception {
        try (TwoStores fx = new TwoStores(topology)) {
            Decant ops = fx.open();
            ops.init();

            // → DUAL_WRITE: the target lost a mapped column
            fx.target.db.execute("ALTER TABLE orders_v2 DROP COLUMN status");
            // a new process, as the CLI is: the JDBC table store caches a table's description once read
            DecantException schema = refused(fx, fx.open(), to(Phase.DUAL_WRITE), "target-schema");
            assertThat(schema.details().get(0)).contains("has no column `status` (mapped from source column `status`)");
            fx.target.db.execute("ALTER TABLE orders_v2 ADD COLUMN status VARCHAR(20) NOT NULL DEFAULT 'NEW'");

            // → DUAL_WRITE: the target store does not answer
            DecantConfig good = fx.config();
            Map<String, StoreConfig> stores = new LinkedHashMap<>(good.stores());
            String deadUrl = topology.target() == Engine.POSTGRES ? "jdbc:postgresql://127.0.0.1:1/nowhere" : "jdbc:mariadb://127.0.0.1:1/nowhere";
            stores.put("svc", new StoreConfig("svc", deadUrl, "nobody", null, 1));
            Decant cutOff = fx.open(Decant.builder(new DecantConfig(good.control(), stores, good.migrations(), good.instances(),
                    Optional.empty())));
            DecantException unreachable = refused(fx, cutOff, to(Phase.DUAL_WRITE), "stores-reachable", "target-schema");
            assertThat(unreachable.details().get(0)).contains("store 'svc' did not answer");

            List<PhaseChange> dual = ops.advance(TwoStores.MIGRATION, to(Phase.DUAL_WRITE));
            assertThat(dual).singleElement().satisfies(c -> assertThat(c.guards()).extracting(g -> g.guard().configName())
                    .containsExactly("stores-reachable", "target-schema"));
            MigrationState s = fx.state();

            // → SHADOW_READ: no backfill, no verification, a key waiting for repair
            // (a young entry passes: a repairer keeps up; one that waited past twice dead-after does not)
            fx.control().journal().enqueue(TwoStores.MIGRATION, List.of(Key.of(99)), Direction.LEGACY_TO_NEW, JournalOrigin.SECOND_WRITE_FAILED);
            ageJournal(fx);
            DecantException three = refused(fx, ops, to(Phase.SHADOW_READ), "backfill-complete", "verify-clean", "journal-empty");
            assertThat(three.getMessage()).contains("advance of orders to SHADOW_READ refused: 3 guards failed");
            assertThat(three.details().get(2)).contains("journal depth 1, oldest entry").contains("entries must be younger than");

            // → SHADOW_READ: a clean verification from before dual writing is stale
            ops.repair(TwoStores.MIGRATION, false, null);
            Instant now = fx.control().now();
            fx.control().evidence().recordBackfill(new BackfillRecord(TwoStores.MIGRATION, s.version(), now.minusSeconds(20), now.minusSeconds(10),
                    0, 0, 1, 1));
            fx.control().evidence().recordVerification(new VerificationRecord(0, TwoStores.MIGRATION, s.version() - 1, now.minusSeconds(9),
                    now.minusSeconds(8), true, 0, 0, 0, 0, 0));
            DecantException stale = refused(fx, ops, to(Phase.SHADOW_READ), "verify-clean");
            assertThat(stale.details().get(0)).contains("stale: ran under version " + (s.version() - 1) + ", current " + s.version());

            fx.control().evidence().recordVerification(new VerificationRecord(0, TwoStores.MIGRATION, s.version(), now.minusSeconds(5),
                    now.minusSeconds(4), true, 0, 0, 0, 0, 0));
            assertThat(ops.advance(TwoStores.MIGRATION, to(Phase.SHADOW_READ))).singleElement()
                    .satisfies(c -> assertThat(c.to()).isEqualTo(Phase.SHADOW_READ));
            MigrationState shadow = fx.state();

            // → READ_NEW: too few shadow comparisons, and the verification ran under the previous version
            fx.control().evidence().addShadowCounts(TwoStores.MIGRATION, shadow.version(), new ShadowCounts(5, 0, 40, 0));
            DecantException evidence = refused(fx, ops, to(Phase.READ_NEW), "shadow-evidence", "verify-clean");
            assertThat(evidence.details().get(0)).contains("5 comparisons under version " + shadow.version())
                    .contains("need at least 10");

            // → NEW_ONLY: a live instance still on SHADOW_READ, and a key waiting for repair
            MigrationState readNew = fx.setPhase(Phase.READ_NEW);
            fx.control().journal().enqueue(TwoStores.MIGRATION, List.of(Key.of(98)), Direction.NEW_TO_LEGACY, JournalOrigin.SECOND_WRITE_FAILED);
            ageJournal(fx);
            fx.control().instances().heartbeat(new InstanceInfo("laggard-1", "lag-host", 4242),
                    List.of(new InstanceAck(TwoStores.MIGRATION, shadow.version(), Phase.SHADOW_READ)));
            DecantException barrier = refused(fx, ops, to(Phase.NEW_ONLY), "barrier-acknowledged", "journal-empty");
            assertThat(barrier.details().get(0)).contains("instance laggard-1 on lag-host (pid 4242) acts on SHADOW_READ");

            // forcing needs a reason, and without one nothing changes
            DecantException noReason = catchThrowableOfType(DecantException.class, () -> ops.advance(TwoStores.MIGRATION,
                    new AdvanceRequest(Optional.of(Phase.NEW_ONLY), Duration.ZERO, true, " ", "ops@it")));
            assertThat(noReason.code()).isEqualTo(ErrorCode.BAD_CONFIG);
            assertThat(fx.state()).isEqualTo(readNew);

            // a forced advance goes through and is audited with the guards it overrode
            List<PhaseChange> forced = ops.advance(TwoStores.MIGRATION, new AdvanceRequest(Optional.of(Phase.NEW_ONLY), Duration.ZERO,
                    true, "incident 42: laggard is being drained", "ops@it"));
            assertThat(forced).singleElement().satisfies(c -> {
                assertThat(c.forced()).isTrue();
                assertThat(c.to()).isEqualTo(Phase.NEW_ONLY);
            });
            AuditEntry audit = fx.control().phases().auditTail(TwoStores.MIGRATION, 1).get(0);
            assertThat(audit.forced()).isTrue();
            assertThat(audit.action()).isEqualTo("advance");
            assertThat(audit.actor()).isEqualTo("ops@it");
            assertThat(audit.reason()).isEqualTo("incident 42: laggard is being drained");
            assertThat(audit.from()).isEqualTo(Phase.READ_NEW);
            assertThat(audit.to()).isEqualTo(Phase.NEW_ONLY);
            assertThat(audit.detail()).contains("overridden guards").contains("barrier-acknowledged").contains("journal-empty");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void badAdvanceAndRollbackRequestsAreBadConfigurationAndChangeNothing(Topology topology) throws Exception {
        try (TwoStores fx = new TwoStores(topology)) {
            Decant ops = fx.open();
            ops.init();
            ops.advance(TwoStores.MIGRATION, to(Phase.DUAL_WRITE));
            DataSource control = fx.topology.controlOnTarget() ? fx.target.pool : fx.legacy.pool;
            Map<String, List<String>> before = snapshot(control);
            record Case(String name, Runnable call, String message) {
            }
            List<Case> cases = List.of(
                    new Case("advance to the current phase", () -> ops.advance(TwoStores.MIGRATION, to(Phase.DUAL_WRITE)), "already in DUAL_WRITE"),
                    new Case("advance to an earlier phase", () -> ops.advance(TwoStores.MIGRATION, to(Phase.LEGACY_ONLY)), "use decant rollback"),
                    new Case("advance to RETIRED", () -> ops.advance(TwoStores.MIGRATION, to(Phase.RETIRED)), "decant retire"),
                    new Case("unknown migration", () -> ops.advance("invoices", to(Phase.DUAL_WRITE)), "unknown migration 'invoices'"),
                    new Case("rollback without a reason", () -> ops.rollback(TwoStores.MIGRATION, Phase.LEGACY_ONLY, "", Duration.ZERO, "ops@it"),
                            "rollback needs --reason"),
                    new Case("rollback forward", () -> ops.rollback(TwoStores.MIGRATION, Phase.SHADOW_READ, "why", Duration.ZERO, "ops@it"),
                            "must go to a phase before"));
            for (Case c : cases) {
                DecantException e = catchThrowableOfType(DecantException.class, c.call()::run);
                assertThat(e).as(c.name()).isNotNull();
                assertThat(e.code()).as(c.name()).isEqualTo(ErrorCode.BAD_CONFIG);
                assertThat(e.getMessage()).as(c.name()).contains(c.message());
            }
            assertThat(snapshot(control)).isEqualTo(before);

            PhaseChange back = ops.rollback(TwoStores.MIGRATION, Phase.LEGACY_ONLY, "target schema needs a fix", Duration.ZERO, "ops@it");
            assertThat(back.to()).isEqualTo(Phase.LEGACY_ONLY);
            AuditEntry audit = fx.control().phases().auditTail(TwoStores.MIGRATION, 1).get(0);
            assertThat(audit.action()).isEqualTo("rollback");
            assertThat(audit.reason()).isEqualTo("target schema needs a fix");
        }
    }

    /** Makes the journal's entries ten minutes old, by the control store's clock. */
    private static void ageJournal(TwoStores fx) {
        fx.controlSide().db.execute(fx.controlSide().db.engine() == Engine.POSTGRES
                ? "UPDATE decant_journal SET enqueued_at = enqueued_at - interval '10 minutes'"
                : "UPDATE decant_journal SET enqueued_at = enqueued_at - INTERVAL 10 MINUTE");
    }
}
