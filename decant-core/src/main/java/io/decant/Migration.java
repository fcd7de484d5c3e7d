package io.decant;

import io.decant.internal.routing.MigrationRouter;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One migration as the monolith's code sees it: wrap each write and read of the migrated table,
 * and Decant routes it by the current phase (README.md, "Phases"). Obtained from
 * {@link Decant#migration(String)}; thread-safe; cheap per call.
 *
 * <p>A key is a single value, a {@link java.util.List} of values for a composite key (in key
 * column order), or an {@link io.decant.spi.Key}.
 */
public final class Migration {
    private final String name;
    private final MigrationRouter router;

    Migration(String name, MigrationRouter router) {
        this.name = name;
        this.router = router;
    }

    /**
     * Writes {@code key} through the legacy and/or the new write path, as the phase says. A failed
     * authoritative write fails the call (the other store is not touched); a failed second write
     * still succeeds and the key is journaled for repair.
     */
    public void write(Object key, Runnable legacyWrite, Runnable newWrite) {
        router.write(key, () -> {
            legacyWrite.run();
            return null;
        }, () -> {
            newWrite.run();
            return null;
        });
    }

    /** Like {@link #write(Object, Runnable, Runnable)}; returns the authoritative write's result. */
    public <T> T write(Object key, Supplier<T> legacyWrite, Supplier<T> newWrite) {
        return router.write(key, legacyWrite, newWrite);
    }

    /**
     * Inserts a row whose key the database generates, and returns that key. Until SHADOW_READ the
     * legacy store generates it: {@code legacyWrite.write(null)} inserts and returns the key, then
     * {@code newWrite.write(key)} writes the row under it. From READ_NEW on the new store generates
     * it, and the order turns around. The crash window between the two writes is covered as for
     * {@link #write}: the intent is recorded before the first write without a key, and names the key
     * before the second (docs/protocol.md, "Database-generated keys"). The key is a single column;
     * a generated key is refused (the call fails before the second write) when it lies on the other
     * store's side of the last hand-over of key generation, which only happens to an instance still
     * acting on the phase before it. Inside the application's transaction the key is named at once and
     * the rest follows {@link #write}'s steps for it (README.md, "Transactions").
     */
    public <K> K insert(KeyedWrite<K> legacyWrite, KeyedWrite<K> newWrite) {
        return router.insert(legacyWrite, newWrite);
    }

    /**
     * Reads {@code key} from the store the phase says answers; in SHADOW_READ and READ_NEW the other
     * store is read too, in parallel, and compared (off the caller's path).
     */
    public <T> Optional<T> read(Object key, Supplier<Optional<T>> legacyRead, Supplier<Optional<T>> newRead) {
        return router.read(key, legacyRead, newRead);
    }

    /**
     * Reads many rows at once (a query: all orders of a customer) from the store the phase says
     * answers, routed like {@link #read}. In SHADOW_READ and READ_NEW the other store is read too, off
     * the caller's path, and the two collections are compared as sets, order ignored: elements are
     * matched by {@code elementKey} (the migrated table's key of each element) and each pair compared
     * with the migration's comparator. One comparison is counted per call, in the same counters as
     * single reads; a persistent difference samples its elements (missing in one store, extra, or
     * differing) under their keys and journals those keys for repair from the authoritative store.
     *
     * @param query      names the query in logs, e.g. {@code "orders of customer 42"}
     * @param elementKey the key of an element, as {@link #write} takes it
     */
    public <T, C extends Collection<T>> C readAll(Object query, Supplier<C> legacyRead, Supplier<C> newRead,
                                                   Function<? super T, ?> elementKey) {
        return router.readAll(query, legacyRead, newRead, elementKey);
    }

    /** The phase this instance acts on now. */
    public Phase phase() {
        return router.epochs().current().phase();
    }

    /** The phase version this instance acts on now. */
    public long phaseVersion() {
        return router.epochs().current().version();
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "Migration[" + name + ", " + phase() + " v" + phaseVersion() + "]";
    }
}
