package io.decant;

import io.decant.internal.routing.MigrationRouter;
import java.util.Optional;
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
     * Reads {@code key} from the store the phase says answers; in SHADOW_READ and READ_NEW the other
     * store is read too, in parallel, and compared (off the caller's path).
     */
    public <T> Optional<T> read(Object key, Supplier<Optional<T>> legacyRead, Supplier<Optional<T>> newRead) {
        return router.read(key, legacyRead, newRead);
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
