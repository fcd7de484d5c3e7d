/**
 * Whole-table SQL for backup, retire and restore ({@link io.decant.store.BulkTable}): describing every
 * column with its declared type ({@link io.decant.jdbc.backup.DeclaredTypes}), streaming all rows in
 * key order, deleting locked batches by key range, creating a table from a backup's schema
 * ({@link io.decant.jdbc.backup.TableDdl}) and loading rows with multi-row inserts
 * ({@link io.decant.jdbc.backup.JdbcRowLoader}). Knows nothing of phases.
 */
package io.decant.jdbc.backup;
