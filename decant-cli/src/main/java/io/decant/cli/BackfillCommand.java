package io.decant.cli;

import io.decant.BackfillOptions;
import io.decant.BackfillResult;
import io.decant.Decant;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.cli.progress.ProgressBar;
import io.decant.config.DecantConfig;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code decant backfill}: copies the legacy rows into the target, resumably, in chunks that concurrent writes cannot clobber. */
@Command(name = "backfill", mixinStandardHelpOptions = true, versionProvider = DecantVersion.class,
        header = "Copy the legacy rows into the target table.",
        description = {"Copies the rows that existed before dual writing began into the target, chunk by chunk,"
                + " each chunk read with its source rows share-locked and written inside that lock (PostgreSQL to"
                + " PostgreSQL: copied from a snapshot without locks, then checked against the source, and merged"
                + " again share-locked if any of its rows changed meanwhile); where a version column is configured,"
                + " a newer target row is never overwritten. No target row is deleted, save the backfill's own"
                + " copy of a row deleted from the source during that check, untouched by anyone since."
                + " Progress is checkpointed in the control store after every chunk: a killed run resumes"
                + " where it stopped. Several processes may run at once against the same control store and"
                + " share the chunks through leases.",
            "", "Runs only in DUAL_WRITE or SHADOW_READ, once every live instance acknowledged DUAL_WRITE.",
            "", "Exit codes: 0 done, 2 bad usage, 3 phase or barrier refused (nothing written), 4 failure."})
public final class BackfillCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private JsonOption json;

    @Mixin
    private MigrationArgument migration;

    @Option(names = "--workers", paramLabel = "N", description = "Chunk workers in this process (default: backfill.workers).")
    private Integer workers;

    @Option(names = "--max-rows-per-second", paramLabel = "R",
            description = "Throttle this process to R rows a second; 0 means unthrottled (default: backfill.max-rows-per-second).")
    private Long maxRowsPerSecond;

    @Option(names = "--restart", description = "Discard the checkpoints and copy every chunk again.")
    private boolean restart;

    @Override
    public Integer call() {
        BackfillOptions options = new BackfillOptions(workers == null ? OptionalInt.empty() : OptionalInt.of(workers),
                maxRowsPerSecond == null ? OptionalLong.empty() : OptionalLong.of(maxRowsPerSecond), restart);
        DecantConfig config = migration.config();
        BackfillResult result;
        try (Decant decant = migration.open(config); ProgressBar progress = ProgressBar.on(spec.commandLine().getErr())) {
            result = decant.backfill(migration.name(), options, progress);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            Json.print(out, result);
        } else {
            out.println(String.format(Locale.ROOT, "%s: copied %d rows in %d chunks (%d merged with existing target rows, %d copied again after their check)"
                            + " in %.1f s, %.0f rows/s, %d workers, %s; %s",
                    migration.name(), result.rowsCopied(), result.chunksCopied(), result.chunksMerged(),
                    result.chunksRedone(), result.elapsed().toNanos() / 1e9, result.rowsPerSecond(), result.workers(), result.method(),
                    result.completed() ? "backfill complete: " + result.rowsTotal() + " rows in " + result.chunksTotal() + " chunks"
                            : "not complete"));
            out.flush();
        }
        if (!result.completed()) {
            throw new DecantException(ErrorCode.FAILURE, "the backfill of " + migration.name() + " did not complete;"
                    + " run it again to resume from its checkpoints");
        }
        return ExitCodes.OK;
    }
}
