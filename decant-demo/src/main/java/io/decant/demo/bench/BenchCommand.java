package io.decant.demo.bench;

import io.decant.cli.DecantVersion;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code decant bench}: lists the benchmarks. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = DecantVersion.class,
        header = "Run a benchmark: baseline and Decant in one run, with the ratio.",
        description = {"Benchmarks create their own databases and data on the servers given (or local ones),"
                + " time a baseline and Decant in the same run and print both times and the ratio.",
            "", "Exit codes: 0 ok, 2 bad usage, 4 failure."},
        subcommands = {BackfillBench.class, VerifyBench.class, DualWriteBench.class})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("decant bench: name a benchmark");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
