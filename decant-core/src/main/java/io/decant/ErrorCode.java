package io.decant;

/**
 * What kind of failure a {@link DecantException} reports. The CLI maps each code to its
 * documented exit code in one place; the numbers here are that contract.
 */
public enum ErrorCode {
    /** Verification found persistent differences. */
    DIFFERENCES(1),
    /** Malformed configuration, unknown names, unsafe identifiers, bad flags. */
    BAD_CONFIG(2),
    /** A phase guard (or a phase precondition of an engine) refused the operation. */
    GUARD_REFUSED(3),
    /** A store failed, a backup is corrupt, an engine could not finish. */
    FAILURE(4),
    /** Not every live instance acknowledged the phase change in time. */
    BARRIER_TIMEOUT(5);

    private final int exitCode;

    ErrorCode(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
