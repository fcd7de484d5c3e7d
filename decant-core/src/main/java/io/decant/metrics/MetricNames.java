package io.decant.metrics;

/** Every meter name and tag Decant publishes, in one place. */
public final class MetricNames {
    /** Counter: calls to {@code Migration.write}. Tags migration, phase. */
    public static final String WRITES = "decant.writes";
    /** Counter: store writes that failed. Tags migration, phase, store. */
    public static final String WRITE_FAILURES = "decant.write.failures";
    /** Gauge: keys waiting in the repair journal. Tag migration. */
    public static final String JOURNAL_DEPTH = "decant.journal.depth";
    /** Counters of shadow comparisons, four separate ones. Tags migration, phase. */
    public static final String SHADOW_MATCHED = "decant.shadow.matched";
    public static final String SHADOW_MISMATCHED = "decant.shadow.mismatched";
    public static final String SHADOW_IGNORED = "decant.shadow.ignored";
    public static final String SHADOW_ERRORED = "decant.shadow.errored";
    /** Timer: time spent in one store's read or write. Tags migration, phase, store. */
    public static final String STORE_LATENCY = "decant.store.latency";

    /** Counter: rows the backfill copied. Tag migration. */
    public static final String BACKFILL_ROWS = "decant.backfill.rows";
    /** Counter: chunks the backfill copied; tag {@code path} says direct (empty key range) or merged. Tag migration. */
    public static final String BACKFILL_CHUNKS = "decant.backfill.chunks";
    /** Counter: source rows verification compared. Tag migration. */
    public static final String VERIFY_ROWS = "decant.verify.rows";
    /** Counter: persistent differences verification found; tag {@code kind}. Tag migration. */
    public static final String VERIFY_DIFFERENCES = "decant.verify.differences";
    /** Counter: differences {@code verify --repair} fixed; tag {@code kind}. Tag migration. */
    public static final String VERIFY_REPAIRED = "decant.verify.repaired";

    public static final String TAG_MIGRATION = "migration";
    public static final String TAG_PHASE = "phase";
    public static final String TAG_STORE = "store";

    private MetricNames() {
    }
}
