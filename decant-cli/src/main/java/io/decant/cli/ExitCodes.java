package io.decant.cli;

import io.decant.DecantException;
import io.decant.ErrorCode;
import picocli.CommandLine;

/**
 * The one place where failures become exit codes (README.md, "Command line"): 1 differences,
 * 2 bad usage or bad configuration, 3 guard refused, 4 failure, 5 barrier timed out.
 */
public final class ExitCodes implements CommandLine.IExitCodeExceptionMapper {
    public static final int OK = 0;
    public static final int DIFFERENCES = 1;
    public static final int BAD_USAGE = 2;
    public static final int GUARD_REFUSED = 3;
    public static final int FAILURE = 4;
    public static final int BARRIER_TIMEOUT = 5;

    public static int of(ErrorCode code) {
        return switch (code) {
            case DIFFERENCES -> DIFFERENCES;
            case BAD_CONFIG -> BAD_USAGE;
            case GUARD_REFUSED -> GUARD_REFUSED;
            case FAILURE -> FAILURE;
            case BARRIER_TIMEOUT -> BARRIER_TIMEOUT;
        };
    }

    @Override
    public int getExitCode(Throwable exception) {
        if (exception instanceof DecantException e) {
            return of(e.code());
        }
        if (exception instanceof CommandLine.ParameterException) {
            return BAD_USAGE;
        }
        return FAILURE;
    }
}
