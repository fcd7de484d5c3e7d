package io.decant.cli;

import picocli.CommandLine;

/** The {@code decant} executable. */
public final class DecantCli {
    private DecantCli() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with Decant's error reporting and exit-code mapping installed. Tests call it
     * and redirect {@code setOut}/{@code setErr}; errors are printed to whatever {@code getErr()} is
     * at the time they happen.
     */
    public static CommandLine commandLine() {
        ErrorReporter reporter = new ErrorReporter();
        return new CommandLine(new RootCommand())
                .setExecutionExceptionHandler(reporter)
                .setParameterExceptionHandler(reporter)
                .setExitCodeExceptionMapper(new ExitCodes())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
