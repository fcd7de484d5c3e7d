package io.decant.cli;

import io.decant.Decant;
import io.decant.StatusReport;
import io.decant.config.DecantConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code decant status}: where a migration stands and the evidence for its next step. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = DecantVersion.class,
        header = "Show a migration's phase and the evidence for its next step.",
        description = {"Shows a migration's phase, the library instances with the phase they acknowledged and their"
                + " heartbeat age, backfill progress, the last verification and whether it is fresh, shadow"
                + " comparison counts and consistency, the repair journal, stale intents and the audit tail.",
            "Without MIGRATION: the only configured migration, or all of them.",
            "", "Exit codes: 0 ok, 2 bad configuration or unknown migration, 4 a store cannot be read."})
public final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    private RootCommand root;

    @Spec
    private CommandSpec spec;

    @Mixin
    private JsonOption json;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MIGRATION",
            description = "The migration, as named in decant.yaml (default: every configured migration).")
    private String migration;

    @Override
    public Integer call() {
        DecantConfig config = root.loadConfig();
        List<String> names = migration != null ? List.of(config.migration(migration).name())
                : List.copyOf(config.migrations().keySet());
        List<StatusReport> reports = new ArrayList<>();
        if (!names.isEmpty()) {
            try (Decant decant = root.open(config)) {
                for (String name : names) {
                    reports.add(decant.status(name));
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            Json.print(out, reports.size() == 1 ? reports.get(0) : Map.of("migrations", reports));
        } else if (reports.isEmpty()) {
            out.println("no migrations are configured in " + root.configOption().path());
        } else {
            for (int i = 0; i < reports.size(); i++) {
                if (i > 0) {
                    out.println();
                }
                StatusTable.print(out, reports.get(i));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
