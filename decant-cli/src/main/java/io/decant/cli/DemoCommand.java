package io.decant.cli;

import io.decant.DecantException;
import io.decant.ErrorCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code decant demo}: the whole journey on embedded databases. Not built yet. */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = DecantVersion.class,
        header = "Run the whole journey on embedded databases under write load.",
        description = {"Runs the whole migration journey on embedded PostgreSQL with a simulated monolith under"
                + " write load, and ends with an independent proof.",
            "", "Exit codes: 0 when the final proof holds, 4 otherwise."})
public final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new DecantException(ErrorCode.FAILURE, "decant demo is not built yet");
    }
}
