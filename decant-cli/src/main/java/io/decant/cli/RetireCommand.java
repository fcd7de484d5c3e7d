package io.decant.cli;

import io.decant.Decant;
import io.decant.RetireResult;
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

/** {@code decant retire}: deletes the legacy rows, proven to be in a verified backup, and marks the migration RETIRED. */
@Command(name = "retire", mixinStandardHelpOptions = true, versionProvider = DecantVersion.class,
        header = "Delete the legacy rows after proving they are in a verified backup.",
        description = {"Refuses unless the migration is in NEW_ONLY, every live instance acknowledged it, the"
                + " latest verification is clean and fresh, and the repair journal is empty (each unmet condition is"
                + " listed). Then checks FILE against its manifest, requires the digest of the current legacy rows to"
                + " equal the backup's, and deletes the rows in throttled batches in key order (retire.batch-rows,"
                + " retire.max-rows-per-second), each row compared with the backup while locked. A retire that was"
                + " interrupted resumes when run again with the same backup. Finally drops the table with --drop and"
                + " records RETIRED in the audit log. Keys written in NEW_ONLY stay journaled for a rollback after a"
                + " restore.",
            "", "Exit codes: 0 ok, 2 bad usage, 3 refused (nothing deleted), 4 failure (e.g. a corrupt backup)."})
public final class RetireCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private JsonOption json;

    @Mixin
    private MigrationArgument migration;

    @Option(names = "--backup", paramLabel = "FILE", required = true,
            description = "The backup written by 'decant backup' (its FILE.manifest.json must be beside it).")
    private Path backup;

    @Option(names = "--drop", description = "Drop the legacy table once its rows are deleted.")
    private boolean drop;

    @Override
    public Integer call() {
        DecantConfig config = migration.config();
        RetireResult result;
        try (Decant decant = migration.open(config); ProgressBar progress = ProgressBar.on(spec.commandLine().getErr())) {
            result = decant.retire(migration.name(), backup, drop, Actor.current(), progress);
        }
        PrintWriter w = spec.commandLine().getOut();
        if (json.enabled()) {
            Json.print(w, result);
        } else {
            w.println(migration.name() + ": RETIRED at version " + result.version() + "; deleted " + result.rowsDeleted()
                    + " legacy rows" + (result.resumed() ? " (resumed an interrupted retire)" : "")
                    + (result.dropped() ? ", table dropped" : "") + " (" + result.millis() + " ms)");
            w.println("  backup " + result.backup() + " sha256 " + result.fileSha256());
            w.println("  to undo: decant restore " + migration.name() + " --backup " + result.backup());
            w.flush();
        }
        return ExitCodes.OK;
    }
}
