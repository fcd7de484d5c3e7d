/**
 * {@code decant demo}: the whole migration journey on real databases, driven through the same
 * {@code Decant} facade the commands use. {@link io.decant.cli.demo.DemoDatabases} starts (or
 * connects to) the monolith's and the service's databases, {@link io.decant.cli.demo.OrdersSchema}
 * creates and fills the two {@code orders} tables, {@link io.decant.cli.demo.SimulatedMonolith} runs
 * library instances under write and read load and keeps the {@link io.decant.cli.demo.AcknowledgedWrites}
 * ledger, {@link io.decant.cli.demo.FaultInjector} breaks things on the way,
 * {@link io.decant.cli.demo.DemoJourney} walks the phases, and {@link io.decant.cli.demo.DemoProof}
 * checks the outcome with plain SQL, independently of Decant's engines.
 */
package io.decant.cli.demo;
