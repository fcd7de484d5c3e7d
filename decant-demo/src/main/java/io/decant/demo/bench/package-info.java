/**
 * {@code decant bench}: benchmarks that create their data, run a baseline and Decant in one run
 * and print the ratio (docs/benchmarks.md). {@link io.decant.demo.bench.BackfillBench}
 * times the backfill against a raw {@code COPY} pipe between the same databases.
 */
package io.decant.demo.bench;
