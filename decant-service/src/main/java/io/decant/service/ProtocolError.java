package io.decant.service;

/**
 * A failure answered with a stable error code and its HTTP status, as
 * {@code {"error":{"code":"conflict","message":"…"}}}.
 */
public final class ProtocolError extends RuntimeException {
    /** The error codes of the protocol, each with its HTTP status. */
    public enum Code {
        BAD_REQUEST("bad_request", 400),
        UNAUTHORIZED("unauthorized", 401),
        NOT_FOUND("not_found", 404),
        METHOD_NOT_ALLOWED("method_not_allowed", 405),
        CONFLICT("conflict", 409),
        TOO_LARGE("too_large", 413),
        INTERNAL("internal", 500),
        UNAVAILABLE("unavailable", 503);

        private final String wire;
        private final int status;

        Code(String wire, int status) {
            this.wire = wire;
            this.status = status;
        }

        /** The code as the protocol writes it, e.g. {@code bad_request}. */
        public String wire() {
            return wire;
        }

        public int status() {
            return status;
        }
    }

    private final Code code;

    public ProtocolError(Code code, String message) {
        super(message);
        this.code = code;
    }

    public ProtocolError(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public static ProtocolError badRequest(String message) {
        return new ProtocolError(Code.BAD_REQUEST, message);
    }

    public Code code() {
        return code;
    }
}
