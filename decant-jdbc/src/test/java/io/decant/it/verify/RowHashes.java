package io.decant.it.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.decant.spi.Key;
import io.decant.store.HashColumn;
import io.decant.store.KeySpan;
import io.decant.store.RangeHasher;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Every row's hash of a table, by key, as a hasher computes it in its database. */
final class RowHashes {
    private RowHashes() {
    }

    /** The row hashes of the whole table, which must hold {@code rows} rows. */
    static Map<Key, Long> of(RangeHasher hasher, List<HashColumn> hashed, int rows) {
        Map<Key, Long> out = new HashMap<>();
        hasher.rowHashes(KeySpan.ALL, hashed, out::put);
        assertThat(out).hasSize(rows);
        return out;
    }
}
