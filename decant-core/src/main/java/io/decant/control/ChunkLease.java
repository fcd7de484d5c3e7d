package io.decant.control;

import io.decant.store.KeyRange;

/**
 * A chunk of a backfill plan claimed by one worker until its lease runs out.
 *
 * @param migration the migration
 * @param planId    the plan the chunk belongs to
 * @param chunkNo   the chunk's number, from 0: the open-ended tail is 0, the others follow in key order
 * @param range     the chunk's keys
 * @param owner     the worker holding the lease ({@code host:pid:worker})
 * @param attempt   how many times the chunk was claimed, this claim included
 */
public record ChunkLease(String migration, long planId, int chunkNo, KeyRange range, String owner, int attempt) {
}
