package io.decant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class HelpTest {
    static Stream<String> commands() {
        return DecantCli.commandLine().getSubcommands().keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandPrintsItsUsageWithHelpAndExitsZero(String command) {
        Cli.Result r = Cli.run(command, "--help");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Usage: decant " + command).contains("--help", "--version", "--config=FILE");
        assertThat(r.err()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandPrintsTheVersionAndExitsZero(String command) {
        Cli.Result r = Cli.run(command, "--version");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("decant ");
    }

    @Test
    void rootHelpListsEveryCommandAndTheExitCodes() {
        Cli.Result r = Cli.run("--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: decant");
        commands().forEach(c -> assertThat(r.out()).contains("  " + c));
        assertThat(r.out()).contains("Exit codes:", "2  bad usage or bad configuration", "5  the phase barrier timed out");
    }

    @Test
    void theDocumentedCommandsAreAllThere() {
        assertThat(commands().toList()).contains("init", "status", "advance", "rollback", "repair", "backfill", "verify",
                "backup", "retire", "restore", "serve");
    }

    @Test
    void theDemoAndTheBenchmarksAreNotInTheProductionCommand() {
        assertThat(commands().toList()).doesNotContain("demo", "bench");
    }

    @Test
    void anAddedCommandIsListedAndInheritsTheCommonOptionsAndErrorHandling() {
        CommandLine cli = DecantCli.commandLine(List.of(new Extra()));

        Cli.Result help = Cli.run(cli, "--help");
        assertThat(help.out()).contains("  extra", "  init");
        assertThat(cli.getSubcommands().get("extra").getCommandSpec().findOption("--config")).isNotNull();
        Cli.Result bad = Cli.run(DecantCli.commandLine(List.of(new Extra())), "extra", "--colour");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("decant: Unknown option: '--colour'");
        Cli.Result failed = Cli.run(DecantCli.commandLine(List.of(new Extra())), "extra", "--fail");
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(4);
        assertThat(failed.err()).startsWith("decant: the extra command failed");
    }

    @Command(name = "extra", mixinStandardHelpOptions = true, header = "A command added from outside.")
    static final class Extra implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Option(names = "--fail")
        boolean fail;

        @Override
        public Integer call() {
            if (fail) {
                throw io.decant.DecantException.failure("the extra command failed", null);
            }
            return 0;
        }
    }

    @Test
    void noCommandIsBadUsageAndShowsTheUsageOnStandardError() {
        Cli.Result r = Cli.run();

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("decant: name a command", "Usage: decant");
    }

    @Test
    void advanceHelpDocumentsItsOptionsAndExitCodes() {
        Cli.Result r = Cli.run("advance", "--help");

        assertThat(r.out()).contains("MIGRATION", "--to=PHASE", "--wait=DURATION", "default: 30s", "--force", "--reason=TEXT",
                "3 a guard refused", "5 the barrier timed out");
    }

    @Test
    void configIsAcceptedBeforeAndAfterTheCommandName() {
        for (List<String> args : List.of(List.of("--config", "nowhere/decant.yaml", "status"),
                List.of("status", "--config", "nowhere/decant.yaml"))) {
            Cli.Result r = Cli.run(args.toArray(String[]::new));

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).contains("nowhere/decant.yaml does not exist");
        }
    }

    @Test
    void eachCommandIsKnownByItsOwnName() {
        RootCommand.COMMANDS.forEach((name, type) -> assertThat(type.getAnnotation(Command.class).name()).isEqualTo(name));
        assertThat(commands().toList()).containsExactlyElementsOf(RootCommand.COMMANDS.keySet());
    }

    @Test
    void aRunBuildsOnlyTheCommandItNamesAndTheSameUsage() {
        CommandLine full = DecantCli.commandLine();
        for (String name : RootCommand.COMMANDS.keySet()) {
            CommandLine one = DecantCli.commandLine(List.of(new Extra()), new String[] {"--config", "x.yaml", name, "orders"});

            assertThat(one.getSubcommands().keySet()).containsExactly(name);
            assertThat(one.getSubcommands().get(name).getUsageMessage())
                    .isEqualTo(full.getSubcommands().get(name).getUsageMessage());
        }
    }

    @Test
    void aRunThatNamesNoBuiltInCommandBuildsThemAll() {
        for (String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"extra"},
                new String[] {"--config", "status", "stauts"}, new String[] {"stauts", "status"})) {
            CommandLine cli = DecantCli.commandLine(List.of(new Extra()), args);

            assertThat(cli.getSubcommands().keySet()).as(String.join(" ", args)).contains("extra", "init", "status", "uninstall");
        }
    }

    @Test
    void anUnknownCommandIsStillBadUsage() {
        Cli.Result r = Cli.run("stauts");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("stauts", "status");
    }

    @Test
    void everyCommandClassIsACallableWithStandardHelpOptions() {
        DecantCli.commandLine().getSubcommands().values().stream().map(CommandLine::getCommandSpec).forEach(spec -> {
            assertThat(spec.mixinStandardHelpOptions()).as(spec.name()).isTrue();
            assertThat(spec.findOption("--config")).as(spec.name() + " inherits --config").isNotNull();
        });
    }
}
