package io.decant.spring;

import io.decant.Decant;
import io.decant.MappedTable;
import io.decant.Migration;
import io.decant.Phase;
import io.decant.spi.Row;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.springframework.data.repository.CrudRepository;

/**
 * A Spring Data repository of the legacy table, migrated: {@code save} and {@code delete} are
 * {@link Migration#write}s, {@code findById} a {@link Migration#read}. The legacy paths are the
 * repository's own; the new paths write and read the migration's target table through the
 * decant.yaml's column mapping ({@link Decant#mappedTarget}), the entity's fields read as legacy
 * columns ({@link EntityRows}), so the application needs no code for the new store. Inside a
 * {@code @Transactional} method the legacy write commits with the transaction (see the README's
 * "Transactions").
 *
 * <p>Shadow reads compare the two rows by value (not the entities' {@code equals}). From
 * {@code READ_NEW} on, an entity read from the new store is a new, unmanaged instance: change it
 * through {@link #save}. Ids must be known before the write (assigned by the application or drawn
 * from a sequence); database-generated ids are not supported here yet.
 *
 * @param <T>  the entity
 * @param <ID> its id
 */
public final class DecantRepository<T, ID> {
    private final Migration migration;
    private final CrudRepository<T, ID> legacy;
    private final MappedTable target;
    private final EntityRows<T> rows;

    private DecantRepository(Migration migration, CrudRepository<T, ID> legacy, MappedTable target, EntityRows<T> rows) {
        this.migration = migration;
        this.legacy = legacy;
        this.target = target;
        this.rows = rows;
    }

    /** Migration {@code migration} of the entity {@code type}, whose legacy repository is {@code legacy}. */
    public static <T, ID> DecantRepository<T, ID> of(Decant decant, String migration, CrudRepository<T, ID> legacy, Class<T> type) {
        MappedTable target = decant.mappedTarget(migration);
        return new DecantRepository<>(decant.migration(migration), legacy, target, new EntityRows<>(type, target.legacyColumns()));
    }

    /** Saves the entity in the stores the phase writes; returns the authoritative store's instance. */
    public <S extends T> S save(S entity) {
        AtomicReference<S> saved = new AtomicReference<>(entity);
        return migration.write(rows.id(entity), () -> {
            saved.set(legacy.save(entity)); // the managed instance: what the transaction commits
            return saved.get();
        }, () -> {
            target.upsert(rows.toRow(saved.get()));
            return entity;
        });
    }

    public void deleteById(ID id) {
        migration.write(id, () -> legacy.deleteById(id), () -> target.delete(id));
    }

    public void delete(T entity) {
        @SuppressWarnings("unchecked")
        ID id = (ID) rows.id(entity);
        deleteById(id);
    }

    /** The entity of {@code id} from the store the phase reads (shadow-compared by value where the phase says). */
    public Optional<T> findById(ID id) {
        return migration.read(id, () -> legacy.findById(id).map(e -> new Read<>(e, rows.toRow(e))),
                () -> target.fetch(id).map(r -> new Read<>(rows.fromRow(r), r))).map(Read::entity);
    }

    /**
     * A read that is not by id (a collection, a query), from the store the phase makes authoritative:
     * legacy up to SHADOW_READ, new from READ_NEW on. Not shadow-compared.
     * TODO: collection reads routed and shadow-compared by Decant plug in here.
     */
    public <R> R query(Supplier<R> legacyQuery, Supplier<R> newQuery) {
        return migration.phase().legacyIsAuthoritative() ? legacyQuery.get() : newQuery.get();
    }

    /** The entity a legacy-shaped row stands for (a new, unmanaged instance). */
    public T entityOf(Row legacyRow) {
        return rows.fromRow(legacyRow);
    }

    /** The phase this instance acts on. */
    public Phase phase() {
        return migration.phase();
    }

    /** The migration's target table through its mapping (for queries of the new store). */
    public MappedTable target() {
        return target;
    }

    /** An entity with the row it was read as; equal when the rows' values are (what a shadow read compares). */
    private record Read<T>(T entity, Row row) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Read<?> other && EntityRows.sameValues(row, other.row);
        }

        @Override
        public int hashCode() {
            return EntityRows.comparable(row).hashCode();
        }

        @Override
        public String toString() {
            return row.values().toString();
        }
    }
}
