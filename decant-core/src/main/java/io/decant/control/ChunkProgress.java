package io.decant.control;

/**
 * Where a backfill plan stands, over every worker in every process.
 *
 * @param chunksTotal  chunks in the plan
 * @param chunksDone   chunks copied
 * @param chunksLeased chunks held by a worker right now (an expired lease counts until taken over)
 * @param rowsCopied   rows copied by the done chunks
 */
public record ChunkProgress(int chunksTotal, int chunksDone, int chunksLeased, long rowsCopied) {
    public boolean allDone() {
        return chunksDone >= chunksTotal;
    }
}
