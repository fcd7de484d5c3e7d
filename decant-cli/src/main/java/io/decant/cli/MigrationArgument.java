package io.decant.cli;

import io.decant.Decant;
import io.decant.config.DecantConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The MIGRATION argument of a command that acts on one migration, and the way to its configuration
 * and stores through the root command's {@code --config}.
 */
final class MigrationArgument {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Parameters(index = "0", paramLabel = "MIGRATION", description = "The migration, as named in decant.yaml.")
    private String name;

    /** The migration's name, as given. */
    String name() {
        return name;
    }

    /** The configuration (decant.yaml), checked to name this migration: BAD_CONFIG otherwise. */
    DecantConfig config() {
        DecantConfig config = root().loadConfig();
        config.migration(name);
        return config;
    }

    /** Opens the stores of {@code config}. */
    Decant open(DecantConfig config) {
        return root().open(config);
    }

    private RootCommand root() {
        return (RootCommand) command.parent().userObject();
    }
}
