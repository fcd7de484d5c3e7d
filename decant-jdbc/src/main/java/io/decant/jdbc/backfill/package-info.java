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
 *
 * <p>Which path a chunk takes is asked of each store's {@link io.decant.jdbc.engine.Engine}, never of
 * a test of which engine it is: {@code copyProtocol()} chooses {@code COPY} or {@code INSERT},
 * {@code rowVersionTransactionIds()} on both ends allows the snapshot copy,
 * {@code rowValueComparisonUsesIndex()} shapes the key-range predicate, {@code shareLockClause()} and
 * {@code relaxedCommitSql()} the locked read, {@code measureLoad} the back-off's probe.
 *
 * <p>The {@code COPY} paths — {@link io.decant.jdbc.backfill.ChunkTransfer}'s pipes,
 * {@link io.decant.jdbc.backfill.RangeLoad}, {@link io.decant.jdbc.backfill.CopyTextBuffer} — and
 * {@link io.decant.jdbc.backfill.SnapshotChunkCopy} are PostgreSQL-only by protocol: they use the
 * PostgreSQL driver's own API ({@code PGConnection}, {@code CopyManager}) and PostgreSQL's
 * transaction ids, and run only where the engine answers yes. They stay here, beside the copy they
 * belong to and its safety argument, rather than under the engine: the layering test
 * ({@code ArchitectureTest} in decant-cli) allows exactly these four classes of this module outside
 * the engine package to use a driver's own API.
 */
package io.decant.jdbc.backfill;
