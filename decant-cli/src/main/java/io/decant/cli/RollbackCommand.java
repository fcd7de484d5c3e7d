package io.decant.cli;

import io.decant.Decant;
import io.decant.Phase;
import io.decant.PhaseChange;
import io.decant.config.DecantConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code decant rollback}: moves a migration back to an earlier phase, with a reason. */
@Command(name = "rollback", mixinStandardHelpOptions = true, versionProvider = DecantVersion.class,
        header = "Move a migration back to an earlier phase, with a reason.",
        description = {"Moves a migration back to an earlier phase (any phase before RETIRED), audited with the"
                + " reason. Crossing back over the authority flip (from READ_NEW or NEW_ONLY to SHADOW_READ or"
                + " earlier) first drains the repair journal and waits for the barrier.",
            "", "Exit codes: 0 ok, 2 bad usage, 3 refused, 5 the barrier timed out."})
public final class RollbackCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private JsonOption json;

    @Mixin
    private MigrationArgument migration;

    @Option(names = "--to", paramLabel = "PHASE", required = true, converter = PhaseConverter.class,
            description = "The earlier phase to go back to.")
    private Phase to;

    @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why; kept in the audit log.")
    private String reason;

    @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s",
            description = "How long to wait for every live instance to acknowledge (default: ${DEFAULT-VALUE}).")
    private Duration wait;

    @Override
    public Integer call() {
        if (reason.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--reason must say why; it is kept in the audit log");
        }
        DecantConfig config = migration.config();
        PhaseChange change;
        try (Decant decant = migration.open(config)) {
            change = decant.rollback(migration.name(), to, reason, wait, Actor.current());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            Json.print(out, change);
        } else {
            PhaseChanges.print(out, migration.name(), List.of(change));
        }
        return ExitCodes.OK;
    }
}
