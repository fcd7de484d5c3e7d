package io.decant.control;

/**
 * Where a verification run stands, over every worker in every process.
 *
 * @param spansPlanned spans planned so far (all of them once planning finished)
 * @param spansDone    spans compared
 * @param spansLeased  spans held by a worker right now (an expired lease counts until taken over)
 * @param rowsDone     source rows compared by the done spans
 */
public record SpanProgress(int spansPlanned, int spansDone, int spansLeased, long rowsDone) {
}
