/**
 * The verify engine: {@link io.decant.internal.verify.Verify} cuts the key space into spans,
 * compares each span's digest computed inside both databases, descends row by row only into spans
 * whose digests differ, rechecks every candidate difference after a delay (so in-flight dual
 * writes do not show up), optionally repairs persistent ones through the repair engine's per-key
 * copy, and stores the outcome for the phase guards. A full-table verification is a run whose spans
 * are leased through the control store ({@link io.decant.control.VerifySpans}), so it resumes after a
 * kill and several processes share it. No SQL here: the databases are reached through
 * {@link io.decant.store.RangeHasher}, {@link io.decant.control.VerifySpans} and {@link io.decant.store.TableStore}.
 */
package io.decant.internal.verify;
