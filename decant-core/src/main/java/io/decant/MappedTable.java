package io.decant;

import io.decant.internal.routing.KeyArgs;
import io.decant.spi.Row;
import io.decant.spi.RowMapper;
import io.decant.store.TableStore;
import java.util.List;
import java.util.Optional;

/**
 * A migration's target (new) table reached through the migration's column mapping, with rows shaped
 * like the legacy table's: a row of legacy columns is written as the target row the mapping makes of
 * it, and a target row is read back as the legacy row it maps to. A monolith without code of its own
 * for the new store can use it as the new write and read paths of {@link Migration#write} and
 * {@link Migration#read} (the Spring Boot starter's {@code DecantRepository} does). Obtained from
 * {@link Decant#mappedTarget(String)}; thread-safe.
 */
public final class MappedTable {
    private final String migration;
    private final RowMapper mapper;
    private final TableStore target;
    private final List<String> legacyColumns;
    private final int keyArity;

    MappedTable(String migration, RowMapper mapper, TableStore target, List<String> legacyColumns, int keyArity) {
        this.migration = migration;
        this.mapper = mapper;
        this.target = target;
        this.legacyColumns = List.copyOf(legacyColumns);
        this.keyArity = keyArity;
    }

    /** The legacy columns the mapping reads (a row for {@link #upsert} gives a value for each). */
    public List<String> legacyColumns() {
        return legacyColumns;
    }

    /** Inserts or overwrites the target row that {@code legacyRow} (legacy column → value) maps to. */
    public void upsert(Row legacyRow) {
        target.upsert(mapper.toTarget(legacyRow));
    }

    /** Deletes the target row of {@code key} (the legacy key's values); true when there was one. */
    public boolean delete(Object key) {
        KeyArgs.check(key, keyArity, migration);
        return target.delete(KeyArgs.toKey(key));
    }

    /** The legacy row that a row of the target table (target column → value) maps to. */
    public Row toLegacy(Row targetRow) {
        return mapper.toSource(targetRow);
    }

    /** The target row of {@code key}, as the legacy row it maps to; empty when there is none. */
    public Optional<Row> fetch(Object key) {
        KeyArgs.check(key, keyArity, migration);
        return target.fetch(KeyArgs.toKey(key)).map(mapper::toSource);
    }
}
