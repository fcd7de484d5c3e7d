package io.decant;

/**
 * One store's write of an insert whose key the database generates ({@link Migration#insert}).
 * Called with {@code null}, it inserts the row and lets its store generate the key (an identity,
 * serial or {@code AUTO_INCREMENT} column, a sequence), and returns that key. Called with a key, it
 * writes the row under that key — an upsert that sets the key's whole state, like every write path
 * (the other store generated the key, and a repair or a retry may write it again) — and its return
 * value is ignored.
 *
 * @param <K> the key's type (a single column: {@code Long}, {@code Integer}, …)
 */
@FunctionalInterface
public interface KeyedWrite<K> {
    K write(K key);
}
