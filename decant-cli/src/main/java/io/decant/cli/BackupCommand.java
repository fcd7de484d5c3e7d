package io.decant.cli;

import io.decant.BackupResult;
import io.decant.Decant;
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

/** {@code decant backup}: writes the legacy rows to a compressed, self-describing file and its manifest. */
@Command(name = "backup", mixinStandardHelpOptions = true, versionProvider = DecantVersion.class,
        header = "Write the legacy rows to a compressed, self-describing backup file.",
        description = {"Streams every column of every row of the migration's legacy table, in key order, into"
                + " FILE (zstd-compressed: a header with the columns, their database types and the key, then the"
                + " rows, then a trailer with the row count and digest), and writes FILE.manifest.json with the row"
                + " count, the row digest, the file's SHA-256, the source table, the time and the phase version."
                + " Both appear only when complete. Changes nothing in the stores.",
            "", "Exit codes: 0 ok, 2 bad usage (or FILE exists), 4 failure."})
public final class BackupCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private JsonOption json;

    @Mixin
    private MigrationArgument migration;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The backup file to write (must not exist).")
    private Path out;

    @Override
    public Integer call() {
        DecantConfig config = migration.config();
        BackupResult result;
        try (Decant decant = migration.open(config); ProgressBar progress = ProgressBar.on(spec.commandLine().getErr())) {
            result = decant.backup(migration.name(), out, progress);
        }
        PrintWriter w = spec.commandLine().getOut();
        if (json.enabled()) {
            Json.print(w, result);
        } else {
            w.println(migration.name() + ": backed up " + result.rows() + " rows to " + result.file() + " (" + result.bytes()
                    + " bytes, " + result.millis() + " ms)");
            w.println("  manifest   " + result.manifest());
            w.println("  sha256     " + result.fileSha256());
            w.println("  row digest " + result.rowDigest());
            w.flush();
        }
        return ExitCodes.OK;
    }
}
