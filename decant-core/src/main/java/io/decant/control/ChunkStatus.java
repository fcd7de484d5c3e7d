package io.decant.control;

import io.decant.store.KeyRange;

/**
 * One chunk of a backfill plan as the control store holds it.
 *
 * @param chunkNo    the chunk's number in key order
 * @param range      its keys
 * @param state      {@code pending}, {@code leased} or {@code done}
 * @param owner      the last worker that claimed it, or null
 * @param attempts   how many times it was claimed
 * @param rowsCopied rows the finishing worker copied (0 until done)
 */
public record ChunkStatus(int chunkNo, KeyRange range, String state, String owner, int attempts, long rowsCopied) {
    public boolean done() {
        return "done".equals(state);
    }
}
