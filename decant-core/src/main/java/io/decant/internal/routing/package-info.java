/**
 * Routing of the library's calls by phase: the write policy (which store first, which failure fails
 * the call, what is journaled), the group-committed intent log, the batched journal of keys written
 * in NEW_ONLY, shadow reads on a bounded executor with their four counters, and key arguments.
 */
package io.decant.internal.routing;
