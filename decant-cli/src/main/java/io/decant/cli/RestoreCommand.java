package io.decant.cli;

import io.decant.Decant;
import io.decant.RestoreResult;
import io.decant.cli.progress.ProgressBar;
import io.decant.config.DecantConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code decant restore}: loads a backup back into the legacy table. */
@Command(name = "restore", mixinStandardHelpOptions = true, versionProvider = DecantVersion.class,
        header = "Load a backup back into the legacy table.",
        description = {"Checks FILE against its manifest before touching anything, creates the legacy table again"
                + " from the backup's schema if it was dropped (same engine), loads the rows in one transaction and"
                + " commits only when their digest equals the backup's. A RETIRED migration moves back to NEW_ONLY"
                + " (audited), so 'decant rollback' can follow and bring the keys written since into legacy.",
            "", "Exit codes: 0 ok, 2 bad usage, 4 failure (a corrupt or foreign backup, a non-empty table)."})
public final class RestoreCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private JsonOption json;

    @Mixin
    private MigrationArgument migration;

    @Option(names = "--backup", paramLabel = "FILE", required = true,
            description = "The backup written by 'decant backup' (its FILE.manifest.json must be beside it).")
    private Path backup;

    @Override
    public Integer call() {
        DecantConfig config = migration.config();
        RestoreResult result;
        try (Decant decant = migration.open(config); ProgressBar progress = ProgressBar.on(spec.commandLine().getErr())) {
            result = decant.restore(migration.name(), backup, Actor.current(), progress);
        }
        PrintWriter w = spec.commandLine().getOut();
        if (json.enabled()) {
            Json.print(w, result);
        } else {
            w.println(migration.name() + ": restored " + result.rows() + " rows from " + result.backup()
                    + (result.tableCreated() ? " (table created from the backup's schema)" : "") + "; phase "
                    + (result.from() == result.to() ? result.to().toString() : result.from() + " -> " + result.to())
                    + " at version " + result.version() + " (" + result.millis() + " ms)");
            w.flush();
        }
        return ExitCodes.OK;
    }
}
