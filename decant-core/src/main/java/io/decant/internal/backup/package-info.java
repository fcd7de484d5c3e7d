/**
 * Backup, retire and restore of a migration's legacy table: the backup file format
 * ({@link io.decant.internal.backup.BackupFormat}, written by {@link io.decant.internal.backup.BackupWriter},
 * read and checked by {@link io.decant.internal.backup.BackupReader}), its checksummed
 * {@link io.decant.internal.backup.Manifest}, the row digest that ties a file to the rows of a table
 * ({@link io.decant.internal.backup.RowDigest}), and the three engines
 * ({@link io.decant.internal.backup.Backup}, {@link io.decant.internal.backup.Retire},
 * {@link io.decant.internal.backup.Restore}). No SQL here: tables are reached through
 * {@link io.decant.store.BulkTable}.
 */
package io.decant.internal.backup;
