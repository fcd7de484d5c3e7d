package io.decant.cli.serve;
import io.decant.wire.BearerToken;
import java.util.Optional;

/**
 * How {@code decant serve} listens.
 *
 * @param bind     the address to bind, e.g. {@code 127.0.0.1} (only this host) or {@code 0.0.0.0}
 * @param port     the port; 0 picks a free one
 * @param token    the bearer token mutating calls need; empty refuses them all
 * @param tokenEnv the environment variable the token came from (named in messages, never its value)
 * @param allowedHosts the names a request's Host header may carry
 */
public record ServeSettings(String bind, int port, Optional<BearerToken> token, String tokenEnv, AllowedHosts allowedHosts) {
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_TOKEN_ENV = "DECANT_SERVE_TOKEN";

    public ServeSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range (0 to 65535)");
        }
        token = token == null ? Optional.empty() : token;
        allowedHosts = allowedHosts == null ? AllowedHosts.forBind(bind, java.util.List.of()) : allowedHosts;
    }

    /** Settings that accept only the bound address's own names in the Host header. */
    public ServeSettings(String bind, int port, Optional<BearerToken> token, String tokenEnv) {
        this(bind, port, token, tokenEnv, null);
    }
}
