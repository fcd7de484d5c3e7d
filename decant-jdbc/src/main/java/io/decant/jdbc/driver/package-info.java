/**
 * The store SPI for PostgreSQL and MariaDB/MySQL: the {@link io.decant.jdbc.driver.JdbcStoreDriver}
 * that {@code ServiceLoader} finds, and the {@link io.decant.jdbc.driver.JdbcStoreConnection} that
 * wires one database's tables, backfill, backup, verification and control store.
 */
package io.decant.jdbc.driver;
