package io.decant.internal.verify;

import io.decant.spi.Row;
import io.decant.spi.RowMapper;
import io.decant.store.CanonicalText;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders rows read in Java as the canonical texts of the plan's columns, the way the databases
 * render them when they hash: a source row is first mapped to the target's shape.
 */
final class RowTexts {
    private final ColumnPlan plan;
    private final RowMapper mapper;

    RowTexts(ColumnPlan plan, RowMapper mapper) {
        this.plan = plan;
        this.mapper = mapper;
    }

    List<String> source(Row row) {
        return texts(mapper.toTarget(row));
    }

    List<String> target(Row row) {
        return texts(row);
    }

    private List<String> texts(Row targetShaped) {
        List<String> out = new ArrayList<>(plan.targetColumns().size());
        for (int i = 0; i < plan.targetColumns().size(); i++) {
            out.add(CanonicalText.encode(targetShaped.get(plan.targetColumns().get(i)), plan.kinds().get(i)));
        }
        return out;
    }

    static long hash(List<String> texts) {
        return CanonicalText.hash(CanonicalText.row(texts));
    }

    /** The target columns whose texts differ. */
    List<String> differingColumns(List<String> source, List<String> target) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < source.size(); i++) {
            if (!source.get(i).equals(target.get(i))) {
                out.add(plan.targetColumns().get(i));
            }
        }
        return out;
    }
}
