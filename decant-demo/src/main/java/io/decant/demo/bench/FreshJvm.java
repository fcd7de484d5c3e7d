package io.decant.demo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.cli.DecantCli;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code decant} command run as a user runs it: decant-cli's own executable ({@link DecantCli},
 * what {@code bin/decant} runs) in a fresh JVM, started with this process's class path and JVM
 * options (those of the launcher, class-data sharing included, less profiling, debugging, archive
 * dumps and logs to a file) and, as the launchers do, C1 only for the commands that wait on the
 * databases and backfill ({@link #JIT_OPTIONS}), timed from the start of the process to its exit.
 * {@code DECANT_BENCH_CHILD_JAVA_OPTS} adds JVM options to the child only (e.g. a flight recording of
 * the cold run).
 */
final class FreshJvm {
    /** JVM options of this process that the child must not repeat: profilers, debuggers, archive dumps. */
    private static final List<String> NOT_INHERITED = List.of("-XX:StartFlightRecording", "-XX:FlightRecorderOptions",
            "-agentlib", "-agentpath", "-javaagent", "-Xrunjdwp", "-XX:ArchiveClassesAtExit", "-Xshare:dump",
            "-XX:DumpLoadedClassList");
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The JIT options the launchers ({@code ./decant}, {@code bin/decant}) start a command with: C1 only
     * for the commands that wait on the databases and for backfill, whose C1 compiles also wait for
     * five times the usual invocation counts. Kept in step with the launchers' lists (FreshJvmTest).
     */
    static final Map<String, List<String>> JIT_OPTIONS = jitOptions();
    static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    private static Map<String, List<String>> jitOptions() {
        Map<String, List<String>> options = new HashMap<>();
        for (String command : List.of("init", "status", "advance", "rollback", "verify", "repair", "retire", "uninstall")) {
            options.put(command, List.of(C1_ONLY));
        }
        options.put("backfill", List.of(C1_ONLY, "-XX:CompileThresholdScaling=5"));
        return Map.copyOf(options);
    }

    private FreshJvm() {
    }

    /** A finished run: exit code, seconds from start to exit, standard output and error. */
    record Run(int exitCode, double seconds, String out, String err) {
        /** The JSON document the command printed with {@code --json}. */
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new DecantException(ErrorCode.FAILURE, "the fresh JVM's decant printed no JSON: " + e.getMessage()
                        + "; its output: " + out + err, e);
            }
        }

        /** The command's own elapsed time ({@code elapsed} of its JSON report), in seconds. */
        double engineSeconds() {
            return Duration.parse(json().path("elapsed").asText("PT0S")).toNanos() / 1e9;
        }
    }

    /** Runs {@code decant args…} (decant-cli's commands) in a fresh JVM and waits for it (at most an hour). */
    static Run decant(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // first, as in the launchers: this process's options and the extra ones can override them
        command.addAll(JIT_OPTIONS.getOrDefault(args.get(0), List.of()));
        String extra = System.getenv().getOrDefault("DECANT_BENCH_CHILD_JAVA_OPTS", "").trim();
        // as the launchers do: no class-data archive under a recording or an agent (JDK 17 can crash there)
        boolean hooked = NOT_INHERITED.subList(0, 5).stream().anyMatch(extra::contains);
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            boolean logToFile = option.startsWith("-Xlog") && option.contains("file=");
            boolean archive = hooked && option.startsWith("-XX:SharedArchiveFile");
            if (!logToFile && !archive && NOT_INHERITED.stream().noneMatch(option::startsWith)) {
                command.add(option);
            }
        }
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(DecantCli.class.getName());
        command.addAll(args);
        Path out = Files.createTempFile("decant-bench-child", ".out");
        Path err = Files.createTempFile("decant-bench-child", ".err");
        try {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(1, TimeUnit.HOURS)) {
                p.destroyForcibly().waitFor();
                throw new DecantException(ErrorCode.FAILURE, "decant " + String.join(" ", args) + " in a fresh JVM did not end within an hour");
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Run(p.exitValue(), seconds, Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
