package io.decant.demo;

import io.decant.DecantException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo's final proof, made independently of Decant's engines: plain SQL against both
 * databases, compared with the demo's own memory (the generator's initial rows and the ledger of
 * acknowledged writes).
 * <ol>
 * <li>every acknowledged write is in the service table with its last value, deleted keys are absent,
 *     untouched rows are identical to the originals, and nothing else is there;</li>
 * <li>the legacy table holds no rows;</li>
 * <li>restoring the backup brings back exactly the legacy rows of before the retire (count and digest).</li>
 * </ol>
 */
final class DemoProof {
    /** Restores the backup into the legacy table; returns a line describing what it did. */
    interface Restore {
        String run();
    }

    private final DemoDatabases dbs;
    private final ExpectedOrders expected;
    private final AcknowledgedWrites ledger;
    private final LegacyDigest beforeRetire;
    private final Restore restore;

    DemoProof(DemoDatabases dbs, OrderGenerator generator, long rows, AcknowledgedWrites ledger, long maxId,
              LegacyDigest beforeRetire, Restore restore) {
        this.dbs = dbs;
        this.expected = new ExpectedOrders(generator, rows, ledger, maxId);
        this.ledger = ledger;
        this.beforeRetire = beforeRetire;
        this.restore = restore;
    }

    boolean run(Narration say) {
        say.step("Proof, independent of Decant's engines (plain SQL against both databases)");
        List<String> failures = new ArrayList<>();

        Map<Long, AcknowledgedWrites.Entry> written = ledger.snapshot();
        long deleted = written.values().stream().filter(e -> e.settled() && e.last().isEmpty()).count();
        long unsettled = written.values().stream().filter(e -> !e.settled()).count();
        TableCheck service = TableCheck.service(dbs.service(), expected);
        say.line(String.format("service orders: %,d rows; %,d keys checked against the ledger of %,d acknowledged writes"
                        + " (%,d keys written, %,d of them deleted, %,d whose last write failed and may hold either state)",
                service.rows(), service.checked(), ledger.saves() + ledger.deletes(), written.size(), deleted, unsettled));
        if (service.clean()) {
            say.line("  ok: every acknowledged write is present with its last value, deleted keys are absent,"
                    + " untouched rows equal the originals, nothing else is there");
        } else {
            failures.add(String.format("service orders: %,d missing, %,d extra, %,d with another value than the last"
                    + " acknowledged one", service.missing(), service.extra(), service.differing()));
            service.samples().forEach(l -> say.line("  " + l));
        }

        long legacyRows = count(dbs.monolith());
        if (legacyRows == 0) {
            say.line("legacy orders: 0 rows: ok, the legacy rows are gone");
        } else {
            failures.add(String.format("legacy orders still holds %,d rows after retire", legacyRows));
        }

        say.line(restore.run());
        LegacyDigest after = LegacyDigest.of(dbs.monolith());
        say.line("legacy rows after restore: " + after.describe());
        if (after.equals(beforeRetire)) {
            say.line("  ok: identical to the legacy rows before retire (" + beforeRetire.describe() + ")");
        } else {
            failures.add("restored legacy rows differ from the rows before retire: " + after.describe() + " vs "
                    + beforeRetire.describe());
        }

        say.line("");
        if (failures.isEmpty()) {
            say.line("PROOF HOLDS: no acknowledged write was lost, the legacy rows are retired, and the backup restores them."
                    + " (" + say.elapsed() + ")");
            return true;
        }
        say.line("PROOF FAILED:");
        failures.forEach(f -> say.line("  " + f));
        return false;
    }

    private static long count(DemoDatabase db) {
        try {
            return OrderRows.count(db);
        } catch (SQLException e) {
            throw DecantException.failure("counting the legacy orders failed: " + e.getMessage(), e);
        }
    }
}
