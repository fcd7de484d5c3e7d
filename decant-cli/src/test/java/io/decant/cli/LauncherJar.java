package io.decant.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged {@code decant-cli.jar} (what {@code ./decant} executes) as a child process, as
 * a user would: its own JVM, its own environment, {@code System.exit} with the real exit code.
 */
final class LauncherJar {
    static final Path JAR = Path.of("target", "decant-cli.jar").toAbsolutePath();

    private LauncherJar() {
    }

    /** A decant process still running, its output going to files. */
    record Running(Process process, Path out, Path err) {
        String errSoFar() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        /** Asks the process to stop (SIGTERM, as on Ctrl-C) and waits for it; its output files are deleted. */
        Cli.Result stop() throws IOException, InterruptedException {
            try {
                process.destroy();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("decant did not stop within 120 s of SIGTERM");
                }
                return new Cli.Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), errSoFar());
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }
    }

    static Running start(Path workingDirectory, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("decant-out", ".txt");
        Path err = Files.createTempFile("decant-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("DECANT_CONFIG");
        return new Running(pb.start(), out, err);
    }

    static Cli.Result run(Path workingDirectory, Map<String, String> env, String... args) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing; integration tests run after 'package'");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("decant-out", ".txt");
            Path err = Files.createTempFile("decant-err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command).directory(workingDirectory.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove("DECANT_CONFIG");
            pb.environment().remove("DECANT_DEBUG");
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("decant " + String.join(" ", args) + " did not finish in 120 s");
            }
            Cli.Result r = new Cli.Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
