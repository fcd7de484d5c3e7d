package io.decant.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code decant} command line in this JVM and captures what it printed. */
final class Cli {
    record Result(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Cli() {
    }

    /** Runs {@code args} on the command line {@code main} builds for them (only the named command's model). */
    static Result run(String... args) {
        return run(DecantCli.commandLine(java.util.List.of(), args), args);
    }

    static Result run(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
