package io.decant.cli;

import io.decant.DecantException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Prints every failure as {@code decant: <message>} followed by its detail lines, indented, and
 * returns the exit code from {@link ExitCodes}. A stack trace is printed only with
 * {@code --verbose} or {@code DECANT_DEBUG=1}.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    private final ExitCodes exitCodes = new ExitCodes();

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        err.println("decant: " + oneLine(ex));
        if (ex instanceof DecantException de) {
            for (String line : de.details()) {
                err.println("  " + line);
            }
        }
        if (debug(parseResult)) {
            ex.printStackTrace(err);
        } else if (!(ex instanceof DecantException)) {
            err.println("  (run with --verbose or DECANT_DEBUG=1 for the stack trace)");
        }
        err.flush();
        return exitCodes.getExitCode(ex);
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("decant: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        CommandLine.Help help = cmd.getHelp();
        err.print(help.synopsisHeading() + help.synopsis(help.synopsisHeadingLength()));
        err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
        err.flush();
        return exitCodes.getExitCode(ex);
    }

    private static String oneLine(Throwable ex) {
        String message = ex.getMessage();
        if (ex instanceof DecantException) {
            return message;
        }
        if (ex instanceof CommandLine.ExecutionException && ex.getCause() instanceof Error) {
            return "unexpected " + message; // DecantCli.describe: the Error and its root cause
        }
        String kind = ex.getClass().getSimpleName();
        return message == null || message.isBlank() ? "unexpected " + kind : "unexpected " + kind + ": " + message.strip().lines().findFirst().orElse("");
    }

    private static boolean debug(ParseResult parseResult) {
        if ("1".equals(System.getenv("DECANT_DEBUG")) || "true".equalsIgnoreCase(System.getenv("DECANT_DEBUG"))) {
            return true;
        }
        for (ParseResult r = parseResult; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
