/**
 * The backfill's bulk paths for PostgreSQL and MariaDB/MySQL: walking a key index into chunk
 * boundaries ({@link io.decant.jdbc.backfill.JdbcBackfillStore}), and copying a chunk
 * ({@link io.decant.jdbc.backfill.JdbcChunkCopier}) so that no concurrent dual write is overwritten:
 * PostgreSQL→PostgreSQL chunks into an empty key range are read from a snapshot without row locks
 * and checked after commit ({@link io.decant.jdbc.backfill.SnapshotChunkCopy}, with its safety
 * argument), every other chunk with its source rows share-locked
 * ({@link io.decant.jdbc.backfill.LockedChunkCopy}). The rows travel
 * ({@link io.decant.jdbc.backfill.ChunkTransfer}) as a binary {@code COPY} pipe between PostgreSQL
 * databases, text {@code COPY} or multi-row {@code INSERT} from a streamed result set otherwise —
 * straight into an empty key range, or through a staging table and a version-guarded merge where
 * the target already holds rows.
 */
package io.decant.jdbc.backfill;
