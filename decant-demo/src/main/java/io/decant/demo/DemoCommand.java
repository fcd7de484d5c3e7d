package io.decant.demo;

import io.decant.cli.Actor;
import io.decant.cli.DecantVersion;
import io.decant.cli.DurationConverter;
import io.decant.cli.progress.ProgressBar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code decant demo}: the whole journey on embedded (or given) databases with a simulated
 * monolith under load, ending with an independent proof. The journey itself lives in
 * {@link io.decant.demo}; this class only reads the options.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = DecantVersion.class,
        header = "Run the whole journey on embedded databases under write load.",
        description = {"Runs the whole migration journey on embedded PostgreSQL with a simulated monolith under"
                + " write load: init, dual writes, backfill, verify, shadow reads, read switch, new-only writes,"
                + " backup and retire, with a service outage and a crash injected on the way. Ends with a proof made"
                + " with plain SQL, independently of Decant's engines.",
            "", "With --service-api the orders service runs as a separate process serving its own API and Decant's store"
                + " protocol over its database; the monolith and every engine reach it only through HTTP.",
            "", "Exit codes: 0 when the final proof holds, 4 otherwise, 2 for bad options."})
public final class DemoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--rows", paramLabel = "N", description = "Legacy orders created before the migration (default: ${DEFAULT-VALUE}).")
    private long rows = DemoSettings.DEFAULT_ROWS;

    @Option(names = "--instances", paramLabel = "N", description = "Monolith instances, each a library instance (default: ${DEFAULT-VALUE}).")
    private int instances = DemoSettings.DEFAULT_INSTANCES;

    @Option(names = "--writers", paramLabel = "N", description = "Writer threads per instance (default: ${DEFAULT-VALUE}).")
    private int writers = DemoSettings.DEFAULT_WRITERS;

    @Option(names = "--readers", paramLabel = "N", description = "Reader threads per instance (default: ${DEFAULT-VALUE}).")
    private int readers = DemoSettings.DEFAULT_READERS;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Time the monolith runs under load across the phases it is watched in (default: 20s).")
    private Duration duration = DemoSettings.DEFAULT_DURATION;

    @Option(names = "--shadow-samples", paramLabel = "N",
            description = "Shadow comparisons the READ_NEW guard asks for (default: ${DEFAULT-VALUE}).")
    private long shadowSamples = DemoSettings.DEFAULT_SHADOW_SAMPLES;

    @Option(names = "--postgres-url", paramLabel = "URL",
            description = "Use this PostgreSQL server instead of an embedded one, e.g. jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres")
    private String postgresUrl;

    @Option(names = "--mariadb-url", paramLabel = "URL",
            description = "MariaDB server for --legacy mariadb, e.g. jdbc:mariadb://127.0.0.1:3306/?user=root")
    private String mariadbUrl;

    @Option(names = "--legacy", paramLabel = "ENGINE", description = "The monolith's database: postgres (default) or mariadb.")
    private String legacy = "postgres";

    @Option(names = "--no-faults", description = "Do not inject the service outage and the crash.")
    private boolean noFaults;

    @Option(names = "--service-api", description = "Run the orders service as a separate process that owns its database:"
            + " the monolith calls its orders API, and Decant reaches its table only through Decant's store protocol"
            + " (an http: store with a bearer token).")
    private boolean serviceApi;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the data and of the writers' choices (default: ${DEFAULT-VALUE}).")
    private long seed = 42;

    @Override
    public Integer call() throws Exception {
        boolean mariadb = switch (legacy.toLowerCase(java.util.Locale.ROOT)) {
            case "postgres", "postgresql" -> false;
            case "mariadb", "mysql" -> true;
            default -> throw new ParameterException(spec.commandLine(), "--legacy: '" + legacy + "' must be postgres or mariadb");
        };
        if (mariadb && mariadbUrl == null) {
            throw new ParameterException(spec.commandLine(), "--legacy mariadb needs --mariadb-url jdbc:mariadb://HOST:3306/?user=NAME");
        }
        if (rows < 1 || instances < 1 || writers < 1 || readers < 0 || shadowSamples < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--rows, --instances and --writers must be at least 1; --readers and --shadow-samples at least 0");
        }
        if (readers == 0 && shadowSamples > 0) {
            throw new ParameterException(spec.commandLine(), "--readers 0 gives no shadow evidence; pass --shadow-samples 0 too");
        }
        Path work = Files.createTempDirectory("decant-demo-");
        DemoSettings settings = new DemoSettings(rows, instances, writers, readers, duration, mariadb,
                Optional.ofNullable(postgresUrl), Optional.ofNullable(mariadbUrl), !noFaults, seed, shadowSamples, work, serviceApi);
        try {
            return new DemoJourney(settings, spec.commandLine().getOut(), ProgressBar::on, Actor.current()).run();
        } finally {
            deleteTree(work);
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
