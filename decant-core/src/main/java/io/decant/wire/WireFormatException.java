package io.decant.wire;

/**
 * A JSON value, key, span or hash that does not follow the protocol's encoding (a server answers it
 * with {@code bad_request}; a client reports a reply it cannot read).
 */
public final class WireFormatException extends IllegalArgumentException {
    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
