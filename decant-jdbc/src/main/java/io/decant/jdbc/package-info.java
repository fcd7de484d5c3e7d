/**
 * The JDBC store driver for PostgreSQL and MariaDB/MySQL: pooled connections
 * ({@link io.decant.jdbc.JdbcStoreConnection}), single-row table access
 * ({@link io.decant.jdbc.JdbcTableStore}) and the value normalization both engines share
 * ({@link io.decant.jdbc.ColumnValues}). Subpackages hold the dialects, the control store and the
 * bulk paths of the engines.
 */
package io.decant.jdbc;
