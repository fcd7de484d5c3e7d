/**
 * The store SPI: what the engines in decant-core need from a database, implemented in decant-jdbc.
 * {@link io.decant.spi.TableStore} for a migrated table, {@link io.decant.spi.ControlStore} for
 * Decant's own state. No SQL text lives on this side of the boundary.
 */
package io.decant.spi;
