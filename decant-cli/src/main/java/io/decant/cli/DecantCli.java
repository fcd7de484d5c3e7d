package io.decant.cli;

import java.util.Collection;
import java.util.List;
import picocli.CommandLine;

/** The {@code decant} executable. */
public final class DecantCli {
    private DecantCli() {
    }

    public static void main(String[] args) {
        main(List.of(), args);
    }

    /**
     * The {@code main} of an executable built on this command line with {@code extraCommands} added (see
     * {@link #commandLine(List)}): reads the configuration ahead ({@link ConfigPreload}) while the
     * command line is built, runs {@code args} and exits with the command's exit code.
     */
    public static void main(List<Object> extraCommands, String[] args) {
        ConfigPreload.start(args);
        run(commandLine(extraCommands, args), args);
    }

    /**
     * Runs {@code args} on {@code cli} (one of {@link #commandLine()}'s) and exits the JVM with the
     * command's exit code: the {@code main} of any executable built on this command line.
     */
    public static void run(CommandLine cli, String[] args) {
        int code;
        try {
            code = cli.execute(args);
        } catch (Throwable e) {
            // the error reporter failed too (e.g. out of memory while printing): one line, no trace
            System.err.println("decant: unexpected " + describe(e));
            code = ExitCodes.FAILURE;
        }
        System.exit(code);
    }

    /**
     * The command line with Decant's error reporting and exit-code mapping installed. Tests call it
     * and redirect {@code setOut}/{@code setErr}; errors are printed to whatever {@code getErr()} is
     * at the time they happen.
     */
    public static CommandLine commandLine() {
        return commandLine(List.of());
    }

    /**
     * The command line with {@code extraCommands} (picocli {@code @Command} objects) added after the
     * built-in commands, before the error reporting and the other settings are installed, so they
     * apply to the added commands too and these inherit {@code --config} and {@code --verbose}.
     * decant-demo adds {@code demo} and {@code bench} this way.
     */
    public static CommandLine commandLine(List<Object> extraCommands) {
        return commandLine(RootCommand.COMMANDS.values(), extraCommands);
    }

    /**
     * The command line that runs {@code args}: when they name a built-in command, with that command
     * only (the usage, an unknown command and the added commands need them all, and get them). Picocli
     * builds each command's model by reflection when the command is added: building one instead of all
     * twelve takes about 25 ms off a cold start ({@code decant status --version}: 0.115 s against 0.14 s).
     */
    public static CommandLine commandLine(List<Object> extraCommands, String[] args) {
        return RootCommand.commandIn(args)
                .map(name -> commandLine(List.<Class<?>>of(RootCommand.COMMANDS.get(name)), List.of()))
                .orElseGet(() -> commandLine(extraCommands));
    }

    private static CommandLine commandLine(Collection<Class<?>> builtIns, List<Object> extraCommands) {
        ErrorReporter reporter = new ErrorReporter();
        CommandLine cli = new CommandLine(new RootCommand());
        builtIns.forEach(cli::addSubcommand);
        extraCommands.forEach(cli::addSubcommand);
        return cli
                .setExecutionExceptionHandler(reporter)
                .setParameterExceptionHandler(reporter)
                .setExitCodeExceptionMapper(new ExitCodes())
                .setExecutionStrategy(DecantCli::runReportingErrors)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    /**
     * Runs the command; a Java Error (a native library that cannot load, a class that cannot
     * initialize, memory exhausted) goes to the error reporter like an exception, so it too ends as a
     * {@code decant:} message and exit code 4 rather than a stack trace.
     */
    private static int runReportingErrors(CommandLine.ParseResult parseResult) {
        try {
            return new CommandLine.RunLast().execute(parseResult);
        } catch (Error e) {
            throw new CommandLine.ExecutionException(parseResult.commandSpec().commandLine(), describe(e), e);
        }
    }

    /** "ExceptionInInitializerError (UnsatisfiedLinkError: no zstd in java.library.path)": the error and its root cause. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage().strip());
        if (root != e) {
            what += " (" + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage().strip()) + ")";
        }
        return what;
    }
}
