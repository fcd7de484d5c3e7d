package io.decant.cli;

import io.decant.Decant;
import io.decant.config.DecantConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code decant}: lists the commands and holds the options every command inherits
 * ({@code --config}, {@code --verbose}). A new command is one line in {@code subcommands}; it
 * reaches the configuration through {@code @ParentCommand RootCommand root} and {@link #loadConfig()},
 * or, acting on one migration, through the {@link MigrationArgument} mixin. Commands that live
 * outside this module (the demo and the benchmarks, in decant-demo) are added by
 * {@link DecantCli#commandLine(java.util.List)}.
 */
@Command(name = "decant", mixinStandardHelpOptions = true, versionProvider = DecantVersion.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "Moves a table out of a monolith's database into a service's database by dual writing,"
                + " without downtime and without losing a write.",
        footer = {"", "Exit codes:",
            "  0  ok",
            "  1  differences found (verify)",
            "  2  bad usage or bad configuration",
            "  3  a guard or a phase precondition refused",
            "  4  failure (a store, a job, a backup)",
            "  5  the phase barrier timed out",
            "", "Run 'decant COMMAND --help' for a command's options."})
public final class RootCommand implements Callable<Integer> {
    /**
     * The built-in commands by name, in the order the usage lists them. Not in the annotation's
     * {@code subcommands}: picocli builds a command's model (reflection over every option) when it is
     * added, and a run needs only the command it runs ({@link DecantCli#commandLine(List, String[])}).
     * The name is each class's own {@code @Command(name)}; a test keeps the two in step.
     */
    static final Map<String, Class<?>> COMMANDS = commands(InitCommand.class, StatusCommand.class, AdvanceCommand.class,
            RollbackCommand.class, RepairCommand.class, BackfillCommand.class, VerifyCommand.class, BackupCommand.class,
            RetireCommand.class, RestoreCommand.class, ServeCommand.class, UninstallCommand.class);

    @Mixin
    private ConfigOption configOption;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of unexpected errors.")
    private boolean verbose;

    @Spec
    private CommandSpec spec;

    /** {@code decant} without a command is bad usage: prints the usage on standard error. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("decant: name a command");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.BAD_USAGE;
    }

    /** The {@code --config} option (inherited, so it may follow the command name). */
    public ConfigOption configOption() {
        return configOption;
    }

    /** Reads and validates the configuration file; a problem exits 2 naming the file and key. */
    public DecantConfig loadConfig() {
        return configOption.load();
    }

    /**
     * The built-in command {@code args} run, if {@code args} name one: the first argument that is
     * neither an option nor {@code --config}'s value (the launchers read the command the same way).
     */
    static Optional<String> commandIn(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--config")) {
                i++;
            } else if (!arg.startsWith("-")) {
                return COMMANDS.containsKey(arg) ? Optional.of(arg) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Map<String, Class<?>> commands(Class<?>... classes) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (Class<?> c : classes) {
            byName.put(c.getSimpleName().replace("Command", "").toLowerCase(Locale.ROOT), c);
        }
        return Collections.unmodifiableMap(byName);
    }

    /** Opens Decant on a loaded configuration. */
    public Decant open(DecantConfig config) {
        return Decant.open(config);
    }
}
