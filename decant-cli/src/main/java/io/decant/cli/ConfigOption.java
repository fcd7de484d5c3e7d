package io.decant.cli;

import io.decant.config.DecantConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code --config FILE}, mixed into the root command and inherited by every command, so it is
 * accepted before or after the command name. Without it, {@code DECANT_CONFIG} or else
 * {@code decant.yaml} in the current directory.
 */
public final class ConfigOption {
    static final String ENV = "DECANT_CONFIG";
    static final String DEFAULT_FILE = "decant.yaml";

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = {"Configuration file (default: decant.yaml in the", "current directory, or $DECANT_CONFIG)."})
    private Path file;

    /** The file the configuration is read from. */
    public Path path() {
        return file != null ? file : byDefault();
    }

    /**
     * The file {@code args} (a command line not parsed yet) read the configuration from: the value of
     * their last {@code --config}, else as {@link #path()} without it.
     */
    static Path pathIn(String[] args) {
        Path named = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                named = Path.of(args[++i]);
            } else if (args[i].startsWith("--config=")) {
                named = Path.of(args[i].substring("--config=".length()));
            }
        }
        return named != null ? named : byDefault();
    }

    private static Path byDefault() {
        String env = System.getenv(ENV);
        return env == null || env.isBlank() ? Path.of(DEFAULT_FILE) : Path.of(env);
    }

    /**
     * Reads and validates the configuration (or takes it from {@link ConfigPreload}, which read the same
     * file ahead); a problem is a {@code BAD_CONFIG} error (exit 2).
     */
    public DecantConfig load() {
        Path p = path();
        return ConfigPreload.take(p).orElseGet(() -> DecantConfig.load(p));
    }
}
