package io.decant.internal.backfill;

import io.decant.internal.repair.TableMapping;
import io.decant.spi.RowMapper;
import io.decant.store.CopySpec;
import io.decant.store.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the backfill copies for a migration's mapping: renamed columns position by position, or through a row mapper. */
public final class CopySpecs {
    private CopySpecs() {
    }

    /** @param custom the registered row mapper, or null when {@code columns:} renames are the whole mapping */
    public static CopySpec of(TableMapping mapping, RowMapper custom) {
        if (custom != null) {
            return new CopySpec(mapping.source(), mapping.target(), Optional.of(custom));
        }
        List<String> targetColumns = new ArrayList<>();
        List<String> sourceColumns = new ArrayList<>();
        for (Map.Entry<String, String> e : mapping.columns().entrySet()) {
            targetColumns.add(e.getKey());
            sourceColumns.add(e.getValue());
        }
        TableRef s = mapping.source();
        TableRef t = mapping.target();
        return new CopySpec(new TableRef(s.store(), s.table(), s.key(), sourceColumns, s.version()),
                new TableRef(t.store(), t.table(), t.key(), targetColumns, t.version()), Optional.empty());
    }
}
