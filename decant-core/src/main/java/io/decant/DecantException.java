package io.decant;

import java.util.List;

/**
 * The one unchecked root of Decant's errors. Its {@link ErrorCode} decides the CLI exit code.
 * Messages say what is wrong and what to do next. {@code SQLException}s are wrapped with their
 * cause, never swallowed.
 */
public class DecantException extends RuntimeException {
    private final ErrorCode code;
    private final List<String> details;

    public DecantException(ErrorCode code, String message) {
        this(code, message, List.of(), null);
    }

    public DecantException(ErrorCode code, String message, Throwable cause) {
        this(code, message, List.of(), cause);
    }

    public DecantException(ErrorCode code, String message, List<String> details, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.details = List.copyOf(details);
    }

    public ErrorCode code() {
        return code;
    }

    /** Further lines (for example, each failed guard with its evidence). */
    public List<String> details() {
        return details;
    }

    public static DecantException badConfig(String message) {
        return new DecantException(ErrorCode.BAD_CONFIG, message);
    }

    public static DecantException failure(String message, Throwable cause) {
        return new DecantException(ErrorCode.FAILURE, message, cause);
    }
}
