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
