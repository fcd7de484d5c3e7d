package io.decant.control;

/**
 * A span of a verification run claimed by one worker until its lease runs out.
 *
 * @param migration the migration
 * @param runId     the run the span belongs to
 * @param spanNo    the span's number in key order, from 0
 * @param span      the span's keys and parts
 * @param owner     the worker holding the lease ({@code host:pid:id#worker})
 * @param attempt   how many times the span was claimed, this claim included
 */
public record SpanLease(String migration, long runId, int spanNo, PlannedSpan span, String owner, int attempt) {
}
