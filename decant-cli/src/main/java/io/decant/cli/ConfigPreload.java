package io.decant.cli;

import io.decant.config.DecantConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The configuration file read on a thread of its own while picocli builds the command line: on a
 * cold start each takes tens of milliseconds of one core (picocli reflecting over the command's
 * options; Jackson and SnakeYAML loading and reading the file). {@link ConfigOption#load()} takes the
 * result when it reads the same file; a file that could not be read or is not valid is left to that
 * load, which reports the problem as always. Only a regular file is read ahead (never a pipe such as
 * {@code /dev/stdin}, whose text the command's own load would then miss).
 */
final class ConfigPreload {
    private record Preload(Path file, CompletableFuture<DecantConfig> config) {
    }

    private static volatile Preload current;

    private ConfigPreload() {
    }

    /** Starts reading the configuration {@code args} name, when they run a command and the file is a regular file. */
    static void start(String[] args) {
        List<String> list = List.of(args);
        if (RootCommand.commandIn(args).isEmpty() || list.contains("--help") || list.contains("-h")
                || list.contains("--version") || list.contains("-V")) {
            return;
        }
        Path file = ConfigOption.pathIn(args);
        if (!Files.isRegularFile(file)) {
            return;
        }
        CompletableFuture<DecantConfig> config = new CompletableFuture<>();
        current = new Preload(file, config);
        Thread reader = new Thread(() -> {
            try {
                config.complete(DecantConfig.load(file));
            } catch (RuntimeException | Error e) {
                config.completeExceptionally(e);
            }
        }, "decant-config-preload");
        reader.setDaemon(true);
        reader.start();
    }

    /** The configuration read ahead from {@code file}, once; empty when none was, or reading it failed. */
    static Optional<DecantConfig> take(Path file) {
        Preload p = current;
        if (p == null || !p.file().equals(file)) {
            return Optional.empty();
        }
        current = null;
        try {
            return Optional.of(p.config().join());
        } catch (CompletionException e) {
            return Optional.empty();
        }
    }
}
