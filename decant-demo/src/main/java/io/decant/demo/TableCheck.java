package io.decant.demo;

import io.decant.DecantException;
import io.decant.ErrorCode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One table compared, row by row with plain SQL, against what it must hold.
 *
 * @param table     which table, e.g. {@code service orders}
 * @param rows      rows the table holds
 * @param checked   keys checked (every key that exists or must exist)
 * @param missing   keys that must exist and do not
 * @param extra     keys that exist and must not
 * @param differing keys whose row holds another value than the last acknowledged one
 * @param samples   the first few problems, described
 */
public record TableCheck(String table, long rows, long checked, long missing, long extra, long differing, List<String> samples) {
    private static final int MAX_SAMPLES = 5;

    public boolean clean() {
        return missing == 0 && extra == 0 && differing == 0;
    }

    /** Compares the service table with the expected orders. */
    static TableCheck service(DemoDatabase db, ExpectedOrders expected) {
        return run("service orders", expected, sink -> OrderRows.service(db, sink));
    }

    /** Compares the legacy table with the expected orders. */
    static TableCheck legacy(DemoDatabase db, ExpectedOrders expected) {
        return run("legacy orders", expected, sink -> OrderRows.legacy(db, sink));
    }

    private interface Source {
        void stream(OrderRows.Sink sink) throws SQLException;
    }

    private static TableCheck run(String table, ExpectedOrders expected, Source source) {
        Counter c = new Counter(expected);
        try {
            source.stream((o, flags) -> c.row(o));
        } catch (SQLException e) {
            throw new DecantException(ErrorCode.FAILURE, "reading " + table + " for the proof failed: " + e.getMessage(), e);
        }
        c.absentUpTo(expected.maxId() + 1);
        return new TableCheck(table, c.rows, c.checked, c.missing, c.extra, c.differing, c.samples);
    }

    private static final class Counter {
        final ExpectedOrders expected;
        long next = 1;
        long rows;
        long checked;
        long missing;
        long extra;
        long differing;
        final List<String> samples = new ArrayList<>();

        Counter(ExpectedOrders expected) {
            this.expected = expected;
        }

        void row(Order o) {
            absentUpTo(Math.min(o.id(), expected.maxId() + 1));
            rows++;
            checked++;
            List<Optional<Order>> ok = expected.acceptable(o.id());
            if (!ok.contains(Optional.of(o))) {
                if (ok.stream().allMatch(Optional::isEmpty)) {
                    extra++;
                    sample("key " + o.id() + " exists but " + (o.id() > expected.maxId() ? "was never written" : "was deleted"));
                } else {
                    differing++;
                    sample("key " + o.id() + " holds " + o + ", expected " + ok.get(ok.size() - 1).map(Order::toString).orElse("nothing"));
                }
            }
            next = Math.max(next, o.id() + 1);
        }

        /** Keys from {@code next} up to (excluding) {@code end} are absent from the table. */
        void absentUpTo(long end) {
            for (long id = next; id < end; id++) {
                List<Optional<Order>> ok = expected.acceptable(id);
                if (ok.stream().anyMatch(Optional::isPresent)) {
                    checked++;
                    if (!ok.contains(Optional.<Order>empty())) {
                        missing++;
                        sample("key " + id + " is missing; expected " + ok.get(ok.size() - 1).map(Order::toString).orElse(""));
                    }
                }
            }
            next = Math.max(next, end);
        }

        void sample(String line) {
            if (samples.size() < MAX_SAMPLES) {
                samples.add(line);
            }
        }
    }
}
