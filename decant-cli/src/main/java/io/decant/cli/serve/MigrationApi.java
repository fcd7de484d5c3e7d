package io.decant.cli.serve;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.decant.AdvanceRequest;
import io.decant.Decant;
import io.decant.DecantException;
import io.decant.Phase;
import io.decant.PhaseChange;
import io.decant.config.Durations;
import io.decant.wire.BearerToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON API under {@code /api/migrations}:
 * <pre>
 * GET  /api/migrations                 every migration's status
 * GET  /api/migrations/{name}          one migration's status (404 for an unknown name)
 * POST /api/migrations/{name}/advance  {"to"?, "force"?, "reason"?, "wait"?}     needs the bearer token
 * POST /api/migrations/{name}/rollback {"to", "reason", "wait"?}                 needs the bearer token
 * </pre>
 * Errors are {@link ApiError} objects; Decant's error codes map to HTTP statuses there.
 */
final class MigrationApi implements HttpHandler {
    static final String PREFIX = "/api/migrations";
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final Duration MAX_WAIT = Duration.ofMinutes(10);
    static final Duration FAILED_AUTH_DELAY = Duration.ofSeconds(1);

    private final Decant decant;
    private final StatusReader statuses;
    private final Optional<BearerToken> token;
    private final String tokenEnv;
    private final PrintWriter log;

    MigrationApi(Decant decant, StatusReader statuses, Optional<BearerToken> token, String tokenEnv, PrintWriter log) {
        this.decant = decant;
        this.statuses = statuses;
        this.token = token;
        this.tokenEnv = tokenEnv;
        this.log = log;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (DecantException e) {
            HttpReply.error(exchange, ApiError.of(e));
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String rest = exchange.getRequestURI().getPath().substring(PREFIX.length());
        if (!rest.isEmpty() && !rest.startsWith("/")) {
            HttpReply.error(exchange, ApiError.of(404, "NOT_FOUND", "no such API path; the API is under " + PREFIX));
            return;
        }
        String[] parts = rest.isEmpty() || rest.equals("/") ? new String[0] : rest.substring(1).split("/", -1);
        String method = exchange.getRequestMethod();
        if (parts.length == 0) {
            if (!allow(exchange, method, "GET", "HEAD")) {
                return;
            }
            HttpReply.json(exchange, 200, statuses.all());
        } else if (parts.length == 1 && !parts[0].isEmpty()) {
            if (!allow(exchange, method, "GET", "HEAD") || !known(exchange, parts[0])) {
                return;
            }
            HttpReply.json(exchange, 200, statuses.one(parts[0]));
        } else if (parts.length == 2 && (parts[1].equals("advance") || parts[1].equals("rollback"))) {
            if (!allow(exchange, method, "POST") || !authorized(exchange) || !known(exchange, parts[0])) {
                return;
            }
            JsonNode body = readBody(exchange);
            if (body == null) {
                return;
            }
            String actor = "api@" + exchange.getRemoteAddress().getAddress().getHostAddress();
            List<PhaseChange> changes = parts[1].equals("advance")
                    ? advance(parts[0], body, actor)
                    : List.of(rollback(parts[0], body, actor));
            HttpReply.json(exchange, 200, new Moved(parts[0], changes));
        } else {
            HttpReply.error(exchange, ApiError.of(404, "NOT_FOUND", "no such API path; use " + PREFIX
                    + ", " + PREFIX + "/{name}, " + PREFIX + "/{name}/advance or " + PREFIX + "/{name}/rollback"));
        }
    }

    /** The answer to an advance or a rollback: each phase change made, in order. */
    record Moved(String migration, List<PhaseChange> changes) {
    }

    private List<PhaseChange> advance(String name, JsonNode body, String actor) {
        fieldsAllowed(body, Set.of("to", "force", "reason", "wait"));
        Optional<Phase> to = optionalText(body, "to").map(MigrationApi::phase);
        boolean force = flag(body, "force");
        String reason = optionalText(body, "reason").orElse(null);
        if (force && reason == null) {
            throw DecantException.badConfig("\"force\": true needs a \"reason\"; the reason is kept in the audit log");
        }
        return decant.advance(name, new AdvanceRequest(to, waitOf(body), force, reason, actor));
    }

    private PhaseChange rollback(String name, JsonNode body, String actor) {
        fieldsAllowed(body, Set.of("to", "reason", "wait"));
        Phase to = phase(optionalText(body, "to").orElseThrow(() -> DecantException.badConfig(
                "a rollback needs \"to\": the phase to move back to")));
        String reason = optionalText(body, "reason").orElseThrow(() -> DecantException.badConfig(
                "a rollback needs a \"reason\"; it is kept in the audit log"));
        return decant.rollback(name, to, reason, waitOf(body), actor);
    }

    private static void fieldsAllowed(JsonNode body, Set<String> allowed) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw DecantException.badConfig("unknown field \"" + field + "\"; allowed: " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private static Optional<String> optionalText(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw DecantException.badConfig("\"" + field + "\" must be a string");
        }
        return n.asText().isBlank() ? Optional.empty() : Optional.of(n.asText().strip());
    }

    private static boolean flag(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw DecantException.badConfig("\"" + field + "\" must be true or false");
        }
        return n.booleanValue();
    }

    private static Phase phase(String text) {
        return Phase.parse(text).orElseThrow(() -> DecantException.badConfig("\"to\": '" + text + "' is not a phase; phases are "
                + String.join(", ", Arrays.stream(Phase.values()).map(Phase::name).toList())));
    }

    private static Duration waitOf(JsonNode body) {
        Duration wait = optionalText(body, "wait").map(w -> Durations.parse(w, "wait")).orElse(AdvanceRequest.DEFAULT_WAIT);
        if (wait.compareTo(MAX_WAIT) > 0) {
            throw DecantException.badConfig("\"wait\": at most " + MAX_WAIT.toMinutes() + "m over the API");
        }
        return wait;
    }

    private boolean allow(HttpExchange exchange, String method, String... allowed) throws IOException {
        for (String a : allowed) {
            if (a.equals(method)) {
                return true;
            }
        }
        exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
        HttpReply.error(exchange, ApiError.of(405, "METHOD_NOT_ALLOWED", method + " is not allowed here; use " + String.join(" or ", allowed)));
        return false;
    }

    /**
     * Logs a failed authentication (client address, method, path; never the presented value) and
     * answers only after {@link #FAILED_AUTH_DELAY}, so guessing the token is slow.
     */
    private void failedAuthentication(HttpExchange exchange) {
        synchronized (log) {
            log.println("decant serve: failed authentication from " + exchange.getRemoteAddress().getAddress().getHostAddress()
                    + " for " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                    + (exchange.getRequestHeaders().containsKey("Authorization") ? " (wrong token)" : " (no Authorization header)"));
            log.flush();
        }
        try {
            Thread.sleep(FAILED_AUTH_DELAY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean authorized(HttpExchange exchange) throws IOException {
        if (token.isEmpty()) {
            HttpReply.error(exchange, ApiError.of(403, "FORBIDDEN", "changing phases over the API is disabled: no token is"
                    + " configured; start decant serve with the environment variable " + tokenEnv + " set"));
            return false;
        }
        if (!token.get().accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
            failedAuthentication(exchange);
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"decant\"");
            HttpReply.error(exchange, ApiError.of(401, "UNAUTHORIZED", "this call needs the header 'Authorization: Bearer <token>'"
                    + " with the token set in " + tokenEnv + " where decant serve runs"));
            return false;
        }
        return true;
    }

    private boolean known(HttpExchange exchange, String name) throws IOException {
        if (statuses.knows(name)) {
            return true;
        }
        HttpReply.error(exchange, ApiError.of(404, "NOT_FOUND", "unknown migration '" + name + "'; " + statuses.known()));
        return false;
    }

    /** The body as a JSON object, or null after answering 413 when it is too large. */
    private static JsonNode readBody(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            HttpReply.error(exchange, ApiError.of(413, "TOO_LARGE", "the request body is over " + MAX_BODY_BYTES + " bytes"));
            return null;
        }
        return ApiJson.parse(body);
    }
}
