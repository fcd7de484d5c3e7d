package io.decant.internal.verify;

import io.decant.VerifyReport.Kind;
import io.decant.spi.Key;
import io.decant.store.KeyRangeDigest;
import io.decant.store.KeySpan;
import io.decant.store.RangeHasher;
import io.decant.store.TableRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares one key span of the two tables: the two digests first (computed in the databases),
 * and only when they differ, every row's hash of both sides, merged by key into candidate
 * differences. Without in-database hashing, rows are streamed and hashed in Java. Memory is
 * bounded by the span's size.
 */
final class SpanComparer {
    private final ColumnPlan plan;
    private final RangeHasher source;
    private final RangeHasher target;
    private final TableRef sourceRef;
    private final TableRef targetRef;
    private final RowTexts texts;

    SpanComparer(ColumnPlan plan, RangeHasher source, RangeHasher target, TableRef sourceRef, TableRef targetRef, RowTexts texts) {
        this.plan = plan;
        this.source = source;
        this.target = target;
        this.sourceRef = sourceRef;
        this.targetRef = targetRef;
        this.texts = texts;
    }

    /**
     * @param sourceRows  rows of the span in the source
     * @param candidates  differences seen in this pass
     * @param descended   whether rows were compared one by one
     */
    record Result(long sourceRows, List<Candidate> candidates, boolean descended) {
    }

    /** Compares the span as a whole (a recheck of a span with many candidates). */
    Result compare(KeySpan span) {
        return compare(span, List.of());
    }

    /**
     * Compares the span cut at {@code cuts} into parts: one digest per part from each database in
     * one pass, then row by row only in the parts whose digests differ.
     */
    Result compare(KeySpan span, List<Key> cuts) {
        if (!plan.inDatabase()) {
            return rowByRow(List.of(span), false);
        }
        List<KeyRangeDigest> s = source.digests(span, cuts, plan.sourceHash());
        List<KeyRangeDigest> t = target.digests(span, cuts, plan.targetHash());
        long rows = 0;
        List<KeySpan> differing = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            rows += s.get(i).rows();
            if (!s.get(i).equals(t.get(i))) {
                differing.add(part(span, cuts, i));
            }
        }
        if (differing.isEmpty()) {
            return new Result(rows, List.of(), false);
        }
        Result r = rowByRow(differing, true);
        return new Result(rows, r.candidates(), true);
    }

    private static KeySpan part(KeySpan span, List<Key> cuts, int i) {
        Optional<Key> lower = i == 0 ? span.lower() : Optional.of(cuts.get(i - 1));
        boolean inclusive = i == 0 && span.lowerInclusive();
        Optional<Key> upper = i == cuts.size() ? span.upper() : Optional.of(cuts.get(i));
        return new KeySpan(lower, inclusive, upper);
    }

    private Result rowByRow(List<KeySpan> spans, boolean hashedInDatabase) {
        Map<Key, Long> s = new HashMap<>();
        Map<Key, Long> t = new HashMap<>();
        for (KeySpan span : spans) {
            if (hashedInDatabase) {
                source.rowHashes(span, plan.sourceHash(), s::put);
                target.rowHashes(span, plan.targetHash(), t::put);
            } else {
                source.rows(span, sourceRef.columns(), row -> s.put(sourceRef.keyOf(row), RowTexts.hash(texts.source(row))));
                target.rows(span, targetRef.columns(), row -> t.put(targetRef.keyOf(row), RowTexts.hash(texts.target(row))));
            }
        }
        return new Result(s.size(), diff(s, t), true);
    }

    static List<Candidate> diff(Map<Key, Long> source, Map<Key, Long> target) {
        List<Candidate> out = new ArrayList<>();
        for (Map.Entry<Key, Long> e : source.entrySet()) {
            Long other = target.get(e.getKey());
            if (other == null) {
                out.add(new Candidate(Kind.MISSING_IN_TARGET, e.getKey()));
            } else if (!other.equals(e.getValue())) {
                out.add(new Candidate(Kind.DIFFERING_COLUMNS, e.getKey()));
            }
        }
        for (Key k : target.keySet()) {
            if (!source.containsKey(k)) {
                out.add(new Candidate(Kind.EXTRA_IN_TARGET, k));
            }
        }
        return out;
    }
}
