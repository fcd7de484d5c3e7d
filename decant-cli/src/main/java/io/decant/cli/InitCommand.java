package io.decant.cli;

import io.decant.Decant;
import io.decant.InitResult;
import io.decant.config.DecantConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code decant init}: control schema, migration registration, mapping check. */
@Command(name = "init", mixinStandardHelpOptions = true, versionProvider = DecantVersion.class,
        header = "Create the control schema, register the migrations, check each mapping.",
        description = {"Creates or updates Decant's control schema, registers the configured migrations and checks"
                + " each column mapping against the source and target tables. Safe to run again.",
            "", "Exit codes: 0 ok, 2 bad configuration (the message names the file, key and fix)."})
public final class InitCommand implements Callable<Integer> {
    @ParentCommand
    private RootCommand root;

    @Mixin
    private JsonOption json;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        DecantConfig config = root.loadConfig();
        InitResult result;
        try (Decant decant = root.open(config)) {
            result = decant.init();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            Json.print(out, result);
            return ExitCodes.OK;
        }
        out.println("control schema version " + result.schemaVersion() + " on store '" + config.control() + "'");
        for (InitResult.MigrationInit m : result.migrations()) {
            out.println(m.name() + ": " + (m.registered() ? "registered" : "already registered") + ", phase "
                    + m.phase() + " (version " + m.version() + ")");
            for (String line : m.mapping()) {
                out.println("  " + line);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
