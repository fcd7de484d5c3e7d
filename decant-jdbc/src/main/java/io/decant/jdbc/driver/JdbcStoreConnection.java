package io.decant.jdbc.driver;

import io.decant.config.StoreConfig;
import io.decant.control.ControlStore;
import io.decant.driver.StoreConnection;
import io.decant.jdbc.Database;
import io.decant.jdbc.JdbcTableStore;
import io.decant.jdbc.backfill.JdbcBackfillStore;
import io.decant.jdbc.backfill.JdbcChunkCopier;
import io.decant.jdbc.backup.JdbcBulkTable;
import io.decant.jdbc.control.JdbcControlStore;
import io.decant.jdbc.verify.JdbcRangeHasher;
import io.decant.store.BackfillStore;
import io.decant.store.BulkTable;
import io.decant.store.ChunkCopier;
import io.decant.store.CopySpec;
import io.decant.store.RangeHasher;
import io.decant.store.TableRef;
import java.util.Optional;

/**
 * The store SPI over one PostgreSQL or MariaDB/MySQL {@link Database}: its tables, backfill,
 * backup, verification and, when the configuration names it, the control store, all sharing the
 * database's pool.
 */
public final class JdbcStoreConnection implements StoreConnection {
    private final Database database;
    private volatile JdbcControlStore control;

    private JdbcStoreConnection(Database database) {
        this.database = database;
    }

    /** Opens the pool and checks that the store answers; fails (FAILURE) naming the store, never the password. */
    public static JdbcStoreConnection open(StoreConfig config) {
        return new JdbcStoreConnection(Database.open(config));
    }

    /** The store on the application's data source, which it borrows connections from and never closes. */
    public static JdbcStoreConnection over(StoreConfig config, javax.sql.DataSource dataSource) {
        return new JdbcStoreConnection(Database.over(config, dataSource));
    }

    /** The database this connection reaches. */
    public Database database() {
        return database;
    }

    @Override
    public StoreConfig config() {
        return database.config();
    }

    @Override
    public JdbcTableStore table(TableRef ref) {
        return database.table(ref);
    }

    @Override
    public BulkTable bulkTable(TableRef ref) {
        return new JdbcBulkTable(database, ref);
    }

    @Override
    public BackfillStore backfill() {
        return new JdbcBackfillStore(database);
    }

    /**
     * Between two databases this module reaches, the backfill pipes chunks from one to the other
     * (binary {@code COPY} between two PostgreSQL databases, streamed rows into {@code COPY} or batched
     * inserts otherwise); a target of another kind takes chunks through its own {@code chunkTarget}.
     */
    @Override
    public Optional<ChunkCopier> pipeTo(CopySpec spec, StoreConnection target) {
        return target instanceof JdbcStoreConnection other
                ? Optional.of(new JdbcChunkCopier(database, other.database, spec))
                : Optional.empty();
    }

    @Override
    public RangeHasher rangeHasher(TableRef ref) {
        return new JdbcRangeHasher(database.config().name(), database.dataSource(), database.dialect(), ref,
                database.config().timeZone());
    }

    @Override
    public ControlStore control() {
        JdbcControlStore c = control;
        if (c == null) {
            synchronized (this) {
                c = control;
                if (c == null) {
                    c = new JdbcControlStore(database.config().name(), database.dataSource(), database.config().isPostgres());
                    control = c;
                }
            }
        }
        return c;
    }

    @Override
    public Optional<io.decant.store.KeySource> keySource(TableRef ref, Optional<String> sequence) {
        return io.decant.jdbc.JdbcKeySource.of(database, ref, sequence);
    }

    @Override
    public String productVersion() {
        return database.productVersion();
    }

    @Override
    public void close() {
        database.close();
    }

    @Override
    public String toString() {
        return "JdbcStoreConnection[" + database.config().name() + " " + database.config().safeUrl() + "]";
    }
}
