package io.decant.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The secret every call must present as {@code Authorization: Bearer <token>}. Compared in
 * constant time over SHA-256 digests, so neither the token's content nor its length leaks through
 * timing; never printed ({@link #toString()} masks it).
 */
final class BearerToken {
    private static final String SCHEME = "Bearer ";
    private final byte[] digest;

    BearerToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the bearer token must not be blank");
        }
        this.digest = sha256(token.strip());
    }

    /** Whether an {@code Authorization} header value carries this token. */
    boolean accepts(Optional<String> authorization) {
        if (authorization.isEmpty()) {
            return false;
        }
        String h = authorization.get();
        if (h.length() < SCHEME.length() || !h.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(h.substring(SCHEME.length()).strip()));
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
