package io.decant.wire;
import io.decant.DecantException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The secret that mutating API calls must present as {@code Authorization: Bearer <token>}.
 * Comparison is in constant time over SHA-256 digests, so neither the content nor the length of the
 * token leaks through timing. The token itself is never printed: {@link #toString()} masks it.
 */
public final class BearerToken {
    private static final String SCHEME = "Bearer ";
    /** The shortest token accepted: 16 characters. */
    public static final int MIN_LENGTH = 16;
    private final byte[] digest;

    private BearerToken(String token) {
        this.digest = sha256(token);
    }

    /** The token held by environment variable {@code name}, or empty when it is unset or blank. */
    public static Optional<BearerToken> fromEnvironment(String name) {
        return of(System.getenv(name));
    }

    /**
     * A token from its text, or empty when the text is null or blank (no token configured).
     *
     * @throws DecantException BAD_CONFIG when the token is shorter than {@link #MIN_LENGTH} characters
     */
    public static Optional<BearerToken> of(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        if (token.strip().length() < MIN_LENGTH) {
            throw DecantException.badConfig("the API token is " + token.strip().length() + " characters long; it must have at"
                    + " least " + MIN_LENGTH + " (e.g. openssl rand -hex 24)");
        }
        return Optional.of(new BearerToken(token.strip()));
    }

    /** Whether an {@code Authorization} header value (null when absent) carries this token. */
    public boolean accepts(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.length() < SCHEME.length()
                || !authorizationHeader.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        String presented = authorizationHeader.substring(SCHEME.length()).strip();
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "BearerToken[***]";
    }
}
