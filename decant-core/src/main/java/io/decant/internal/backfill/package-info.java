/**
 * The backfill engine: {@link io.decant.internal.backfill.Backfill} checks the phase and the
 * barrier ({@link io.decant.internal.backfill.BackfillPreconditions}), has the key space cut into
 * chunks once ({@link io.decant.internal.backfill.ChunkPlanner}: the first chunks, and an open-ended
 * tail whose worker walks the key on while the others copy), then runs workers that claim
 * chunk leases, copy each chunk through the store's {@link io.decant.store.ChunkCopier} and
 * checkpoint it, throttled by a shared {@link io.decant.internal.backfill.TokenBucket}. No SQL here.
 */
package io.decant.internal.backfill;
