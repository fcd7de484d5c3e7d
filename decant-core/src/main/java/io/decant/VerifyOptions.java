package io.decant;

import io.decant.spi.Key;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a verification covers and does. The defaults compare every row, report the first 20
 * differences and repair nothing.
 *
 * @param from         first key to compare (included), or empty from the first key
 * @param to           last key to compare (included), or empty to the last key
 * @param keys         compare only these keys (then from/to must be empty); empty means a span
 * @param repair       copy each persistent difference from the authoritative store, then recheck
 * @param workers      threads comparing spans at once
 * @param sampleLimit  how many differences the report lists (the first by key order)
 * @param recheckDelay override of the migration's {@code verify.recheck-delay}, or empty
 * @param restart      start a new full-table run even when an unfinished one could be resumed or joined
 */
public record VerifyOptions(Optional<Key> from, Optional<Key> to, List<Key> keys, boolean repair, int workers,
                            int sampleLimit, Optional<Duration> recheckDelay, boolean restart) {
    public static final int DEFAULT_WORKERS = 4;
    public static final int DEFAULT_SAMPLE_LIMIT = 20;

    public VerifyOptions {
        from = from == null ? Optional.empty() : from;
        to = to == null ? Optional.empty() : to;
        keys = keys == null ? List.of() : List.copyOf(keys);
        recheckDelay = recheckDelay == null ? Optional.empty() : recheckDelay;
        if (!keys.isEmpty() && (from.isPresent() || to.isPresent())) {
            throw DecantException.badConfig("give either a key list (--keys) or a key range (--from/--to), not both");
        }
        if (from.isPresent() && to.isPresent() && from.get().compareTo(to.get()) > 0) {
            throw DecantException.badConfig("--from " + from.get() + " is after --to " + to.get() + "; swap them");
        }
        if (workers < 1 || workers > 256) {
            throw DecantException.badConfig("workers: " + workers + " is out of range (1 to 256)");
        }
        if (sampleLimit < 0) {
            throw DecantException.badConfig("the number of differences to list must be 0 or more, not " + sampleLimit);
        }
        if (recheckDelay.isPresent() && recheckDelay.get().isNegative()) {
            throw DecantException.badConfig("the recheck delay must be 0 or more");
        }
    }

    /** Every row, no repair. */
    public static VerifyOptions defaults() {
        return new VerifyOptions(Optional.empty(), Optional.empty(), List.of(), false, DEFAULT_WORKERS, DEFAULT_SAMPLE_LIMIT,
                Optional.empty(), false);
    }

    /** True when the whole table is compared, so the result counts as evidence for the guards. */
    public boolean fullTable() {
        return keys.isEmpty() && from.isEmpty() && to.isEmpty();
    }

    public VerifyOptions withRange(Key from, Key to) {
        return new VerifyOptions(Optional.ofNullable(from), Optional.ofNullable(to), List.of(), repair, workers, sampleLimit,
                recheckDelay, restart);
    }

    public VerifyOptions withKeys(List<Key> keys) {
        return new VerifyOptions(Optional.empty(), Optional.empty(), keys, repair, workers, sampleLimit, recheckDelay, restart);
    }

    public VerifyOptions withRepair(boolean repair) {
        return new VerifyOptions(from, to, keys, repair, workers, sampleLimit, recheckDelay, restart);
    }

    public VerifyOptions withWorkers(int workers) {
        return new VerifyOptions(from, to, keys, repair, workers, sampleLimit, recheckDelay, restart);
    }

    public VerifyOptions withSampleLimit(int sampleLimit) {
        return new VerifyOptions(from, to, keys, repair, workers, sampleLimit, recheckDelay, restart);
    }

    /** Whether to start a new full-table run rather than resume or join the unfinished one. */
    public VerifyOptions withRestart(boolean restart) {
        return new VerifyOptions(from, to, keys, repair, workers, sampleLimit, recheckDelay, restart);
    }

    public VerifyOptions withRecheckDelay(Duration delay) {
        return new VerifyOptions(from, to, keys, repair, workers, sampleLimit, Optional.ofNullable(delay), restart);
    }
}
