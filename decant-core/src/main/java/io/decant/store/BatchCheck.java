package io.decant.store;

import java.util.List;

/**
 * Approves a batch of rows before {@link BulkTable#deleteBatch(int, BatchCheck)} deletes them. The
 * rows are locked while the check runs; throwing rolls the batch back and nothing is deleted.
 */
@FunctionalInterface
public interface BatchCheck {
    void approve(List<Object[]> rows);
}
