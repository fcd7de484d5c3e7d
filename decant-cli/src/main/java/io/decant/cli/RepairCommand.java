package io.decant.cli;

import io.decant.Decant;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.RepairResult;
import io.decant.cli.progress.ProgressBar;
import io.decant.config.DecantConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code decant repair}: drains the repair journal and resolves stale intents. */
@Command(name = "repair", mixinStandardHelpOptions = true, versionProvider = DecantVersion.class,
        header = "Drain the repair journal and resolve stale intents.",
        description = {"Drains the repair journal and resolves stale intents: each key's current row (or its"
                + " absence) is copied from the store that holds the latest acknowledged write to the other."
                + " Safe to run in several processes at once.",
            "", "Exit codes: 0 ok, 2 bad usage, 4 some keys could not be repaired."})
public final class RepairCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private JsonOption json;

    @Mixin
    private MigrationArgument migration;

    @Option(names = "--follow", description = "Keep repairing as keys arrive, until Ctrl-C (which finishes the key in hand"
            + " and prints the totals).")
    private boolean follow;

    @Override
    public Integer call() {
        DecantConfig config = migration.config();
        StopOnInterrupt stop = follow ? StopOnInterrupt.install() : null;
        if (follow) {
            spec.commandLine().getErr().println("repairing " + migration.name() + " as keys arrive; Ctrl-C stops after the key in hand");
        }
        try {
            RepairResult result;
            try (Decant decant = migration.open(config); ProgressBar progress = ProgressBar.on(spec.commandLine().getErr())) {
                result = decant.repair(migration.name(), follow, progress);
                Thread.interrupted(); // a Ctrl-C ended --follow; close the stores normally
            }
            print(result);
            if (!result.succeeded()) {
                throw new DecantException(ErrorCode.FAILURE, "repair of " + migration.name() + " left " + result.failed()
                        + " keys unrepaired (they stay in the journal; run repair again once the cause is fixed)",
                        result.errors(), null);
            }
            return ExitCodes.OK;
        } finally {
            if (stop != null) {
                stop.finished();
            }
        }
    }

    private void print(RepairResult result) {
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            Json.print(out, result);
        } else {
            out.println(migration.name() + ": repaired " + result.repaired() + " keys, resolved " + result.intentsResolved()
                    + " stale intents, " + result.failed() + " failed"
                    + (result.busy() > 0 ? ", " + result.busy() + " left journaled (dual writes of them in the other order"
                    + " kept them changing; run repair again)" : ""));
            out.flush();
        }
    }
}
