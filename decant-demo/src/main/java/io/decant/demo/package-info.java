/**
 * The demo and the benchmarks, kept out of decant-cli so that their embedded database servers are
 * not on a user's class path: {@link io.decant.demo.DemoCli} is the {@code decant} command line of
 * decant-cli with {@code demo} ({@link io.decant.demo.DemoCommand}) and {@code bench}
 * ({@link io.decant.demo.bench}) added, and is what the repository's {@code ./decant} script runs.
 *
 * <p>{@code decant demo}: the whole migration journey on real databases, driven through the same
 * {@code Decant} facade the commands use. {@link io.decant.demo.DemoDatabases} starts (or
 * connects to) the monolith's and the service's databases, {@link io.decant.demo.OrdersSchema}
 * creates and fills the two {@code orders} tables, {@link io.decant.demo.SimulatedMonolith} runs
 * library instances under write and read load and keeps the {@link io.decant.demo.AcknowledgedWrites}
 * ledger, {@link io.decant.demo.FaultInjector} breaks things on the way,
 * {@link io.decant.demo.DemoJourney} walks the phases, and {@link io.decant.demo.DemoProof}
 * checks the outcome with plain SQL, independently of Decant's engines.
 */
package io.decant.demo;
