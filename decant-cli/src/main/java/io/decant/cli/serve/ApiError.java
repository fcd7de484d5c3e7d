package io.decant.cli.serve;

import io.decant.DecantException;
import io.decant.ErrorCode;
import java.util.List;

/**
 * The JSON body of a failed API call, and its HTTP status.
 *
 * @param status  the HTTP status
 * @param error   what is wrong and what to do next
 * @param code    Decant's error code ({@code GUARD_REFUSED}, …), or a short word for HTTP-level errors
 * @param details further lines, e.g. each failed guard with its evidence
 */
record ApiError(int status, String error, String code, List<String> details) {
    ApiError {
        details = List.copyOf(details);
    }

    static ApiError of(int status, String code, String error) {
        return new ApiError(status, error, code, List.of());
    }

    /** A Decant failure with the HTTP status its code maps to. */
    static ApiError of(DecantException e) {
        return new ApiError(httpStatus(e.code()), e.getMessage(), e.code().name(), e.details());
    }

    /**
     * BAD_CONFIG 400 (bad input), GUARD_REFUSED 409 (the migration's state refuses the move),
     * DIFFERENCES 409, BARRIER_TIMEOUT 504 (instances did not acknowledge in time), FAILURE 500.
     */
    static int httpStatus(ErrorCode code) {
        return switch (code) {
            case BAD_CONFIG -> 400;
            case GUARD_REFUSED, DIFFERENCES -> 409;
            case BARRIER_TIMEOUT -> 504;
            case FAILURE -> 500;
        };
    }
}
