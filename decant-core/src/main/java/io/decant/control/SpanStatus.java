package io.decant.control;

/**
 * One span of a verification run as the control store holds it.
 *
 * @param spanNo   the span's number in key order
 * @param state    {@code pending}, {@code leased} or {@code done}
 * @param owner    the last worker that claimed it, or null
 * @param attempts how many times it was claimed
 * @param rows     source rows compared (0 until done)
 */
public record SpanStatus(int spanNo, String state, String owner, int attempts, long rows) {
    public boolean done() {
        return "done".equals(state);
    }
}
