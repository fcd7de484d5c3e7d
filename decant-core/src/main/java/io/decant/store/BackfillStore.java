package io.decant.store;

import io.decant.control.ChunkLeases;
import io.decant.driver.StoreConnection;
import io.decant.spi.Key;
import java.util.List;
import java.util.Optional;

/**
 * What the backfill needs from a store, beyond single rows: walking a table's key index to cut it
 * into chunks, copying chunks into another store's table at bulk speed, and (in the control store)
 * keeping chunk leases. The store holds all SQL.
 */
public interface BackfillStore {
    /**
     * Chunk boundaries: walking {@code table}'s key in order from after {@code after} (from the
     * first key when empty), the key {@code step} rows on, then {@code step} rows past that, … up to
     * {@code max} keys. Fewer than {@code max} means the rest of the table holds fewer than {@code step} rows.
     */
    List<Key> keyBoundaries(TableRef table, Optional<Key> after, int step, int max);

    /** Rows of {@code range} in {@code table}, counting at most {@code limit}. */
    long countRows(TableRef table, KeyRange range, long limit);

    /**
     * A copier that streams the rows of {@code spec.source()} in this store, chunk by chunk, into
     * {@code target} (the target store's side of {@code spec.target()}, whatever reaches it).
     */
    ChunkCopier copier(CopySpec spec, ChunkTarget target);

    /** Samples this store's load and replication lag (a cheap query or two), for the backfill's back-off. */
    SourceLoad measureLoad();

}
