/**
 * What a store must do for a migrated table, whatever reaches it (JDBC or a service's API):
 * describe the table, read, write and delete keys version-guarded
 * ({@link io.decant.store.TableStore}), hash key ranges with the verification's canonical row text
 * ({@link io.decant.store.RangeHasher}, {@link io.decant.store.CanonicalText}), take and give
 * backfill chunks ({@link io.decant.store.BackfillStore}, {@link io.decant.store.ChunkTarget}), and
 * read or load whole tables for backup, retire and restore ({@link io.decant.store.BulkTable}).
 * No SQL text lives on this side of the boundary.
 */
package io.decant.store;
