package io.decant.control;

import io.decant.store.KeyRange;

/**
 * A recorded copy made without source row locks whose check may not have run (see
 * {@link ChunkCopier#settle}).
 *
 * @param migration the migration
 * @param planId    the plan the chunk belonged to
 * @param chunkNo   the chunk's number in that plan
 * @param range     the chunk's keys
 * @param mark      the copier's identification of the copy's target transaction
 */
public record UncheckedCopy(String migration, long planId, int chunkNo, KeyRange range, String mark) {
}
