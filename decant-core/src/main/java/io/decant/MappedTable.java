package io.decant;

import io.decant.spi.Key;
import io.decant.spi.Row;
import io.decant.spi.RowMapper;
import io.decant.store.TableStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A migration's target (new) table reached through the migration's column mapping, with rows shaped
 * like the legacy table's: a row of legacy columns is written as the target row the mapping makes of
 * it, and a target row is read back as the legacy row it maps to. A monolith without code of its own
 * for the new store can use it as the new write and read paths of {@link Migration#write} and
 * {@link Migration#read} (the Spring Boot starter's {@code DecantRepository} does). Obtained from
 * {@link Decant#mappedTarget(String)}; thread-safe.
 */
public final class MappedTable {
    private final RowMapper mapper;
    private final TableStore target;
    private final List<String> legacyColumns;
    private final Function<Object, Key> keys;

    /** @param keys checks a key as {@link Migration} takes it and makes it a {@link Key} */
    MappedTable(RowMapper mapper, TableStore target, List<String> legacyColumns, Function<Object, Key> keys) {
        this.mapper = mapper;
        this.target = target;
        this.legacyColumns = List.copyOf(legacyColumns);
        this.keys = keys;
    }

    /** The legacy columns the mapping reads (a row for {@link #upsert} gives a value for each). */
    public List<String> legacyColumns() {
        return legacyColumns;
    }

    /** Inserts or overwrites the target row that {@code legacyRow} (legacy column → value) maps to. */
    public void upsert(Row legacyRow) {
        target.upsert(mapper.toTarget(legacyRow));
    }

    /**
     * Inserts the target row that {@code legacyRow} maps to without its key, which the new store's
     * database generates, and returns that key ({@link Migration#insert}'s new write called without a
     * key). The row's key value, if any, is not written.
     */
    public Object insertGenerated(Row legacyRow) {
        return target.insertGenerated(mapper.toTarget(legacyRow));
    }

    /** Deletes the target row of {@code key} (the legacy key's values); true when there was one. */
    public boolean delete(Object key) {
        return target.delete(keys.apply(key));
    }

    /** The legacy row that a row of the target table (target column → value) maps to. */
    public Row toLegacy(Row targetRow) {
        return mapper.toSource(targetRow);
    }

    /** The target row of {@code key}, as the legacy row it maps to; empty when there is none. */
    public Optional<Row> fetch(Object key) {
        return target.fetch(keys.apply(key)).map(mapper::toSource);
    }
}
