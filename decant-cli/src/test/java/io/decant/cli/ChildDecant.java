package io.decant.cli;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code decant} run as a child JVM (so a test can kill it with SIGKILL), and waiting on what it writes. */
final class ChildDecant {
    private ChildDecant() {
    }

    /**
     * Starts {@code decant --config CONFIG ARGS…} with this test's classpath and a 256 MB heap; its
     * output goes to {@code dir/NAME.out} and {@code dir/NAME.err}.
     */
    static Process start(Path dir, String name, Path config, String... args) throws Exception {
        return start(dir, name, List.of(), config, args);
    }

    /** Like {@link #start(Path, String, Path, String...)}, with more options for the JVM (e.g. {@code -Djava.io.tmpdir=…}). */
    static Process start(Path dir, String name, List<String> jvmOptions, Path config, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), DecantCli.class.getName(), "--config",
                config.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile()).start();
    }

    /** A condition on the databases; an SQLException (a table the child has not created yet) counts as not yet. */
    interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls {@code condition} every {@code pollMillis} until it holds; fails after {@code seconds}. */
    static void waitFor(Condition condition, int seconds, long pollMillis) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!holdsYet(condition)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not reached in " + seconds + " s");
            }
            Thread.sleep(pollMillis);
        }
    }

    private static boolean holdsYet(Condition condition) throws Exception {
        try {
            return condition.holds();
        } catch (SQLException notYet) {
            return false;
        }
    }
}
