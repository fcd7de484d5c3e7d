package io.decant.demo;

import java.util.List;
import java.util.Optional;

/**
 * What a table must hold when every acknowledged write arrived: for a key the monolith wrote
 * through the library, the ledger's state; for any other key up to the initial row count, its
 * generated initial row; nothing else. Built from the demo's own memory, independently of the
 * databases and of Decant.
 */
final class ExpectedOrders {
    private final OrderGenerator generator;
    private final long initialRows;
    private final AcknowledgedWrites ledger;
    private final long maxId;

    ExpectedOrders(OrderGenerator generator, long initialRows, AcknowledgedWrites ledger, long maxId) {
        this.generator = generator;
        this.initialRows = initialRows;
        this.ledger = ledger;
        // a key the ledger holds must be checked even when the caller's bound is lower: a missing row
        // above the bound would otherwise never be visited
        long ledgerMax = ledger.snapshot().keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        this.maxId = Math.max(Math.max(maxId, initialRows), ledgerMax);
    }

    /** The states the key may be in (one, unless its last write failed). */
    List<Optional<Order>> acceptable(long id) {
        Optional<AcknowledgedWrites.Entry> e = ledger.get(id);
        if (e.isPresent()) {
            return e.get().acceptable();
        }
        return List.of(id >= 1 && id <= initialRows ? Optional.of(generator.initial(id)) : Optional.empty());
    }

    /** The highest id that may exist. */
    long maxId() {
        return maxId;
    }
}
