package io.decant.cli;

import io.decant.AdvanceRequest;
import io.decant.Decant;
import io.decant.Phase;
import io.decant.PhaseChange;
import io.decant.config.DecantConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code decant advance}: one phase forward (or up to {@code --to}), guarded, waiting for the barrier. */
@Command(name = "advance", mixinStandardHelpOptions = true, versionProvider = DecantVersion.class,
        header = "Move a migration forward, guarded, waiting for the phase barrier.",
        description = {"Moves a migration forward one phase, or phase by phase up to --to. Each step checks its"
                + " guards and waits until every live instance acknowledged it.",
            "", "Phases: LEGACY_ONLY, DUAL_WRITE, SHADOW_READ, READ_NEW, NEW_ONLY (RETIRED only through retire).",
            "", "Exit codes: 0 ok, 2 bad usage, 3 a guard refused (each failed guard is listed),"
                + " 5 the barrier timed out (the laggards are named)."})
public final class AdvanceCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private JsonOption json;

    @Mixin
    private MigrationArgument migration;

    @Option(names = "--to", paramLabel = "PHASE", converter = PhaseConverter.class,
            description = "Advance up to this phase (default: the next one). Case and '-'/'_' do not matter.")
    private Phase to;

    @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s",
            description = "How long to wait for every live instance to acknowledge each step (default: ${DEFAULT-VALUE}).")
    private Duration wait;

    @Option(names = "--force", description = "Override failed guards; needs --reason and is recorded in the audit log.")
    private boolean force;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; required with --force, kept in the audit log.")
    private String reason;

    @Override
    public Integer call() {
        if (force && (reason == null || reason.isBlank())) {
            throw new ParameterException(spec.commandLine(), "--force needs --reason \"why\"; the reason is kept in the audit log");
        }
        DecantConfig config = migration.config();
        List<PhaseChange> changes;
        try (Decant decant = migration.open(config)) {
            changes = decant.advance(migration.name(), new AdvanceRequest(Optional.ofNullable(to), wait, force, reason, Actor.current()));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            Json.print(out, changes);
        } else {
            PhaseChanges.print(out, migration.name(), changes);
        }
        return ExitCodes.OK;
    }
}
