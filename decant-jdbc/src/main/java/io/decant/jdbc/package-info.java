/**
 * One PostgreSQL or MariaDB/MySQL database as this module's parts use it ({@link io.decant.jdbc.Database}:
 * the pool, the engine's dialect, the tables), single-row table access
 * ({@link io.decant.jdbc.JdbcTableStore}) and the value normalization both engines share
 * ({@link io.decant.jdbc.ColumnValues}). Subpackages hold the dialects, the control store, the bulk
 * paths of the engines, and ({@code driver}) the store SPI's wiring over all of them.
 */
package io.decant.jdbc;
