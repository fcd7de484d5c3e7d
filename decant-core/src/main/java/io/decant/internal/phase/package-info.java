/**
 * Phases: the guards that protect a move forward (evaluated from evidence records, no SQL), the
 * schema check of a mapping, advance and rollback with their compare-and-set transitions, the
 * barrier wait, and the in-flight bookkeeping that decides which phase version an instance may
 * acknowledge.
 */
package io.decant.internal.phase;
