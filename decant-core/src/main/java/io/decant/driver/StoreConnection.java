package io.decant.driver;

import io.decant.config.StoreConfig;
import io.decant.control.ControlStore;
import io.decant.control.VerifySpans;
import io.decant.store.BackfillStore;
import io.decant.store.BulkTable;
import io.decant.store.ChunkCopier;
import io.decant.store.ChunkTarget;
import io.decant.store.CopySpec;
import io.decant.store.RangeHasher;
import io.decant.store.TableRef;
import io.decant.store.TableStore;
import java.util.Optional;

/** An open, pooled connection to one store, from which tables and the control store are reached. */
public interface StoreConnection extends AutoCloseable {
    StoreConfig config();

    /** A table of this store. Identifiers in {@code ref} were validated; the store quotes them. */
    TableStore table(TableRef ref);

    /**
     * Whole-table access for backup, retire and restore (every column, key order). Only
     * {@link TableRef#store()}, {@link TableRef#table()} and {@link TableRef#key()} are used.
     */
    default BulkTable bulkTable(TableRef ref) {
        throw new io.decant.DecantException(io.decant.ErrorCode.FAILURE,
                "store '" + config().name() + "' does not support backup, retire or restore");
    }

    /** Chunk planning, bulk chunk copying and chunk leases for the backfill. */
    default BackfillStore backfill() {
        throw new io.decant.DecantException(io.decant.ErrorCode.FAILURE,
                "store '" + config().name() + "' does not support the backfill");
    }

    /**
     * A direct pipe for a backfill from this store into {@code target}, when this store's driver
     * reaches {@code target} too (e.g. a bulk {@code COPY} between two databases); empty otherwise,
     * and the backfill streams this store's rows ({@link BackfillStore#copier}) into
     * {@code target.chunkTarget(spec)}.
     */
    default Optional<ChunkCopier> pipeTo(CopySpec spec, StoreConnection target) {
        return Optional.empty();
    }

    /**
     * The target side of a backfill into {@code spec.target()} in this store, for a source store that
     * cannot reach this one's database itself ({@link BackfillStore#copier}).
     */
    default ChunkTarget chunkTarget(CopySpec spec) {
        throw new io.decant.DecantException(io.decant.ErrorCode.FAILURE,
                "store '" + config().name() + "' cannot take backfill chunks from another kind of store");
    }

    /** In-database span digests and row hashes of a table, for verification. */
    default RangeHasher rangeHasher(TableRef ref) {
        throw new io.decant.DecantException(io.decant.ErrorCode.FAILURE,
                "store '" + config().name() + "' does not support verification");
    }

    /**
     * Decant's own state kept in this store: a database can hold it, a service's API cannot (the
     * configuration's {@code control:} names a database store).
     */
    default ControlStore control() {
        throw new io.decant.DecantException(io.decant.ErrorCode.BAD_CONFIG,
                "store '" + config().name() + "' cannot hold the control store; name a database store in control:");
    }

    /**
     * The generator of {@code ref}'s single key column, when the database generates its keys: the
     * sequence {@code sequence} if given, else the column's identity, serial sequence, sequence
     * default or {@code AUTO_INCREMENT}. Empty when the key is not generated, and for a store that
     * cannot tell (a service's API).
     */
    default Optional<io.decant.store.KeySource> keySource(TableRef ref, Optional<String> sequence) {
        return Optional.empty();
    }

    /** e.g. {@code PostgreSQL 15.4} or {@code MariaDB 10.11.6}. */
    String productVersion();

    @Override
    void close();
}
