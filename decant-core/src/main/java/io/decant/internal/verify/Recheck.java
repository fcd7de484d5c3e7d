package io.decant.internal.verify;

import io.decant.VerifyReport.Difference;
import io.decant.VerifyReport.Kind;
import io.decant.spi.Key;
import io.decant.spi.Row;
import io.decant.store.RangeHasher;
import io.decant.store.TableRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares keys again by reading both stores' rows (one query per store for a few hundred keys)
 * and rendering them as canonical texts: the differences as they stand now, naming the target
 * columns that differ. Each store is read in one statement, so every key's row is as of that
 * statement; the two stores are read one after the other, as a single-key fetch would be.
 */
final class Recheck {
    private final RangeHasher source;
    private final RangeHasher target;
    private final TableRef sourceRef;
    private final TableRef targetRef;
    private final RowTexts texts;

    Recheck(RangeHasher source, RangeHasher target, TableRef sourceRef, TableRef targetRef, RowTexts texts) {
        this.source = source;
        this.target = target;
        this.sourceRef = sourceRef;
        this.targetRef = targetRef;
        this.texts = texts;
    }

    /** The keys that differ now, in the order given. */
    List<Difference> compare(List<Key> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        Map<Key, Row> s = new HashMap<>();
        Map<Key, Row> t = new HashMap<>();
        source.rowsAt(keys, sourceRef.columns(), row -> s.put(sourceRef.keyOf(row), row));
        target.rowsAt(keys, targetRef.columns(), row -> t.put(targetRef.keyOf(row), row));
        List<Difference> out = new ArrayList<>();
        for (Key key : keys) {
            Row sr = s.get(key);
            Row tr = t.get(key);
            if (sr == null && tr == null) {
                continue;
            }
            if (tr == null) {
                out.add(new Difference(Kind.MISSING_IN_TARGET, key, List.of(), false));
            } else if (sr == null) {
                out.add(new Difference(Kind.EXTRA_IN_TARGET, key, List.of(), false));
            } else {
                List<String> columns = texts.differingColumns(texts.source(sr), texts.target(tr));
                if (!columns.isEmpty()) {
                    out.add(new Difference(Kind.DIFFERING_COLUMNS, key, columns, false));
                }
            }
        }
        return out;
    }
}
