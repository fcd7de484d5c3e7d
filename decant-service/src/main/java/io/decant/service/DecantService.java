package io.decant.service;
import io.decant.wire.BearerToken;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The Decant store protocol ({@code docs/service-protocol.yaml}, version 1, under
 * {@code /decant/v1/}) for one table of a service's database, free of any HTTP server: an adapter
 * hands each request over as a {@link ProtocolExchange} ({@link DecantEndpoint} does so for the
 * JDK's HTTP server). Every call must carry the bearer token; the token is never logged.
 *
 * <pre>{@code
 * DecantService service = DecantService.over(dataSource, "orders").token(secret).build();
 * service.handle(exchange);
 * }</pre>
 */
public final class DecantService {
    /** Every path of the protocol starts with this. */
    public static final String BASE = "/decant/v1/tables/";
    private static final System.Logger LOG = System.getLogger(DecantService.class.getName());

    private final ServedTable table;
    private final BearerToken token;
    private final TableCalls tableCalls;
    private final RowCalls rowCalls;
    private final SpanCalls spanCalls;
    private final LoadCall loadCall;

    private DecantService(ServedTable table, BearerToken token, ServiceLimits limits) {
        this.table = table;
        this.token = token;
        this.tableCalls = new TableCalls(table, limits);
        this.rowCalls = new RowCalls(table, limits);
        this.spanCalls = new SpanCalls(table, limits);
        this.loadCall = new LoadCall(table, limits);
    }

    /** Starts configuring the service of {@code table} (optionally {@code schema.table}) over the service's {@code dataSource}. */
    public static Builder over(DataSource dataSource, String table) {
        return new Builder(dataSource, table);
    }

    /** The table served. */
    public String table() {
        return table.name();
    }

    /** Answers one request; never throws but when the caller went away. */
    public void handle(ProtocolExchange exchange) throws IOException {
        Responding ex = new Responding(exchange);
        try {
            if (!token.accepts(ex.header("Authorization").orElse(null))) {
                throw new ProtocolError(ProtocolError.Code.UNAUTHORIZED, "a valid bearer token is required");
            }
            route(ex);
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            ProtocolError p = StoreErrors.classify(e);
            logFailure(p);
            if (!ex.responded) {
                Replies.error(ex, p);
            }
        }
    }

    private void route(ProtocolExchange ex) throws IOException {
        String path = ex.path();
        if (!path.startsWith(BASE)) {
            throw new ProtocolError(ProtocolError.Code.NOT_FOUND, "no such path; the protocol's paths start with " + BASE);
        }
        String rest = path.substring(BASE.length());
        int slash = rest.indexOf('/');
        String name = slash < 0 ? rest : rest.substring(0, slash);
        String call = slash < 0 ? "" : rest.substring(slash);
        if (!name.equals(table.name())) {
            throw new ProtocolError(ProtocolError.Code.NOT_FOUND, "this service serves no table '" + name + "'");
        }
        switch (call) {
            case "", "/" -> get(ex, () -> tableCalls.describe(ex));
            case "/count" -> get(ex, () -> tableCalls.count(ex));
            case "/row-hash-probe" -> post(ex, () -> tableCalls.probe(ex));
            case "/rows/read" -> post(ex, () -> rowCalls.read(ex));
            case "/rows/upsert" -> post(ex, () -> rowCalls.upsert(ex));
            case "/rows/replace" -> post(ex, () -> rowCalls.replace(ex));
            case "/rows/delete" -> post(ex, () -> rowCalls.delete(ex));
            case "/rows/load" -> post(ex, () -> loadCall.load(ex));
            case "/spans/split" -> post(ex, () -> spanCalls.split(ex));
            case "/spans/digests" -> post(ex, () -> spanCalls.digests(ex));
            case "/spans/row-hashes" -> post(ex, () -> spanCalls.rowHashes(ex));
            case "/spans/rows" -> post(ex, () -> spanCalls.rows(ex));
            default -> throw new ProtocolError(ProtocolError.Code.NOT_FOUND, "no call '" + call + "' on table " + name);
        }
    }

    private interface Call {
        void run() throws IOException;
    }

    private static void get(ProtocolExchange ex, Call call) throws IOException {
        method(ex, "GET", call);
    }

    private static void post(ProtocolExchange ex, Call call) throws IOException {
        method(ex, "POST", call);
    }

    private static void method(ProtocolExchange ex, String method, Call call) throws IOException {
        if (!ex.method().equals(method)) {
            ex.responseHeader("Allow", method);
            throw new ProtocolError(ProtocolError.Code.METHOD_NOT_ALLOWED, "use " + method);
        }
        call.run();
    }

    static void logFailure(ProtocolError p) {
        if (p.code() == ProtocolError.Code.INTERNAL) {
            LOG.log(Level.ERROR, "decant call failed: " + p.getMessage(), p.getCause() == null ? p : p.getCause());
        } else if (p.code() == ProtocolError.Code.UNAVAILABLE) {
            LOG.log(Level.WARNING, "decant call failed: " + p.getMessage());
        }
    }

    /** Remembers whether the response has started, so a late failure is not answered twice. */
    private static final class Responding implements ProtocolExchange {
        private final ProtocolExchange ex;
        private boolean responded;

        Responding(ProtocolExchange ex) {
            this.ex = ex;
        }

        @Override
        public String method() {
            return ex.method();
        }

        @Override
        public String path() {
            return ex.path();
        }

        @Override
        public Optional<String> header(String name) {
            return ex.header(name);
        }

        @Override
        public java.io.InputStream body() {
            return ex.body();
        }

        @Override
        public void responseHeader(String name, String value) {
            ex.responseHeader(name, value);
        }

        @Override
        public java.io.OutputStream respond(int status, String contentType) throws IOException {
            responded = true;
            return ex.respond(status, contentType);
        }
    }

    /** Configures a {@link DecantService}. */
    public static final class Builder {
        private final DataSource dataSource;
        private final String table;
        private List<String> key = List.of();
        private Optional<String> version = Optional.empty();
        private BearerToken token;
        private long maxRequestBytes = ServiceLimits.DEFAULT.maxRequestBytes();
        private long maxLoadBytes = ServiceLimits.DEFAULT.maxLoadBytes();
        private int maxKeysPerCall = ServiceLimits.DEFAULT.maxKeysPerCall();

        private Builder(DataSource dataSource, String table) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            this.table = Objects.requireNonNull(table, "table");
        }

        /** The key columns, in key order (default: the table's primary key). */
        public Builder key(String... columns) {
            this.key = List.of(columns);
            return this;
        }

        /** The version column, which {@code describe} reports (default: none). */
        public Builder version(String column) {
            this.version = Optional.of(column);
            return this;
        }

        /** The bearer token every call must present (required). */
        public Builder token(String bearerToken) {
            this.token = BearerToken.of(bearerToken)
                    .orElseThrow(() -> new IllegalArgumentException("the bearer token must not be blank"));
            return this;
        }

        /** The largest JSON request body (default 16 MiB). */
        public Builder maxRequestBytes(long bytes) {
            this.maxRequestBytes = bytes;
            return this;
        }

        /** The largest streamed body of a bulk load (default 1 GiB). */
        public Builder maxLoadBytes(long bytes) {
            this.maxLoadBytes = bytes;
            return this;
        }

        /** The most keys or rows one read, upsert or delete names (default 10 000). */
        public Builder maxKeysPerCall(int keys) {
            this.maxKeysPerCall = keys;
            return this;
        }

        /** Reads the table's description and builds the service; fails when the table or its key is missing. */
        public DecantService build() {
            if (token == null) {
                throw new IllegalStateException("a bearer token is required: call token(…)");
            }
            ServiceLimits limits = new ServiceLimits(maxRequestBytes, maxLoadBytes, maxKeysPerCall);
            return new DecantService(ServedTable.open(dataSource, table, key, version), token, limits);
        }
    }
}
