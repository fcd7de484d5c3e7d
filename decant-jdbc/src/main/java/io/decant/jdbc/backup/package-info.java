/**
 * Whole-table SQL for backup, retire and restore ({@link io.decant.store.BulkTable}): describing every
 * column with its declared type, streaming all rows in key order, deleting locked batches by key
 * range, dropping an empty table under an exclusive lock, creating a table from a backup's schema
 * ({@link io.decant.jdbc.backup.TableDdl}) and loading rows with multi-row inserts
 * ({@link io.decant.jdbc.backup.JdbcRowLoader}). What differs between engines here (declared types,
 * a column's check, how a table is locked and released) is the store's
 * {@link io.decant.jdbc.dialect.Dialect}'s; this package never asks which engine it has. Knows
 * nothing of phases.
 */
package io.decant.jdbc.backup;
