/**
 * {@code decant serve}: a small HTTP server on the JDK's {@code com.sun.net.httpserver}. It serves
 * the dashboard page ({@link io.decant.cli.serve.DashboardPage}), the JSON API over the
 * {@code Decant} facade ({@link io.decant.cli.serve.MigrationApi}) and Prometheus metrics refreshed
 * from the migrations' status ({@link io.decant.cli.serve.StatusGauges}). Reads are open; calls
 * that change a phase need a bearer token ({@link io.decant.cli.serve.BearerToken}).
 */
package io.decant.cli.serve;
