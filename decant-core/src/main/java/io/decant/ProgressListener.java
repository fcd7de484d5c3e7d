package io.decant;

/**
 * Receives progress of a long job (backfill, verify, backup, retire, repair). The CLI renders it
 * as a bar with rate and ETA on a terminal, or as periodic plain lines otherwise. Called from
 * worker threads; implementations must be thread-safe and cheap.
 */
public interface ProgressListener {
    ProgressListener NONE = new ProgressListener() {
        @Override
        public void update(String task, long done, long total) {
        }
    };

    /**
     * @param task  what is progressing, e.g. {@code backfill orders}
     * @param done  units done so far (rows)
     * @param total units expected in all, or -1 when unknown
     */
    void update(String task, long done, long total);

    /** A line worth showing the operator (e.g. "chunk 12 retried after timeout"). */
    default void message(String line) {
    }
}
