package io.decant.http;

import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.config.StoreConfig;
import io.decant.control.ControlStore;
import io.decant.driver.StoreConnection;
import io.decant.store.ChunkTarget;
import io.decant.store.CopySpec;
import io.decant.store.RangeHasher;
import io.decant.store.TableRef;
import io.decant.store.TableStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A store behind a service's API: its tables ({@link TableStore}), their verification
 * ({@link RangeHasher}) and the target side of a backfill ({@link ChunkTarget}), each call one
 * request of Decant's store protocol. Never the control store; backup, retire and restore, which
 * read the legacy table, need a database.
 */
public final class HttpStoreConnection implements StoreConnection {
    private final StoreConfig config;
    private final ServiceClient client;
    private final Map<String, ServedTable> described = new ConcurrentHashMap<>();

    HttpStoreConnection(StoreConfig config) {
        this.config = config;
        this.client = new ServiceClient(config.name(), config.url(), config.password(), config.poolSize(),
                config.readTimeout());
    }

    @Override
    public StoreConfig config() {
        return config;
    }

    @Override
    public TableStore table(TableRef ref) {
        return new HttpTableStore(this, ref);
    }

    @Override
    public RangeHasher rangeHasher(TableRef ref) {
        return new HttpRangeHasher(this, ref, RangeHasher.PORTABLE_ROW_HASH);
    }

    @Override
    public ChunkTarget chunkTarget(CopySpec spec) {
        return new HttpChunkTarget(this, spec.target());
    }

    @Override
    public ControlStore control() {
        throw DecantException.badConfig("store '" + config.name() + "' is a service's API (" + client.baseUrl()
                + "); Decant keeps its own state in a database: set control: to a database store (e.g. the legacy one)");
    }

    @Override
    public String productVersion() {
        return described.values().stream().findFirst().map(ServedTable::engine).map(e -> e + " behind ").orElse("")
                + "decant/1 at " + client.baseUrl();
    }

    ServiceClient client() {
        return client;
    }

    /** The table as the service describes it now; empty when the service serves no such table. */
    Optional<ServedTable> describe(String table) {
        ServiceClient.Reply r = client.getReply(table, "", "describing table " + table);
        if (r.status() == 404 && r.errorCode().equals("not_found")) {
            described.remove(table);
            return Optional.empty();
        }
        ServedTable t = ServedTable.of(client.ok(r, "describing table " + table), config.name());
        described.put(table, t);
        return Optional.of(t);
    }

    /** The table as last described (described now when it never was); FAILURE when the service does not serve it. */
    ServedTable served(TableRef ref) {
        ServedTable t = described.get(ref.table());
        if (t == null) {
            t = describe(ref.table()).orElseThrow(() -> new DecantException(ErrorCode.FAILURE, "store '" + config.name()
                    + "' (" + client.baseUrl() + ") serves no table '" + ref.table() + "'"));
        }
        if (!t.key().equals(ref.key())) {
            throw DecantException.badConfig("store '" + config.name() + "': the service keys table " + ref.table() + " by "
                    + t.key() + ", but the configuration names the key " + ref.key() + "; they must be the same columns");
        }
        return t;
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "HttpStoreConnection[" + config.name() + " " + client.baseUrl() + "]";
    }
}
