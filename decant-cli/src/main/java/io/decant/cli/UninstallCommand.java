package io.decant.cli;

import io.decant.Decant;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.UninstallResult;
import io.decant.config.DecantConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code decant uninstall}: drops Decant's tables from the control store once every migration is RETIRED. */
@Command(name = "uninstall", mixinStandardHelpOptions = true, versionProvider = DecantVersion.class,
        header = "Drop Decant's tables from the control store, once every migration is RETIRED.",
        description = {"Drops every decant_* table that init created in the control store: the phase log, the audit"
                + " log, the journal, the evidence. Refused, dropping nothing, while a migration is not RETIRED or a"
                + " library instance is live. Keep a copy of what you want first (decant status --json, the backups).",
            "", "Exit codes: 0 dropped, 2 bad usage (--yes missing), 3 refused (each reason listed), 4 failure."})
public final class UninstallCommand implements Callable<Integer> {
    @ParentCommand
    private RootCommand root;

    @Mixin
    private JsonOption json;

    @Spec
    private CommandSpec spec;

    @Option(names = "--yes", description = "Confirm: the tables and the audit log cannot be brought back.")
    private boolean yes;

    @Override
    public Integer call() {
        if (!yes) {
            throw new DecantException(ErrorCode.BAD_CONFIG, "uninstall drops Decant's tables and its audit log for good;"
                    + " add --yes to confirm (nothing was changed)");
        }
        DecantConfig config = root.loadConfig();
        UninstallResult result;
        try (Decant decant = root.open(config)) {
            result = decant.uninstall();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            Json.print(out, result);
            return ExitCodes.OK;
        }
        out.println("dropped " + result.tables().size() + " table(s) from store '" + result.store() + "': "
                + String.join(", ", result.tables()));
        out.println("migrations that were registered (all RETIRED): "
                + (result.migrations().isEmpty() ? "none" : String.join(", ", result.migrations())));
        out.flush();
        return ExitCodes.OK;
    }
}
