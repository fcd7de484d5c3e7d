/**
 * What every part of this module shares: single-row table access
 * ({@link io.decant.jdbc.JdbcTableStore}), a table's key generator
 * ({@link io.decant.jdbc.JdbcKeySource}), the value normalization both engines share
 * ({@link io.decant.jdbc.ColumnValues}) and the translation of SQL errors
 * ({@link io.decant.jdbc.StoreFailures}), each given the store's {@link io.decant.jdbc.dialect.Dialect}.
 * Subpackages hold the dialects, the engine seam and the open database ({@code engine}: which engine a
 * store is, decided once), the control store, the backfill's bulk paths, backup, verification, and
 * ({@code driver}) the store SPI's wiring over all of them.
 */
package io.decant.jdbc;
