package io.decant.config;

import java.util.Locale;
import java.util.Optional;

/**
 * The guards that protect a move forward. Each can be turned off in {@code guards:} of a
 * migration; a forced advance overrides them once and is audited.
 */
public enum Guard {
    /** → DUAL_WRITE: both stores answer. */
    STORES_REACHABLE,
    /** → DUAL_WRITE: the target table exists with every mapped column, of a compatible type. */
    TARGET_SCHEMA,
    /** → SHADOW_READ: the backfill completed after every live instance acknowledged DUAL_WRITE. */
    BACKFILL_COMPLETE,
    /** → SHADOW_READ, READ_NEW: the latest verification is clean and fresh. */
    VERIFY_CLEAN,
    /** → SHADOW_READ, NEW_ONLY: the repair journal is empty. */
    JOURNAL_EMPTY,
    /** → READ_NEW: enough shadow comparisons, consistent enough. */
    SHADOW_EVIDENCE,
    /** → NEW_ONLY: every live instance acknowledged READ_NEW. */
    BARRIER_ACKNOWLEDGED,
    /**
     * → READ_NEW (and a rollback back across it): the store that starts generating keys hands out
     * keys past every key either table holds and past the other store's generator.
     */
    KEY_SOURCE;

    /** The name used in decant.yaml and in messages, e.g. {@code verify-clean}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Guard> byConfigName(String name) {
        for (Guard g : values()) {
            if (g.configName().equals(name)) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }
}
