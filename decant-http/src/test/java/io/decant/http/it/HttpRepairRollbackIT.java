package io.decant.http.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.AdvanceRequest;
import io.decant.Decant;
import io.decant.Migration;
import io.decant.Phase;
import io.decant.PhaseChange;
import io.decant.RepairResult;
import io.decant.jdbc.testing.TestDatabases.Database;
import io.decant.jdbc.testing.TestDatabases.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The repair journal with the target behind the service's API, in both directions, through the
 * library: in DUAL_WRITE, writes whose new write failed are journaled and {@code repair} copies them
 * from legacy into the service (inserts, updates and a delete, each a compare-and-set call); in
 * READ_NEW, writes whose legacy write failed are journaled the other way and the rollback to
 * SHADOW_READ drains them, reading the service's rows through its API into the legacy database.
 */
class HttpRepairRollbackIT {
    private static final List<String> COLUMNS = List.of("id", "customer_id", "total_cents", "status");

    @ParameterizedTest(name = "legacy {0} → service on {1}")
    @CsvSource({"POSTGRES,MARIADB", "MARIADB,POSTGRES"})
    void journaledWritesAreRepairedIntoTheServiceAndDrainedBackOnRollback(Engine from, Engine to) throws Exception {
        try (ServiceFixture f = new ServiceFixture(from, to)) {
            for (Database db : List.of(f.legacy, f.service)) {
                db.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, total_cents bigint NOT NULL,"
                        + " status varchar(20) NOT NULL)");
            }
            f.serve("orders", null);
            f.open("""
                    source: { store: legacy, table: orders, key: [id] }
                    target: { store: orders, table: orders, key: [id] }
                    """, "{ heartbeat: 100ms, phase-poll: 50ms, dead-after: 2s }");
            f.toDualWrite();
            Decant library = f.open();
            Migration orders = library.migration("orders");
            awaitPhase(f, orders);

            // DUAL_WRITE: the service is down for every third write; legacy has them, the journal knows
            for (long id = 1; id <= 30; id++) {
                write(f, orders, id, 100 * id, "NEW", id % 3 == 0, false);
            }
            for (long id = 1; id <= 6; id++) {
                write(f, orders, id, 150 * id, "PAID", true, false); // updates of rows the service holds (ids 1, 2, 4, 5)
            }
            delete(f, orders, 10, true, false);
            assertThat(f.control().journal().depth("orders")).as("journaled legacy→service").isEqualTo(10 + 4 + 1);
            assertThat(ServiceFixture.rows(f.service, "orders", COLUMNS, "id")).isNotEqualTo(rows(f.legacy));

            RepairResult repaired = f.decant.repair("orders", false, null);
            assertThat(repaired.failed()).as("%s", repaired).isZero();
            assertThat(repaired.repaired()).isEqualTo(15);
            assertThat(f.control().journal().depth("orders")).isZero();
            assertThat(ServiceFixture.rows(f.service, "orders", COLUMNS, "id")).containsExactlyElementsOf(rows(f.legacy));

            // READ_NEW: the service is authoritative; legacy is down for every third write
            f.decant.advance("orders", new AdvanceRequest(Optional.of(Phase.READ_NEW), Duration.ofSeconds(20), true,
                    "testing the journal through the service's API", "ops@it"));
            awaitPhase(f, orders);
            for (long id = 31; id <= 45; id++) {
                write(f, orders, id, 100 * id, "NEW", false, id % 3 == 0);
            }
            for (long id = 1; id <= 5; id++) {
                write(f, orders, id, 175 * id, "SHIPPED", false, id % 2 == 1); // updates; legacy misses ids 1, 3, 5
            }
            delete(f, orders, 20, false, true);
            long journaled = f.control().journal().depth("orders");
            assertThat(journaled).as("journaled service→legacy").isEqualTo(5 + 3 + 1);
            assertThat(rows(f.legacy)).isNotEqualTo(ServiceFixture.rows(f.service, "orders", COLUMNS, "id"));

            PhaseChange back = f.decant.rollback("orders", Phase.SHADOW_READ, "back to legacy", Duration.ofSeconds(20), "ops@it");
            System.out.printf("legacy %s → service on %s: %d entries drained by %s%n", from, to, journaled, back);
            assertThat(f.control().phases().state("orders").orElseThrow().phase()).isEqualTo(Phase.SHADOW_READ);
            assertThat(f.control().journal().depth("orders")).as("journal after the rollback's drain").isZero();
            assertThat(rows(f.legacy)).as("legacy after the drain").containsExactlyElementsOf(
                    ServiceFixture.rows(f.service, "orders", COLUMNS, "id"));
            assertThat(rows(f.legacy)).extracting(r -> r.get(0)).doesNotContain("20").contains("45", "33");
        }
    }

    private static List<List<String>> rows(Database db) {
        return ServiceFixture.rows(db, "orders", COLUMNS, "id");
    }

    private static void awaitPhase(ServiceFixture f, Migration m) {
        long version = f.control().phases().state("orders").orElseThrow().version();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (m.phaseVersion() < version) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the library did not pick up phase version " + version);
            }
            ServiceFixture.sleep(10);
        }
    }

    /** One dual write through the library; a store marked down fails before touching its database. */
    private static void write(ServiceFixture f, Migration m, long id, long total, String status, boolean serviceDown, boolean legacyDown) {
        m.write(id, () -> {
            if (legacyDown) {
                throw new IllegalStateException("legacy is down (injected)");
            }
            upsert(f.legacy, id, total, status);
        }, () -> {
            if (serviceDown) {
                throw new IllegalStateException("the service is down (injected)");
            }
            upsert(f.service, id, total, status); // the service's own write path, in its database
        });
    }

    private static void delete(ServiceFixture f, Migration m, long id, boolean serviceDown, boolean legacyDown) {
        m.write(id, () -> {
            if (legacyDown) {
                throw new IllegalStateException("legacy is down (injected)");
            }
            update(f.legacy, "DELETE FROM orders WHERE id = ?", id);
        }, () -> {
            if (serviceDown) {
                throw new IllegalStateException("the service is down (injected)");
            }
            update(f.service, "DELETE FROM orders WHERE id = ?", id);
        });
    }

    private static void upsert(Database db, long id, long total, String status) {
        String sql = ServiceFixture.postgres(db)
                ? "INSERT INTO orders (id, customer_id, total_cents, status) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE"
                + " SET customer_id = EXCLUDED.customer_id, total_cents = EXCLUDED.total_cents, status = EXCLUDED.status"
                : "INSERT INTO orders (id, customer_id, total_cents, status) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
                + " customer_id = VALUES(customer_id), total_cents = VALUES(total_cents), status = VALUES(status)";
        update(db, sql, id, id % 7, total, status);
    }

    private static void update(Database db, String sql, Object... args) {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
