package io.decant.control;

/**
 * Shadow comparison results, four separate counters: never folded together.
 *
 * @param matched    both stores answered the same
 * @param mismatched the answers differed (persistently: after a recheck)
 * @param ignored    they differed in a configured known way
 * @param errored    the shadow read failed
 */
public record ShadowCounts(long matched, long mismatched, long ignored, long errored) {
    public static final ShadowCounts ZERO = new ShadowCounts(0, 0, 0, 0);

    public ShadowCounts plus(ShadowCounts o) {
        return new ShadowCounts(matched + o.matched, mismatched + o.mismatched, ignored + o.ignored, errored + o.errored);
    }

    /** Comparisons that count as evidence: matched, mismatched and errored (ignored ones do not). */
    public long compared() {
        return matched + mismatched + errored;
    }

    /** matched / compared, or 1 when nothing was compared yet. */
    public double consistency() {
        long c = compared();
        return c == 0 ? 1.0 : (double) matched / c;
    }

    public boolean isZero() {
        return matched == 0 && mismatched == 0 && ignored == 0 && errored == 0;
    }
}
