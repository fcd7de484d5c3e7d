package io.decant.demo;

import io.decant.cli.DecantCli;
import io.decant.demo.bench.BenchCommand;
import java.util.List;
import picocli.CommandLine;

/**
 * The {@code decant} executable that the repository's {@code ./decant} script runs: the command
 * line of decant-cli with {@code demo} and {@code bench} added. Those two need embedded database
 * servers and generated data, so they live in this module and stay off a user's class path.
 */
public final class DemoCli {
    private DemoCli() {
    }

    public static void main(String[] args) {
        DecantCli.main(demoCommands(), args);
    }

    /** decant-cli's command line plus {@code bench} and {@code demo}; tests redirect its output. */
    public static CommandLine commandLine() {
        return DecantCli.commandLine(demoCommands());
    }

    private static List<Object> demoCommands() {
        return List.of(new BenchCommand(), new DemoCommand());
    }
}
