package io.decant.store;

import java.util.List;
import java.util.OptionalLong;

/**
 * The generator a table's key values come from when the database generates them: a sequence (an
 * identity or serial column's, one a column default draws from, or one the application draws from
 * itself, {@code key-sequence:}) or a table's {@code AUTO_INCREMENT} counter. Read by the
 * {@code key-source} guard and the hand-over of key generation at the authority flip, and by
 * {@code retire --drop}. Every method reads the database when called.
 */
public interface KeySource {
    /** What it is, for messages: e.g. {@code sequence public.orders_id_seq} or {@code AUTO_INCREMENT of shop.orders}. */
    String describe();

    /**
     * The value the generator hands out next, or a value above it: every key it handed out so far is
     * smaller. (A generator that hands out values from a cache reports the end of the cache.)
     */
    long nextValue();

    /** The largest key in the table, if it holds a row. */
    OptionalLong maxKey();

    /**
     * The statement an operator runs so that the generator hands out {@code next} next (and nothing
     * below it afterwards): e.g. {@code SELECT setval('public.orders_id_seq', 100000, false)}.
     */
    String moveToSql(long next);

    /**
     * Whether its position moves only when a key is drawn (a sequence), not when a row is inserted
     * with an explicit key (an {@code AUTO_INCREMENT} counter follows those too).
     */
    boolean movesOnlyWhenDrawn();

    /** Whether dropping the table drops the generator too (a serial or identity column's sequence, an {@code AUTO_INCREMENT}). */
    boolean droppedWithTable();

    /** Columns of other tables whose defaults draw from this generator, e.g. {@code public.invoices.id}. */
    List<String> otherUsers();
}
