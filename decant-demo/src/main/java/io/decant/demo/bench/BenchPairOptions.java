package io.decant.demo.bench;

import io.decant.DecantException;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** The options every table benchmark shares: how much data, which engine pair, which servers, how many runs, which target paths. */
public final class BenchPairOptions {
    @Option(names = "--rows", paramLabel = "N", defaultValue = "1000000", description = "Rows in the table (default ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--pair", paramLabel = "PAIR", defaultValue = "pg-pg", description = "pg-pg or mariadb-pg (default ${DEFAULT-VALUE}).")
    String pair;

    @Option(names = "--postgres-url", paramLabel = "URL", description = "PostgreSQL server (a JDBC URL with credentials).")
    String postgresUrl;

    @Option(names = "--mariadb-url", paramLabel = "URL", description = "MariaDB server (a JDBC URL with credentials).")
    String mariadbUrl;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "2", description = "Runs of each timing (default ${DEFAULT-VALUE}); the best counts.")
    int runs;

    @Option(names = "--target", paramLabel = "PATH", defaultValue = "jdbc", description = "How Decant reaches the target"
            + " database: jdbc (directly), or http (directly too, and through decant-service's endpoint in this process over"
            + " the same database, timed in the same run, with the ratio HTTP path / JDBC path; default ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--schema", paramLabel = "SCHEMA", defaultValue = "realistic", description = "The service's table:"
            + " realistic (columns renamed, note dropped, integer -> bigint, numeric(12,2) -> numeric(14,2), text -> varchar(20),"
            + " timestamp -> timestamptz) or identical (a copy of the legacy table; default ${DEFAULT-VALUE}).")
    String schema;

    @Option(names = "--cold-run", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also time the command as a user runs it: one decant process in a fresh JVM (same class path and"
                    + " JVM options), reported apart from the warm runs (default: on; --no-cold-run skips it).")
    boolean coldRun;

    @Option(names = "--db-prefix", paramLabel = "NAME", defaultValue = "decant_bench", description = "Prefix of the"
            + " benchmark's database names, recreated and dropped at the end (default ${DEFAULT-VALUE}).")
    String dbPrefix;

    /** The source and target servers of a run: the target is always PostgreSQL. */
    record Servers(String source, String target) {
    }

    /** Refuses an unknown pair or too few rows or runs (exit 2). */
    void check(long minRows) {
        if (!pair.equals("pg-pg") && !pair.equals("mariadb-pg")) {
            throw DecantException.badConfig("--pair: '" + pair + "' is not a benchmark pair; use pg-pg or mariadb-pg");
        }
        if (!target.equals("jdbc") && !target.equals("http")) {
            throw DecantException.badConfig("--target: '" + target + "' is not a target path; use jdbc or http");
        }
        BenchSchema.parse(schema);
        checkPrefix(dbPrefix);
        if (rows < minRows || runs < 1) {
            throw DecantException.badConfig("--rows must be at least " + minRows + " and --runs at least 1");
        }
    }

    /** A database name prefix: lower-case letters, digits and underscores (it is written into SQL unquoted). */
    static void checkPrefix(String prefix) {
        if (!prefix.matches("[a-z][a-z0-9_]{0,40}")) {
            throw DecantException.badConfig("--db-prefix: '" + prefix + "' is not a plain database name; use lower-case"
                    + " letters, digits and underscores (at most 41)");
        }
    }

    BenchSchema benchSchema() {
        return BenchSchema.parse(schema);
    }

    /** Whether the HTTP path is timed too ({@code --target http}). */
    boolean overHttp() {
        return target.equals("http");
    }

    boolean fromMariaDb() {
        return pair.equals("mariadb-pg");
    }

    /** Reaches the servers of the pair (starting an embedded PostgreSQL if none answers). */
    Servers servers(BenchServers servers, PrintWriter out) throws Exception {
        String pg = servers.postgres(postgresUrl, out);
        return new Servers(fromMariaDb() ? servers.mariadb(mariadbUrl) : pg, pg);
    }
}
