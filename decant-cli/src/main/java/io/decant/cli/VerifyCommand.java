package io.decant.cli;

import io.decant.Decant;
import io.decant.DecantException;
import io.decant.VerifyOptions;
import io.decant.VerifyReport;
import io.decant.cli.progress.ProgressBar;
import io.decant.config.DecantConfig;
import io.decant.config.MigrationConfig;
import io.decant.spi.Key;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code decant verify}: compares both stores and lists persistent differences; {@code --repair} fixes them. */
@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = DecantVersion.class,
        header = "Compare both stores and list persistent differences.",
        description = {"Compares every source row with the target under the column mapping. Each key span is hashed"
                + " inside both databases; only spans whose hashes differ are compared row by row. Every difference"
                + " is compared again after verify.recheck-delay, and only persistent ones are reported, by kind:"
                + " missing in target, extra in target, differing columns (named). The result is stored in the"
                + " control store, where the phase guards read it; a key range or key list is not full-table"
                + " evidence.",
            "", "A full-table verify is a run kept in the control store: each span's result is stored as it is done,"
                + " so a verify started again after a kill resumes the unfinished run, and several verify processes"
                + " (on one machine or many) share its spans. A run is resumed or joined while it is unfinished, under"
                + " the current phase version, younger than verify.max-age and with the same columns, span size and"
                + " --repair; otherwise, or with --restart, a new run starts over. --from/--to and --keys run in"
                + " this process only.",
            "", "Keys are written as a plain value (42, abc) or, for composite keys, as a JSON array ([\"eu\",7]).",
            "", "Exit codes: 0 clean, 1 differences remain, 2 bad usage, 4 failure."})
public final class VerifyCommand implements Callable<Integer> {
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d+");

    @Spec
    private CommandSpec spec;

    @Mixin
    private JsonOption json;

    @Mixin
    private MigrationArgument migration;

    @Option(names = "--repair", description = "Copy each persistent difference from the authoritative store"
            + " (legacy up to SHADOW_READ, new from READ_NEW), then compare it again.")
    private boolean repair;

    @Option(names = "--from", paramLabel = "KEY", description = "First key to compare (included).")
    private String from;

    @Option(names = "--to", paramLabel = "KEY", description = "Last key to compare (included).")
    private String to;

    @Option(names = "--keys", paramLabel = "FILE", description = "Compare only the keys in FILE, one per line.")
    private Path keysFile;

    @Option(names = "--restart", description = "Start a new run of the whole table instead of resuming or joining the"
            + " unfinished one.")
    private boolean restart;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "4", description = "Threads comparing spans (default ${DEFAULT-VALUE}).")
    private int workers;

    @Option(names = "--show", paramLabel = "N", defaultValue = "20", description = "Differences to list (default ${DEFAULT-VALUE}).")
    private int show;

    @Override
    public Integer call() {
        DecantConfig config = migration.config();
        MigrationConfig m = config.migration(migration.name());
        int keySize = m.source().key().size();
        VerifyOptions options = VerifyOptions.defaults().withRepair(repair).withWorkers(workers).withSampleLimit(show)
                .withRestart(restart);
        if (keysFile != null) {
            if (from != null || to != null) {
                throw DecantException.badConfig("give either --keys or --from/--to, not both");
            }
            options = options.withKeys(readKeys(keysFile, keySize));
        } else if (from != null || to != null) {
            options = options.withRange(from == null ? null : parseKey(from, keySize, "--from"),
                    to == null ? null : parseKey(to, keySize, "--to"));
        }
        VerifyReport report;
        try (Decant decant = migration.open(config); ProgressBar progress = ProgressBar.on(spec.commandLine().getErr())) {
            report = decant.verify(migration.name(), options, progress);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            Json.print(out, JsonReport.of(report));
        } else {
            print(out, report);
        }
        return report.clean() ? ExitCodes.OK : ExitCodes.DIFFERENCES;
    }

    private static void print(PrintWriter out, VerifyReport r) {
        out.printf(Locale.ROOT, "%s: compared %,d rows in %.1f s (%,.0f rows/s); %d spans, %d compared row by row;"
                        + " %s%s%n", r.migration(), r.rowsCompared(), r.elapsed().toNanos() / 1e9, r.rowsPerSecond(),
                r.spans(), r.spansDescended(), r.inDatabase() ? "hashed in the databases" : "rows compared in Java",
                r.fullTable() ? "" : "; a key range or key list (not full-table evidence)");
        out.printf(Locale.ROOT, "  missing in target  %d%n  extra in target    %d%n  differing columns  %d%n",
                r.missingInTarget(), r.extraInTarget(), r.differing());
        if (r.inFlight() > 0) {
            out.printf(Locale.ROOT, "  (%d more were gone at the recheck: writes in flight)%n", r.inFlight());
        }
        if (r.writtenSinceFlip() > 0) {
            out.printf(Locale.ROOT, "  written in NEW_ONLY %d  (keys written since the authority flip: the legacy store is no"
                    + " longer written, so they are expected to differ; they stay journaled for a rollback)%n", r.writtenSinceFlip());
        }
        if (!r.samples().isEmpty()) {
            out.println(r.differences() > r.samples().size() ? "first " + r.samples().size() + " differences:" : "differences:");
            for (VerifyReport.Difference d : r.samples()) {
                out.printf(Locale.ROOT, "  %-18s %s%s%s%n", label(d.kind()), d.key().encode(),
                        d.columns().isEmpty() ? "" : "  " + String.join(", ", d.columns()), d.repaired() ? "  (repaired)" : "");
            }
        }
        if (r.repaired() > 0) {
            out.printf(Locale.ROOT, "repaired %d of %d%n", r.repaired(), r.differences());
        }
        out.println(r.clean() ? "result: clean" + (r.differences() > 0 ? " after repair" : "")
                + (r.writtenSinceFlip() > 0 ? " (every key not written since the flip is identical)" : "")
                : "result: " + r.remaining() + " persistent difference" + (r.remaining() == 1 ? "" : "s") + " remain"
                + (r.repaired() == 0 ? "; decant verify " + r.migration() + " --repair copies them from the authoritative store"
                : "; the rest kept changing or could not be copied: run decant verify " + r.migration() + " --repair again"));
        out.flush();
    }

    private static String label(VerifyReport.Kind kind) {
        return switch (kind) {
            case MISSING_IN_TARGET -> "missing in target";
            case EXTRA_IN_TARGET -> "extra in target";
            case DIFFERING_COLUMNS -> "differing";
        };
    }

    private static List<Key> readKeys(Path file, int keySize) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw DecantException.badConfig("--keys: cannot read " + file + ": " + e.getMessage());
        }
        List<Key> keys = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                keys.add(parseKey(line, keySize, "--keys " + file + " line " + (n + 1)));
            }
        }
        if (keys.isEmpty()) {
            throw DecantException.badConfig("--keys: " + file + " lists no keys; write one key per line");
        }
        return keys;
    }

    /** A key as written: a JSON array, or for single-column keys a plain integer, decimal or text. */
    static Key parseKey(String text, int keySize, String where) {
        String t = text.strip();
        Key key;
        if (t.startsWith("[")) {
            try {
                key = Key.decode(t);
            } catch (DecantException e) {
                throw DecantException.badConfig(where + ": " + e.getMessage());
            }
        } else if (INTEGER.matcher(t).matches()) {
            key = Key.of(new BigInteger(t));
        } else if (DECIMAL.matcher(t).matches()) {
            key = Key.of(new BigDecimal(t));
        } else {
            key = Key.of(t.startsWith("\"") && t.endsWith("\"") && t.length() > 1 ? t.substring(1, t.length() - 1) : t);
        }
        if (key.size() != keySize) {
            throw DecantException.badConfig(where + ": '" + text + "' has " + key.size() + " value" + (key.size() == 1 ? "" : "s")
                    + " but the key has " + keySize + " columns; write it as a JSON array like " + example(keySize));
        }
        return key;
    }

    private static String example(int size) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            parts.add(i == 0 ? "\"eu\"" : String.valueOf(i * 7));
        }
        return "[" + String.join(",", parts) + "]";
    }

    /** The report as printed by {@code --json}: keys as arrays of their values. */
    record JsonReport(String migration, boolean clean, long phaseVersion, boolean fullTable, Instant startedAt,
                      Duration elapsed, long rowsCompared, double rowsPerSecond, long missingInTarget, long extraInTarget,
                      long differing, long repaired, long remaining, long inFlight, long writtenSinceFlip, long spans,
                      long spansDescended, boolean inDatabase, List<JsonDifference> differences) {
        static JsonReport of(VerifyReport r) {
            return new JsonReport(r.migration(), r.clean(), r.phaseVersion(), r.fullTable(), r.startedAt(), r.elapsed(),
                    r.rowsCompared(), Math.round(r.rowsPerSecond()), r.missingInTarget(), r.extraInTarget(), r.differing(),
                    r.repaired(), r.remaining(), r.inFlight(), r.writtenSinceFlip(), r.spans(), r.spansDescended(), r.inDatabase(),
                    r.samples().stream().map(d -> new JsonDifference(d.kind().name().toLowerCase(Locale.ROOT),
                            d.key().values(), d.columns(), d.repaired())).toList());
        }
    }

    record JsonDifference(String kind, List<Object> key, List<String> columns, boolean repaired) {
    }
}
