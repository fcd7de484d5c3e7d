/**
 * The backfill's bulk paths for PostgreSQL and MariaDB/MySQL: walking a key index into chunk
 * boundaries ({@link io.decant.jdbc.backfill.JdbcBackfillStore}), and copying a chunk with its
 * source rows share-locked ({@link io.decant.jdbc.backfill.JdbcChunkCopier}) — a binary
 * {@code COPY} pipe between PostgreSQL databases, text {@code COPY} or multi-row {@code INSERT}
 * from a streamed result set otherwise — straight into an empty key range, or through a staging
 * table and a version-guarded merge where the target already holds rows.
 */
package io.decant.jdbc.backfill;
