package io.decant.internal.verify;

import io.decant.VerifyReport.Difference;
import io.decant.VerifyReport.Kind;
import io.decant.spi.Key;
import io.decant.spi.Row;
import io.decant.spi.TableStore;
import java.util.List;
import java.util.Optional;

/**
 * Compares one key again by fetching both rows (through the stores' single-row reads) and
 * rendering them as canonical texts: empty when the rows agree now, else the difference as it
 * stands, naming the target columns that differ.
 */
final class Recheck {
    private final TableStore source;
    private final TableStore target;
    private final RowTexts texts;

    Recheck(TableStore source, TableStore target, RowTexts texts) {
        this.source = source;
        this.target = target;
        this.texts = texts;
    }

    Optional<Difference> compare(Key key) {
        Optional<Row> s = source.fetch(key);
        Optional<Row> t = target.fetch(key);
        if (s.isEmpty() && t.isEmpty()) {
            return Optional.empty();
        }
        if (t.isEmpty()) {
            return Optional.of(new Difference(Kind.MISSING_IN_TARGET, key, List.of(), false));
        }
        if (s.isEmpty()) {
            return Optional.of(new Difference(Kind.EXTRA_IN_TARGET, key, List.of(), false));
        }
        List<String> columns = texts.differingColumns(texts.source(s.get()), texts.target(t.get()));
        return columns.isEmpty() ? Optional.empty() : Optional.of(new Difference(Kind.DIFFERING_COLUMNS, key, columns, false));
    }
}
