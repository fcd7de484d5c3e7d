package io.decant.cli;

import picocli.CommandLine.Option;

/** {@code --json}: print the result as JSON on standard output, for scripts. */
public final class JsonOption {
    @Option(names = "--json", description = "Print the result as JSON (for scripts).")
    private boolean json;

    public boolean enabled() {
        return json;
    }
}
